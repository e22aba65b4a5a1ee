"""Fill the database with a large, realistic magazine for load tests (bench/).

Bulk inserts in batches: 100k articles take a few minutes. Rows are added to
whatever is there; run it on an empty database for a clean data set.
"""
import functools
import random
import sys
import time
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag, TaggedItem

from articles.models import Article, Author, Category, Image
from comments.models import PATH_DIGITS, Comment
from comments.formatting import format_body
from demo.photos import make_photo
from demo.text import TextMaker
from trillmag import cache

SECTIONS = ["News", "Politics", "Business", "Culture", "Sport", "Science", "Opinion", "Travel"]
BATCH = 1000
ARCHIVE_YEARS = 6


class Progress:
    """A one-line progress bar on stderr (or nothing when it is not a terminal)."""

    def __init__(self, label, total, stream=sys.stderr):
        self.label, self.total, self.stream = label, max(total, 1), stream
        self.started = time.monotonic()
        self.live = stream.isatty()

    def update(self, done):
        if not self.live:
            return
        filled = int(30 * done / self.total)
        rate = done / max(time.monotonic() - self.started, 1e-6)
        bar = "#" * filled + "-" * (30 - filled)
        self.stream.write(f"\r{self.label:<9} [{bar}] {done}/{self.total} ({rate:,.0f}/s)")
        self.stream.flush()

    def finish(self):
        self.update(self.total)
        elapsed = time.monotonic() - self.started
        if self.live:
            self.stream.write("\n")
        return elapsed


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
        # Bodies repeat (they are drawn from a pool): render each one once.
        self.format_body = functools.lru_cache(maxsize=None)(format_body)
        self.next_comment_pk = (Comment.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
        with transaction.atomic():
            sections, authors, images, tags = self.library(tag_count=max(300, articles // 40))
        self.articles(articles, comments_per_article, sections, authors, images, tags)
        newest = Article.objects.published().latest().first()
        if newest and newest_article_comments > newest.comments.count():
            Comment.objects.bulk_create(self.thread(newest, newest_article_comments - newest.comments.count()))
        self.finish()
        self.stdout.write(self.style.SUCCESS(f"Generated {articles} articles."))

    def finish(self):
        """Comments were given their ids here (their paths are built from them),
        so the id sequence moves past them; search vectors are built (bulk
        inserts send no signals); then fresh planner statistics."""
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), [Comment]):
                cursor.execute(sql)
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
        cache.content_changed()

    def library(self, tag_count):
        sections = [
            Category.objects.get_or_create(slug=slugify(name), defaults={"name": name})[0] for name in SECTIONS
        ]
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
        progress = Progress("articles", total)
        first = (Article.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
        now = timezone.now()
        step = timedelta(days=365 * ARCHIVE_YEARS) / max(total, 1)
        article_type = ContentType.objects.get_for_model(Article)
        for start in range(0, total, BATCH):
            batch = [
                self.article(first + n, now - step * n, sections, authors, images)
                for n in range(start, min(start + BATCH, total))
            ]
            with transaction.atomic():
                Article.objects.bulk_create(batch)
                TaggedItem.objects.bulk_create(
                    TaggedItem(content_type=article_type, object_id=article.pk, tag_id=tag_id)
                    for article in batch
                    for tag_id in self.rng.sample(tag_ids, self.rng.randint(2, 5))
                )
                Comment.objects.bulk_create(
                    comment for article in batch for comment in self.thread(article, comments_per_article)
                )
            progress.update(start + len(batch))
        elapsed = progress.finish()
        self.stdout.write(f"{total} articles in {elapsed:.0f}s")

    def thread(self, article, count):
        """`count` approved comments, a third of them replies (two levels deep),
        with ids, roots and paths set as Comment.save() would."""
        comments = []
        for n in range(count):
            parent = self.rng.choice(comments) if n % 3 == 2 else None
            if parent and parent.depth >= 2:
                parent = None
            pk, self.next_comment_pk = self.next_comment_pk, self.next_comment_pk + 1
            name, body = self.text.person(), self.text.comment()
            comment = Comment(
                pk=pk,
                article_id=article.pk,
                parent=parent,
                root_id=parent.root_id if parent else pk,
                path=(f"{parent.path}/" if parent else "") + str(pk).zfill(PATH_DIGITS),
                depth=parent.depth + 1 if parent else 0,
                name=name,
                email=f"{name.replace(' ', '.').lower()}.{pk}@example.com",
                body=body,
                body_html=self.format_body(body),
                status=Comment.Status.APPROVED,
            )
            comments.append(comment)
        return comments

    def article(self, number, published_at, sections, authors, images):
        rng, title = self.rng, self.text.headline()
        return Article(
            title=title,
            slug=f"{slugify(title)[:80]}-{number}",
            standfirst=self.text.standfirst(),
            body=self.text.body_html(),
            featured_image=rng.choice(images),
            author=rng.choice(authors),
            category=rng.choice(sections),
            status=Article.Status.DRAFT if rng.random() < 0.02 else Article.Status.PUBLISHED,
            published_at=published_at,
            is_featured=rng.random() < 0.01,
        )
