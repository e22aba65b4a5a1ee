from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models


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
