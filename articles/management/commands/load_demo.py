"""Load the demo magazine. Safe to run again: everything is keyed by slug."""
import io
import random
from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from PIL import Image as PILImage
from PIL import ImageDraw

from articles import demo_content, images
from articles.models import Article, Author, Category, Image

PALETTES = [
    ((28, 52, 92), (196, 120, 64)),
    ((92, 24, 38), (230, 190, 120)),
    ((20, 70, 60), (180, 210, 170)),
    ((50, 40, 80), (220, 160, 190)),
    ((30, 30, 34), (120, 150, 200)),
    ((70, 60, 20), (240, 210, 120)),
]


def make_photo(seed, palette, size=(1600, 1000)):
    """A JPEG that looks like a photo placeholder: a gradient sky and shapes."""
    rng = random.Random(seed)
    top, bottom = PALETTES[palette % len(PALETTES)]
    width, height = size
    img = PILImage.new("RGB", size)
    draw = ImageDraw.Draw(img)
    for y in range(height):
        t = y / height
        draw.line([(0, y), (width, y)], fill=tuple(int(a + (b - a) * t) for a, b in zip(top, bottom)))
    for _ in range(14):
        x, y = rng.randrange(width), rng.randrange(height // 3, height)
        r = rng.randrange(60, 260)
        shade = tuple(max(0, c - rng.randrange(20, 60)) for c in bottom)
        draw.ellipse([x - r, y - r, x + r, y + r], fill=shade)
    draw.rectangle([0, int(height * 0.82), width, height], fill=tuple(c // 3 for c in top))
    buffer = io.BytesIO()
    img.save(buffer, "JPEG", quality=82, optimize=True, progressive=True)
    return buffer.getvalue()


def make_avatar(seed, palette):
    return make_photo(seed, palette, size=(400, 400))


class Command(BaseCommand):
    help = "Create the demo sections, authors, photos and articles (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
        sections = {
            slug: Category.objects.get_or_create(slug=slug, defaults={"name": name, "description": description})[0]
            for name, slug, description in demo_content.SECTIONS
        }
        authors = {}
        for index, (name, slug, job_title, bio) in enumerate(demo_content.AUTHORS):
            author, created = Author.objects.get_or_create(
                slug=slug, defaults={"name": name, "job_title": job_title, "bio": bio}
            )
            if created:
                author.avatar = self.photo(f"avatar-{slug}", f"Portrait of {name}", "", "", make_avatar(slug, index))
                author.save(update_fields=["avatar"])
            authors[slug] = author

        now = timezone.now()
        created_count = 0
        for title, slug, section, author, tags, standfirst, body, photo, hours_ago, lead in demo_content.ARTICLES:
            if Article.objects.filter(slug=slug).exists():
                continue
            caption, credit, palette = photo
            article = Article.objects.create(
                title=title,
                slug=slug,
                standfirst=standfirst,
                body=body.strip(),
                category=sections[section],
                author=authors[author],
                status=Article.Status.PUBLISHED,
                published_at=now - timedelta(hours=hours_ago),
                is_featured=lead,
                featured_image=self.photo(slug, caption, caption, credit, make_photo(slug, palette)),
            )
            article.tags.set(tags)
            created_count += 1
        images.backfill_renditions(Image.objects.filter(renditions={}))
        self.stdout.write(self.style.SUCCESS(
            f"Demo content ready: {created_count} new article(s), {Article.objects.count()} in all."
        ))

    def photo(self, key, alt_text, caption, credit, data):
        # Assigning the file (rather than file.save()) lets the ImageField fill in width and height.
        image = Image(alt_text=alt_text, caption=caption, credit=credit, file=ContentFile(data, name=f"demo-{key}.jpg"))
        image.save()
        return image
