"""What the editing app stores of its own: who has which form open (the soft
lock). Revisions are django-reversion's rows, with a RevisionNote each."""
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from reversion.models import Revision


class Versioned(models.Model):
    """A row whose admin form refuses to save over a newer save (optimistic
    concurrency: editing/forms.py). `version` counts the saves."""

    version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        # A partial save (a body re-rendered for a changed photo) is nobody's edit.
        if kwargs.get("update_fields") is None:
            self.version += 1
        super().save(*args, **kwargs)


class RevisionNote(models.Model):
    """What a revision did, for the history page: the publishing action it
    records, if any ("Published", "Deleted"…), and the parts it changed."""

    revision = models.OneToOneField(Revision, on_delete=models.CASCADE, related_name="note")
    action = models.CharField(max_length=200, blank=True)
    changed = models.JSONField(default=list, help_text="Labels of the parts this revision changed.")

    def __str__(self):
        return self.action or ", ".join(self.changed)


class EditorPresence(models.Model):
    """Someone has the change form of a row open: refreshed while they work
    in it, stale (and so ignored, then removed) EDITING_LOCK_SECONDS after."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.CharField(max_length=64)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    seen_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id", "user"], name="presence_once_per_user"),
        ]
        indexes = [models.Index(fields=["seen_at"], name="presence_seen_idx")]

    def __str__(self):
        return f"{self.user} on {self.content_type.model} {self.object_id}"
