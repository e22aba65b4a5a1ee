"""Fill the database with a large, realistic magazine for load tests (bench/).

Bulk inserts in batches: 100k articles take a few minutes. Rows are added to
whatever is there; run it on an empty database for a clean data set.
"""
import random
import time
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag, TaggedItem
from tqdm import tqdm

from articles.models import Article, Author, Byline, Category, Image
from comments.bulk import bulk_create_threads
from comments.models import Comment
from demo.photos import make_photo
from demo.text import TextMaker
from trillmag import pagecache

SECTIONS = ["News", "Politics", "Business", "Culture", "Sport", "Science", "Opinion", "Travel"]
BATCH = 1000
ARCHIVE_YEARS = 6


class Command(BaseCommand):
    help = "Generate N articles (with tags, authors, sections, photos) for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, required=True)
        parser.add_argument("--comments-per-article", type=int, default=0)
        parser.add_argument(
            "--newest-article-comments",
            type=int,
            default=0,
            help="A thread this long on the newest published article (the one bench/ loads).",
        )
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, articles, comments_per_article, newest_article_comments, seed, **options):
        self.rng = random.Random(seed)
        self.text = TextMaker(seed)
        with transaction.atomic():
            sections, authors, images, tags = self.library(tag_count=max(300, articles // 40))
        self.articles(articles, comments_per_article, sections, authors, images, tags)
        newest = Article.objects.published().latest().first()
        if newest and newest_article_comments > newest.comments.count():
            with transaction.atomic():
                bulk_create_threads(self.thread(newest, newest_article_comments - newest.comments.count()))
        self.finish()
        self.stdout.write(self.style.SUCCESS(f"Generated {articles} articles."))

    def finish(self):
        """Search vectors are built (bulk inserts send no signals), then fresh
        planner statistics."""
        Article.objects.all().update_search_vector()
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql" and not connection.in_atomic_block:
                # VACUUM (which lets counts use index-only scans) cannot run in a transaction.
                cursor.execute("VACUUM ANALYZE")
            else:
                # SQLite keeps no planner statistics unless asked: without them it
                # reads every tag link to find an article's tag-mates, and every
                # published article to count a tag's.
                cursor.execute("ANALYZE")
        pagecache.content_changed()  # rows made in bulk sent no signals: everything changed

    def library(self, tag_count):
        sections = [
            Category.objects.get_or_create(slug=slugify(name), defaults={"name": name})[0] for name in SECTIONS
        ]
        # A subsection, so that parent sections' pages list their subsections' articles.
        sections.append(Category.objects.get_or_create(
            slug="news-local", defaults={"name": "Local news", "parent": sections[0]}
        )[0])
        photos = [self.photo(n) for n in range(12)]
        first = Author.objects.count()
        authors = Author.objects.bulk_create(
            Author(
                name=(name := self.text.person()),
                slug=f"{slugify(name)}-{first + n}",
                job_title=self.text.job_title(),
                bio=self.text.paragraph(2),
                avatar=self.rng.choice(photos),
            )
            for n in range(40)
        )
        Tag.objects.bulk_create(
            [Tag(name=name, slug=slugify(name)) for name in self.text.tag_names(tag_count)], ignore_conflicts=True
        )
        return sections, authors, photos, list(Tag.objects.values_list("pk", flat=True))

    def photo(self, n):
        data = make_photo(n, n, size=(960, 600))
        return Image.objects.create(
            file=ContentFile(data, name=f"generated-{n}.jpg"),
            alt_text=self.text.headline(),
            caption=self.text.headline(),
            credit="Staff/Trill! Mag",
        )

    def articles(self, total, comments_per_article, sections, authors, images, tag_ids):
        started = time.monotonic()
        progress = tqdm(total=total, desc="articles", unit="", disable=None)  # a bar on a terminal only
        first = (Article.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
        now = timezone.now()
        step = timedelta(days=365 * ARCHIVE_YEARS) / max(total, 1)
        article_type = ContentType.objects.get_for_model(Article)
        for start in range(0, total, BATCH):
            batch = [
                self.article(first + n, now - step * n, sections, images)
                for n in range(start, min(start + BATCH, total))
            ]
            with transaction.atomic():
                Article.objects.bulk_create(batch)
                Byline.objects.bulk_create(byline for article in batch for byline in self.bylines(article, authors))
                TaggedItem.objects.bulk_create(
                    TaggedItem(content_type=article_type, object_id=article.pk, tag_id=tag_id)
                    for article in batch
                    for tag_id in self.rng.sample(tag_ids, self.rng.randint(2, 5))
                )
                bulk_create_threads(
                    [comment for article in batch for comment in self.thread(article, comments_per_article)]
                )
            progress.update(len(batch))
        progress.close()
        self.stdout.write(f"{total} articles in {time.monotonic() - started:.0f}s")

    def thread(self, article, count):
        """`count` approved comments, a third of them replies (two levels deep at most)."""
        comments, depths = [], {}
        for n in range(count):
            parent = self.rng.choice(comments) if n % 3 == 2 else None
            if parent is not None and depths[id(parent)] >= 2:
                parent = None
            name = self.text.person()
            comment = Comment(
                article_id=article.pk,
                parent=parent,
                name=name,
                email=f"{slugify(name)}.{article.pk}.{n}@example.com",
                body=self.text.comment(),
                status=Comment.Status.APPROVED,
            )
            depths[id(comment)] = depths[id(parent)] + 1 if parent else 0
            comments.append(comment)
        return comments

    def bylines(self, article, authors):
        """One author, or two for one article in ten (shared bylines)."""
        chosen = self.rng.sample(authors, 2 if self.rng.random() < 0.1 else 1)
        return [Byline(article=article, author=author, position=n) for n, author in enumerate(chosen)]

    def article(self, number, published_at, sections, images):
        rng, title = self.rng, self.text.headline()
        return Article(
            title=title,
            slug=f"{slugify(title)[:80]}-{number}",
            standfirst=self.text.standfirst(),
            body=self.text.body_html(),
            featured_image=rng.choice(images),
            category=rng.choice(sections),
            status=Article.Status.DRAFT if rng.random() < 0.02 else Article.Status.PUBLISHED,
            published_at=published_at,
            is_featured=rng.random() < 0.01,
        )
