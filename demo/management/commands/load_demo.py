"""Load the demo magazine: sections and a subsection, bylines, photos,
articles (one co-authored, one with an embedded video), the About and privacy
pages of the footer, and readers' comments. Safe to run again: everything is
keyed (by slug, or by who said what where), so a second run adds nothing."""
from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from articles import images
from articles.models import Article, Author, Byline, Category, Image
from comments.models import Comment
from demo import content
from demo.photos import make_avatar, make_photo, make_poster
from pages.models import Page


class Command(BaseCommand):
    help = "Create the demo sections, authors, photos, articles, pages and comments (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
        categories = {}
        for name, slug, description, parent in content.SECTIONS:  # parents come first
            categories[slug] = Category.objects.get_or_create(
                slug=slug, defaults={"name": name, "description": description, "parent": categories.get(parent)}
            )[0]
        authors = {
            slug: self.author(index, name, slug, job_title, bio)
            for index, (name, slug, job_title, bio) in enumerate(content.AUTHORS)
        }
        self.poster()
        new_articles = self.articles(categories, authors)
        new_pages = self.pages()
        images.backfill_renditions(Image.objects.filter(renditions={}))
        new_comments = self.comments()
        self.stdout.write(self.style.SUCCESS(
            f"Demo content ready: {new_articles} new article(s), {Article.objects.count()} in all; "
            f"{new_pages} new page(s); {new_comments} new comment(s)."
        ))

    def author(self, index, name, slug, job_title, bio):
        author, created = Author.objects.get_or_create(slug=slug, defaults={"name": name, "job_title": job_title, "bio": bio})
        if created:
            author.avatar = self.photo(f"avatar-{slug}", f"Portrait of {name}", "", "", make_avatar(slug, index))
            author.save(update_fields=["avatar"])
        return author

    def articles(self, categories, authors):
        now, created = timezone.now(), 0
        for title, slug, category, bylines, tags, standfirst, body, photo, hours_ago, lead in [
            *content.ARTICLES, content.VIDEO_ARTICLE,
        ]:
            if Article.objects.filter(slug=slug).exists():
                continue
            caption, credit, palette = photo
            article = Article.objects.create(
                title=title,
                slug=slug,
                standfirst=standfirst,
                body=body.strip(),
                category=categories[category],
                status=Article.Status.PUBLISHED,
                published_at=now - timedelta(hours=hours_ago),
                is_featured=lead,
                featured_image=self.photo(slug, caption, caption, credit, make_photo(slug, palette)),
            )
            Byline.objects.bulk_create(
                Byline(article=article, author=authors[author], position=position)
                for position, author in enumerate(bylines)
            )
            article.tags.set(tags)
            created += 1
        return created

    def poster(self):
        """The still shown on the demo video before it plays: the library photo
        whose source is the video's address."""
        if not Image.objects.filter(source=content.VIDEO_ADDRESS).exists():
            alt_text, credit = content.VIDEO_POSTER
            self.photo("video-poster", alt_text, "", credit, make_poster("video-poster", 4), source=content.VIDEO_ADDRESS)

    def pages(self):
        created = 0
        for title, slug, position, body in content.PAGES:
            _, new = Page.objects.get_or_create(
                slug=slug,
                defaults={
                    "title": title, "body": body.strip(), "is_published": True,
                    "in_footer": True, "footer_position": position,
                },
            )
            created += new
        return created

    def comments(self):
        """The readers' comments, on the lead story."""
        published = Article.objects.published().latest()
        article = published.filter(is_featured=True).first() or published.first()
        by_key, created = {}, 0
        for key, name, email, website, body, parent_key in content.COMMENTS:
            comment = Comment.objects.filter(article=article, email=email, body=body).first()
            if comment is None:
                comment = Comment.objects.create(
                    article=article, parent=by_key.get(parent_key), name=name, email=email,
                    website=website, body=body, status=Comment.Status.APPROVED,
                    moderation_reasons=["demo content"],
                )
                created += 1
            by_key[key] = comment
        return created

    def photo(self, key, alt_text, caption, credit, data, source=""):
        # Assigning the file (rather than file.save()) lets the ImageField fill in width and height.
        image = Image(
            alt_text=alt_text, caption=caption, credit=credit, source=source,
            file=ContentFile(data, name=f"demo-{key}.jpg"),
        )
        image.save()
        return image
