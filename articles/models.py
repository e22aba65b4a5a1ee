import operator
from functools import reduce

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.contrib.postgres.search import SearchVectorField
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify
from taggit.managers import TaggableManager

from editing.models import Versioned
from trillmag.pagecache import content_changed

from . import embeds, images
from .cache_keys import ARTICLES
from .body import clean_body, embeds_in, photo_ids, render_body
from .querysets import ArticleQuerySet, CategoryQuerySet
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

    # Width and height are read when the photo is stored (store_file), not by
    # ImageField, which would read the file back from the storage to learn them.
    file = models.ImageField(upload_to=images.upload_path)
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
    source = models.URLField(
        blank=True,
        help_text="Where the photo came from (licence or agency page). For a still of a video, post or map "
        "embedded in a body, that video's address: readers see this photo before the player loads.",
    )
    focal_x = models.PositiveSmallIntegerField(
        "focal point across",
        default=50,
        validators=[MaxValueValidator(100)],
        help_text="Where the subject is, in percent from the left edge (0-100). "
        "Cropped versions keep this point in frame.",
    )
    focal_y = models.PositiveSmallIntegerField(
        "focal point down",
        default=50,
        validators=[MaxValueValidator(100)],
        help_text="Where the subject is, in percent from the top edge (0-100).",
    )
    renditions = models.JSONField(default=dict, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.alt_text or self.file.name

    # Files stored for this photo that no saved row refers to yet, and files
    # of the photo it replaces, to remove once the new one is saved.
    _unsaved_files = _replaced_files = ()

    def save(self, *args, **kwargs):
        adding = self._state.adding
        if self.file and not self.file._committed:  # a new upload (Django's FileField asks the same)
            self.store_file()
        try:
            super().save(*args, **kwargs)
        except BaseException:
            images.remove_files(self.file.storage, self._unsaved_files)
            raise
        self._unsaved_files = ()
        self.remove_on_commit(self._replaced_files)
        self._replaced_files = ()
        if self.file and self.renditions.get("source") != self.file.name:
            self.replace_renditions()
        # Bodies showing this photo carry its renditions and credit.
        for body in RichBody.showing(self, adding):
            body.save(update_fields=["body_html", "updated_at"])

    def store_file(self):
        """Store a newly assigned photo and its renditions, all or nothing: when the
        storage fails, nothing of it stays and images.StorageFailed says why.

        save() calls it; the admin form calls it first, so that a failure is shown
        next to the field. A replaced photo's files are removed once the change commits.
        """
        storage = self.file.storage
        content = self.file.file
        photo = images.read_photo(content)
        with images.all_or_nothing(storage) as written:
            field = self.file.field
            name = written.save(field.generate_filename(self, self.file.name), content, max_length=field.max_length)
            renditions = images.make_renditions(storage, name, photo)
        self._replaced_files = images.stored_names(self.renditions)
        self.file = name
        self.width, self.height = photo[1].size
        self.renditions = renditions
        self._unsaved_files = images.stored_names(renditions)

    def replace_renditions(self):
        """Make the renditions of the stored photo afresh and record them, all or
        nothing (images.StorageFailed). The one function that builds renditions
        for a photo already stored: backfills, and jobs."""
        storage = self.file.storage
        old = self.renditions
        self.renditions = images.make_renditions(storage, self.file.name)
        new, old = set(images.stored_names(self.renditions)), set(images.stored_names(old))
        try:
            type(self).objects.filter(pk=self.pk).update(renditions=self.renditions)
        except BaseException:
            images.remove_files(storage, new - old)
            raise
        content_changed(ARTICLES)  # an update() sends no signal, and pages show the renditions
        self.remove_on_commit(old - new)

    def remove_on_commit(self, names):
        # Only once committed: a rolled-back change still refers to them.
        names = list(names)
        if names:
            storage = self.file.storage
            transaction.on_commit(lambda: images.remove_files(storage, names))

    def _rendition_items(self, image_format):
        return [item for item in self.renditions.get("items", []) if item["format"] == image_format]

    # What a picture prints (articles/printing.py), made with the renditions
    # (images.printed); a photo not yet given renditions prints its file alone.
    @property
    def srcset(self):
        """Renditions in the photo's own format, for <img srcset>."""
        return self.renditions.get("printed", {}).get("srcset", "")

    @property
    def webp_srcset(self):
        """WebP renditions for a <source>, unless the photo is WebP already."""
        return self.renditions.get("printed", {}).get("webp_srcset", "")

    def rendition(self, max_width):
        """The widest copy in the photo's own format no wider than `max_width`
        (the original when none fits), as {"url", "width", "height"}."""
        items = self._rendition_items(self.renditions.get("format"))
        fitting = [item for item in items if item["width"] <= max_width]
        if not fitting:
            return {"url": self.file.url, "width": self.width, "height": self.height}
        best = fitting[-1]
        return {"url": self.file.storage.url(best["name"]), "width": best["width"], "height": best["height"]}

    @property
    def src(self):
        """The fallback <img src>: a mid-sized rendition rather than the full upload."""
        printed = self.renditions.get("printed")
        return printed["src"] if printed else self.file.url

    @property
    def thumbnail_url(self):
        items = self._rendition_items("WEBP")
        return self.file.storage.url(items[0]["name"]) if items else self.file.url

    @property
    def focus_classes(self):
        """The focal point as the classes of static/css/focal-point.css, to the
        nearest 5%: a style attribute would need 'unsafe-inline' in the
        Content-Security-Policy (trillmag/security.py)."""
        return f"focus focus-x-{round(self.focal_x / 5) * 5} focus-y-{round(self.focal_y / 5) * 5}"


class RichBody(models.Model):
    """A body written in the admin's editor (articles/forms.py BodyField):
    sanitised and its embeds marked when saved, and rendered once for readers
    (library photos as credited pictures, embeds as facades; body.py)."""

    body = models.TextField(help_text="Cleaned of scripts and unsafe markup when saved.")
    body_html = models.TextField(
        editable=False, default="", help_text="The body as readers get it: library photos as credited pictures."
    )
    # The library photos it shows, embeds' posters included: they are drawn again when a photo changes.
    body_photos = models.ManyToManyField(
        Image, blank=True, editable=False, related_name="in_%(app_label)s_%(class)s_bodies"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        adding = self._state.adding
        self.body = clean_body(self.body)
        photos = Image.objects.in_bulk(photo_ids(self.body))
        posters = self._posters(embeds_in(self.body))
        self.body_html = render_body(self.body, photos, posters)
        super().save(*args, **kwargs)
        shown = {*photos.values(), *posters.values()}
        if shown or not adding:
            self.body_photos.set(shown)

    @staticmethod
    def _posters(found):
        """{provider page: library photo} for the embeds (address, Embed) whose
        page a photo names as its source."""
        if not found:
            return {}
        addresses = {address for address, _ in found} | {embed.url for _, embed in found}
        return {embeds.find(image.source).url: image for image in Image.objects.filter(source__in=addresses)}

    @property
    def has_embeds(self):
        return "data-embed-player" in self.body_html

    @staticmethod
    def showing(image, adding):
        """Every saved body that shows `image`: as a photo or poster it was
        shown in, or, for a new still of an embedded page, as that poster."""
        embed = embeds.find(image.source) if image.source else None
        shown = [] if adding else [Q(body_photos=image)]
        if embed:  # the facade links to the provider's page (articles/body_embed.html)
            shown.append(Q(body_html__contains=f'href="{escape(embed.url)}"'))
        if not shown:
            return
        for relation in Image._meta.related_objects:
            if relation.many_to_many and relation.field.name == "body_photos":
                bodies = relation.related_model._default_manager.filter(reduce(operator.or_, shown))
                yield from bodies.distinct()


class AuthorManager(models.Manager):
    def for_user(self, user):
        """The byline of a staff account, made on first use from its name."""
        byline = self.filter(user=user).first()
        if byline is None:
            byline = self.model(name=user.get_full_name() or user.get_username(), user=user)
            byline.slug = unique_slug(byline, byline.name, max_length=140)
            byline.save()
        return byline


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

    objects = AuthorManager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:author", kwargs={"slug": self.slug})


TRAIL_SEPARATOR = " › "


class Category(models.Model):
    """A section, perhaps inside another ("World › Middle East"), to any depth.

    Each section stores where it sits: `tree_path`, the ids from the top
    section down to itself ("/3/7/"), so a section and everything under it is
    one indexed prefix match; and `trail`, its ancestors' names and slugs, so
    breadcrumbs need no query. Saving a section brings its descendants' copies
    up to date."""

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name="parent section",
        help_text="Leave empty for a top-level section. Its articles are listed on the parent section's page too.",
    )
    tree_path = models.CharField(max_length=255, default="", editable=False, db_index=True)
    trail = models.JSONField(default=list, editable=False)

    objects = CategoryQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = "section"
        verbose_name_plural = "sections"

    def __str__(self):
        return TRAIL_SEPARATOR.join([*(name for name, _slug in self.trail), self.name])

    def get_absolute_url(self):
        return reverse("articles:category", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        if self.parent_id and self.pk and self.is_above(self.parent):
            raise ValidationError(
                {"parent": "A section cannot sit inside itself or one of its own subsections."}, code="cycle"
            )

    def is_above(self, other):
        """Whether `other` is this section or one of its subsections, at any depth."""
        return bool(self.tree_path) and other.tree_path.startswith(self.tree_path)

    @property
    def ancestors(self):
        """(name, url) of the sections above this one, outermost first: no query."""
        return [(name, reverse("articles:category", kwargs={"slug": slug})) for name, slug in self.trail]

    @transaction.atomic  # pages are made stale once, after every copy is right
    def save(self, *args, **kwargs):
        parent = type(self).objects.get(pk=self.parent_id) if self.parent_id else None
        if parent is not None and self.pk and self.is_above(parent):
            raise ValidationError("A section cannot sit inside itself or one of its own subsections.", code="cycle")
        old_path = self.tree_path
        super().save(*args, **kwargs)
        self._place_under(parent)
        type(self).objects.filter(pk=self.pk).update(tree_path=self.tree_path, trail=self.trail)
        if old_path:
            self._replace_descendants(old_path)

    def _place_under(self, parent):
        self.tree_path = f"{parent.tree_path if parent else '/'}{self.pk}/"
        self.trail = [*parent.trail, [parent.name, parent.slug]] if parent else []

    def _replace_descendants(self, old_path):
        """Every section below this one, placed again: outermost first, so each
        is placed under its already-updated parent."""
        placed = {self.pk: self}
        below = type(self).objects.filter(tree_path__startswith=old_path).exclude(pk=self.pk)
        descendants = sorted(below, key=lambda section: section.tree_path.count("/"))
        for section in descendants:
            section._place_under(placed[section.parent_id])
            placed[section.pk] = section
        type(self).objects.bulk_update(descendants, ["tree_path", "trail"])


def article_url(when, slug):
    when = timezone.localtime(when)
    return reverse(
        "articles:detail",
        kwargs={"year": when.year, "month": f"{when.month:02d}", "day": f"{when.day:02d}", "slug": slug},
    )


class Article(Versioned, RichBody):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        # An author's finished draft, waiting for an editor (WordPress's "Pending review").
        REVIEW = "review", "Ready for review"
        PUBLISHED = "published", "Published"

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True, help_text="The last part of the article's URL.")
    standfirst = models.TextField(
        max_length=500, help_text="The one-paragraph summary shown under the headline and on cards."
    )
    featured_image = models.ForeignKey(
        Image, null=True, blank=True, on_delete=models.SET_NULL, related_name="featured_in"
    )
    featured_image_caption = models.CharField(
        max_length=300, blank=True, help_text="Leave blank to use the photo's own caption."
    )
    authors = models.ManyToManyField(Author, through="Byline", related_name="articles")
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
    expires_at = models.DateTimeField(
        "unpublish at",
        null=True,
        blank=True,
        help_text="Optional. From this time on readers no longer see the article (embargoed or "
        "time-limited content); it stays here, and clearing the time brings it back.",
    )
    # A default rather than auto_now_add, so that an imported article keeps its date.
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    last_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )
    review_note = models.TextField(
        blank=True, editable=False, help_text="What the editor who sent it back asked the author to change."
    )
    review_note_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )
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
            # With the id, listings read in order (ties included) and the front
            # page counts "all but the lead" from the index alone.
            models.Index(fields=["status", "-published_at", "-id"], name="article_published_order_idx"),
            models.Index(fields=["category", "status", "-published_at"], name="article_section_idx"),
            # Only the few articles that will expire: the page cache asks for the next one.
            models.Index(fields=["expires_at"], name="article_expiry_idx", condition=Q(expires_at__isnull=False)),
            models.Index(fields=["is_featured", "status", "-published_at"], name="article_lead_idx"),
            models.Index(fields=["-updated_at"], name="article_updated_idx"),  # the dashboard's last edits
            SearchVectorIndex(fields=["search_vector"], name="article_search_idx"),
        ]
        permissions = [
            ("publish_article", "Can publish, unpublish and schedule articles"),
            ("edit_any_article", "Can edit and delete articles by any author"),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.expires_at and self.published_at and self.expires_at <= self.published_at:
            raise ValidationError(
                {"expires_at": "Choose a time after the article goes live."}, code="expires_before_publishing"
            )

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.title)
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        live_url_before = self._live_url_in_db()
        super().save(*args, **kwargs)
        if live_url_before not in (None, self.get_absolute_url()):
            ArticleRedirect.remember(live_url_before, self)

    def _live_url_in_db(self):
        """The public URL this article had before this save, if it was live."""
        if self._state.adding:
            return None
        stored = type(self).objects.published().filter(pk=self.pk).values("published_at", "slug").first()
        return article_url(stored["published_at"], stored["slug"]) if stored else None

    def get_absolute_url(self):
        return article_url(self.published_at or self.created_at or timezone.now(), self.slug)

    def publish(self, now):
        """Make it public now, or at its original time if it was public before."""
        if self.published_at is None or self.published_at > now:
            self.published_at = now
        self.status = self.Status.PUBLISHED
        self.review_note, self.review_note_by = "", None

    def unpublish(self):
        self.status = self.Status.DRAFT

    def schedule(self, when):
        self.status = self.Status.PUBLISHED
        self.published_at = when
        self.review_note, self.review_note_by = "", None

    def submit_for_review(self):
        """The author hands the draft to the desk; an earlier note has been answered."""
        self.status = self.Status.REVIEW
        self.review_note, self.review_note_by = "", None

    def send_back(self, note, editor):
        """Back to its author as a draft, with what to change."""
        self.status = self.Status.DRAFT
        self.review_note, self.review_note_by = note, editor

    @property
    def state_label(self):
        if self.status == self.Status.PUBLISHED:
            if self.has_expired:
                return "Expired"
            return "Published" if self.is_live else "Scheduled"
        return self.get_status_display()

    def is_written_by(self, user):
        """Whether one of the bylines is `user`'s (ArticleQuerySet.written_by() for a list)."""
        return any(author.user_id == user.pk for author in self.authors_in_order)

    @property
    def is_live(self):
        now = timezone.now()
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= now
            and not self.has_expired
        )

    @property
    def has_expired(self):
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def authors_in_order(self):
        """The bylines' authors, first-named first (from the prefetch when the
        listing made one: querysets.BYLINES)."""
        return [byline.author for byline in self.bylines.all()]

    @property
    def author_names(self):
        """"Maya Okafor", "Maya Okafor and Daniel Reyes", "A, B and C"."""
        return join_names([author.name for author in self.authors_in_order])

    @property
    def caption(self):
        if self.featured_image_caption:
            return self.featured_image_caption
        return self.featured_image.caption if self.featured_image else ""


def join_names(names):
    return " and ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)


class Byline(models.Model):
    """One author of an article, in the order the byline names them."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="bylines")
    author = models.ForeignKey(Author, on_delete=models.PROTECT, related_name="bylines")
    position = models.PositiveSmallIntegerField(default=0, help_text="Who is named first (lowest first).")

    class Meta:
        ordering = ["position", "pk"]
        constraints = [models.UniqueConstraint(fields=["article", "author"], name="byline_once_per_author")]
        indexes = [models.Index(fields=["author", "article"], name="byline_author_idx")]

    def __str__(self):
        return f"{self.author} on {self.article}"


class ArticleRedirect(models.Model):
    """An address a published article had before its slug or date changed.

    It answers with a permanent redirect to the article's current address, so
    links and search results never break.
    """

    path = models.CharField(max_length=300, unique=True)
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="old_urls")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "old URL"
        verbose_name_plural = "old URLs"

    def __str__(self):
        return self.path

    @classmethod
    def remember(cls, path, article):
        cls.objects.update_or_create(path=path, defaults={"article": article})
        # The article may have gone back to an address it once left.
        cls.objects.filter(path=article.get_absolute_url()).delete()
