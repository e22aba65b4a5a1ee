from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from taggit.managers import TaggableManager

from .querysets import ArticleQuerySet, CategoryQuerySet
from .sanitize import sanitize_html
from .search import SearchVectorIndex


def unique_slug(instance, value, max_length=200):
    """A slug from `value` that no other row of the model uses yet."""
    base = slugify(value)[: max_length - 8].strip("-") or "item"
    slug, n = base, 2
    others = type(instance)._default_manager.exclude(pk=instance.pk)
    while others.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


class Image(models.Model):
    """A photo in the library. Its credit travels with it wherever it is used."""

    file = models.ImageField(upload_to="images/%Y/%m/", width_field="width", height_field="height")
    width = models.PositiveIntegerField(editable=False, default=0)
    height = models.PositiveIntegerField(editable=False, default=0)
    alt_text = models.CharField(
        max_length=250,
        help_text="Describe what the photo shows for readers who cannot see it "
        "(screen readers, slow connections, search engines). Required.",
    )
    caption = models.CharField(
        max_length=300, blank=True, help_text="Default caption; an article may give its own."
    )
    credit = models.CharField(
        max_length=200, blank=True, help_text='Who took it and for whom, e.g. "Jane Doe/Reuters".'
    )
    source = models.URLField(blank=True, help_text="Where the photo came from (licence or agency page).")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.alt_text or self.file.name


class Author(models.Model):
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=140, unique=True)
    job_title = models.CharField(max_length=120, blank=True)
    bio = models.TextField(blank=True, help_text="A short paragraph shown under every article.")
    avatar = models.ForeignKey(Image, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="author_profile",
        help_text="The staff account this byline belongs to, if any.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:author", kwargs={"slug": self.slug})


class Category(models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)

    objects = CategoryQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = "section"
        verbose_name_plural = "sections"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:category", kwargs={"slug": self.slug})


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True, help_text="The last part of the article's URL.")
    standfirst = models.TextField(
        max_length=500, help_text="The one-paragraph summary shown under the headline and on cards."
    )
    body = models.TextField(help_text="Cleaned of scripts and unsafe markup when saved.")
    featured_image = models.ForeignKey(
        Image, null=True, blank=True, on_delete=models.SET_NULL, related_name="featured_in"
    )
    featured_image_caption = models.CharField(
        max_length=300, blank=True, help_text="Leave blank to use the photo's own caption."
    )
    author = models.ForeignKey(Author, on_delete=models.PROTECT, related_name="articles")
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="articles", verbose_name="section"
    )
    tags = TaggableManager(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When it goes live. A time in the future schedules the article.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    comments_enabled = models.BooleanField(default=True)
    is_featured = models.BooleanField(
        "lead story", default=False, help_text="The newest featured article leads the front page."
    )
    seo_title = models.CharField(
        "search engine title",
        max_length=70,
        blank=True,
        help_text="Shown in search results and link previews instead of the headline. Leave blank to use the headline.",
    )
    seo_description = models.CharField(
        "search engine description",
        max_length=160,
        blank=True,
        help_text="Shown under the title in search results and link previews. Leave blank to use the standfirst.",
    )
    # Kept up to date on commit by articles/signals.py; read by articles/search.py on PostgreSQL.
    search_vector = SearchVectorField(null=True, editable=False)

    # What search reads and how much each part counts (A most); "__" paths are
    # to-many relations whose values are joined.
    SEARCH_WEIGHTS = {"A": ["title"], "B": ["standfirst"], "C": ["tags__name", "body"]}

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="article_published_idx"),
            models.Index(fields=["category", "status", "-published_at"], name="article_section_idx"),
            models.Index(fields=["author", "status", "-published_at"], name="article_author_idx"),
            models.Index(fields=["is_featured", "status", "-published_at"], name="article_lead_idx"),
            SearchVectorIndex(fields=["search_vector"], name="article_search_idx"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.body = sanitize_html(self.body)
        if not self.slug:
            self.slug = unique_slug(self, self.title)
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        when = timezone.localtime(self.published_at or self.created_at or timezone.now())
        return reverse(
            "articles:detail",
            kwargs={"year": when.year, "month": f"{when.month:02d}", "day": f"{when.day:02d}", "slug": self.slug},
        )

    @property
    def is_live(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def caption(self):
        if self.featured_image_caption:
            return self.featured_image_caption
        return self.featured_image.caption if self.featured_image else ""
