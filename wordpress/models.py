from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import FileSystemStorage
from django.db import models

from .conf import conf


def private_storage():
    """Exports hold commenters' email and IP addresses: never in the public media."""
    return FileSystemStorage(location=conf.WORDPRESS_IMPORT_DIR or settings.BASE_DIR / "imports")


class ImportedObject(models.Model):
    """What an item of a WordPress export became here: the record that makes an
    import repeatable. A second import of the same site finds each item by its
    WordPress id and updates it only when the export says something new (the
    checksum of what it said last time)."""

    class Kind(models.TextChoices):
        AUTHOR = "author"
        CATEGORY = "category"
        TAG = "tag"
        POST = "post"
        PAGE = "page"
        ATTACHMENT = "attachment"
        COMMENT = "comment"

    site = models.CharField(max_length=300, help_text="The old site's address, as the export gave it.")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    wp_id = models.CharField("WordPress id", max_length=200, help_text="The post or comment id; a term's slug.")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    checksum = models.CharField(max_length=40)
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["site", "kind", "wp_id"], name="imported_object_unique_item"),
        ]
        indexes = [models.Index(fields=["content_type", "object_id"], name="imported_object_target_idx")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.wp_id} from {self.site}"


class OldURL(models.Model):
    """An address readers used on the old site (`/2019/05/a-story/`, `/?p=12`,
    `/category/world/middle-east/`): it answers with a permanent redirect to
    where that content lives now, wherever it moves later."""

    path = models.CharField(max_length=500, unique=True, help_text='The path, with its query for "/?p=12".')
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")

    class Meta:
        verbose_name = "old WordPress URL"
        verbose_name_plural = "old WordPress URLs"
        indexes = [models.Index(fields=["content_type", "object_id"], name="old_url_target_idx")]

    def __str__(self):
        return self.path


class ImportRun(models.Model):
    """An import started from the admin: the uploaded export (and photos), the
    dry run's report to confirm, then the import itself, both run as jobs."""

    class State(models.TextChoices):
        CHECKING = "checking", "Checking the export"
        CHECKED = "checked", "Checked: confirm to import"
        IMPORTING = "importing", "Importing"
        DONE = "done", "Imported"
        FAILED = "failed", "Could not be imported"

    export = models.FileField(upload_to="exports/", storage=private_storage)
    photos = models.FileField(
        "photos (zip)", upload_to="exports/", storage=private_storage, blank=True,
        help_text="Optional: the old site's wp-content/uploads folder as a .zip file.",
    )
    default_author = models.ForeignKey(
        "articles.Author", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="The byline of posts whose author the export does not describe.",
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.CHECKING)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    report = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, editable=False, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "WordPress import"

    def __str__(self):
        return f"{self.export.name.rsplit('/', 1)[-1]} ({self.get_state_display()})"

    @property
    def percent(self):
        return round(100 * self.done / self.total) if self.total else 0
