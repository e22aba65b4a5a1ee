"""Load the demo magazine: sections, bylines, photos, articles and readers'
comments. Safe to run again: everything is keyed (by slug, or by who said
what where), so a second run adds nothing."""
from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from articles import images
from articles.models import Article, Author, Category, Image
from comments.models import Comment
from demo import content
from demo.photos import make_avatar, make_photo


class Command(BaseCommand):
    help = "Create the demo sections, authors, photos, articles and comments (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
        categories = {
            slug: Category.objects.get_or_create(slug=slug, defaults={"name": name, "description": description})[0]
            for name, slug, description in content.SECTIONS
        }
        authors = {
            slug: self.author(index, name, slug, job_title, bio)
            for index, (name, slug, job_title, bio) in enumerate(content.AUTHORS)
        }
        new_articles = self.articles(categories, authors)
        images.backfill_renditions(Image.objects.filter(renditions={}))
        new_comments = self.comments()
        self.stdout.write(self.style.SUCCESS(
            f"Demo content ready: {new_articles} new article(s), {Article.objects.count()} in all; "
            f"{new_comments} new comment(s)."
        ))

    def author(self, index, name, slug, job_title, bio):
        author, created = Author.objects.get_or_create(slug=slug, defaults={"name": name, "job_title": job_title, "bio": bio})
        if created:
            author.avatar = self.photo(f"avatar-{slug}", f"Portrait of {name}", "", "", make_avatar(slug, index))
            author.save(update_fields=["avatar"])
        return author

    def articles(self, categories, authors):
        now, created = timezone.now(), 0
        for title, slug, category, author, tags, standfirst, body, photo, hours_ago, lead in content.ARTICLES:
            if Article.objects.filter(slug=slug).exists():
                continue
            caption, credit, palette = photo
            article = Article.objects.create(
                title=title,
                slug=slug,
                standfirst=standfirst,
                body=body.strip(),
                category=categories[category],
                author=authors[author],
                status=Article.Status.PUBLISHED,
                published_at=now - timedelta(hours=hours_ago),
                is_featured=lead,
                featured_image=self.photo(slug, caption, caption, credit, make_photo(slug, palette)),
            )
            article.tags.set(tags)
            created += 1
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

    def photo(self, key, alt_text, caption, credit, data):
        # Assigning the file (rather than file.save()) lets the ImageField fill in width and height.
        image = Image(alt_text=alt_text, caption=caption, credit=credit, file=ContentFile(data, name=f"demo-{key}.jpg"))
        image.save()
        return image
