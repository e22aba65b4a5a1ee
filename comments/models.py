import hashlib

from django.conf import settings
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone

from articles.models import Article

from .conf import conf
from .querysets import CommentQuerySet
from .formatting import format_body

PATH_DIGITS = 10


def attach_point(parent):
    """Where a reply to `parent` goes: replies nest COMMENTS_MAX_DEPTH levels
    deep, and a reply to a comment at the deepest level joins that level."""
    while parent and parent.depth >= conf.COMMENTS_MAX_DEPTH - 1:
        parent = parent.parent
    return parent


class ShownComment:
    """How a comment is shown, from its status, name and email: for a Comment
    and for the lighter rows an article's thread is built from
    (threads.ThreadComment). Expects `Status`, `status`, `name` and `email`."""

    __slots__ = ()

    @property
    def is_public(self):
        return self.status == self.Status.APPROVED

    @property
    def is_removed(self):
        return self.status == self.Status.REMOVED

    @property
    def is_awaiting_moderation(self):
        return self.status in (self.Status.PENDING, self.Status.SPAM)

    @property
    def avatar_initials(self):
        words = self.name.split()
        return "".join(word[0] for word in words[:2]).upper() or "?"

    @property
    def avatar_hue(self):
        """A colour that stays the same for an email address, with no outside service:
        one of 24 hues, each a class in static/css/site.css (`hue-N`)."""
        digest = hashlib.sha256(self.email.lower().encode()).digest()
        return int.from_bytes(digest[:2], "big") % 24 * 15


class Comment(ShownComment, models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        APPROVED = "approved", "Approved"
        SPAM = "spam", "Spam"
        REMOVED = "removed", "Removed"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    # The thread's first comment and the chain of ids leading here: one query
    # ordered by path gives a whole thread in reading order.
    root = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    path = models.CharField(max_length=64, blank=True, editable=False)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)

    name = models.CharField(max_length=80)
    email = models.EmailField(help_text="Never shown publicly.")
    website = models.URLField(blank=True)
    body = models.TextField(help_text="Plain text, as the commenter typed it.")
    body_html = models.TextField(editable=False, help_text="The body as readers see it, made on save.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    moderation_reasons = models.JSONField(
        default=list, blank=True, help_text="Why the comment was held or marked as spam."
    )
    # A default rather than auto_now_add, so that an imported comment keeps its date.
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    ip_address = models.GenericIPAddressField("IP address", null=True, blank=True, unpack_ipv4=True)
    user_agent = models.CharField(max_length=400, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="comments",
        help_text="The staff account that wrote this reply, if any.",
    )
    staff_label = models.CharField(
        max_length=120, blank=True, editable=False, help_text='"Staff" or the author\'s role, made on save.'
    )
    notify_replies = models.BooleanField("notify me of replies", default=False)

    objects = CommentQuerySet.as_manager()

    _formatted_body = None  # the text body_html was last made from

    class Meta:
        ordering = ["path"]
        indexes = [
            models.Index(fields=["article", "status", "path"], name="comment_thread_idx"),
            models.Index(fields=["status", "-created_at"], name="comment_queue_idx"),
            models.Index(fields=["email", "status"], name="comment_email_idx"),
            models.Index(fields=["created_at"], name="comment_created_idx"),  # the dashboard's daily counts
        ]

    def __str__(self):
        return f"{self.name} on {self.article}"

    def get_absolute_url(self):
        return reverse("comments:permalink", kwargs={"pk": self.pk})

    @classmethod
    def from_db(cls, db, field_names, values):
        comment = super().from_db(db, field_names, values)
        if "body" in field_names:
            comment._formatted_body = comment.body  # its stored body_html is made from it
        return comment

    def body_as_html(self):
        """The body as readers see it, formatted once for each text: moderation
        counts its links before the comment is saved, and save() stores it."""
        if self._formatted_body != self.body:
            self.body_html, self._formatted_body = format_body(self.body), self.body
        return self.body_html

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()
        if "body" not in self.get_deferred_fields():
            self.body_as_html()
        if self.user_id and self.user.is_staff and not self.staff_label:
            profile = getattr(self.user, "author_profile", None)
            self.staff_label = (profile.job_title if profile else "") or "Staff"
        if self.pk:
            return super().save(*args, **kwargs)
        self.parent = attach_point(self.parent)
        with transaction.atomic():
            super().save(*args, **kwargs)
            self.place_in_thread()
            type(self).objects.filter(pk=self.pk).update(root=self.root_id, path=self.path, depth=self.depth)

    def place_in_thread(self):
        """Root, path and depth, from the id and the parent's."""
        parent = self.parent
        self.root_id = parent.root_id if parent else self.pk
        self.path = (f"{parent.path}/" if parent else "") + str(self.pk).zfill(PATH_DIGITS)
        self.depth = parent.depth + 1 if parent else 0


class DisallowedWord(models.Model):
    """A word or phrase that marks a comment as spam wherever it appears."""

    word = models.CharField(max_length=100, unique=True, help_text="Matched as a whole word, ignoring case.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["word"]

    def __str__(self):
        return self.word

    def save(self, *args, **kwargs):
        self.word = " ".join(self.word.split()).lower()
        super().save(*args, **kwargs)


class Ban(models.Model):
    """An email address or IP address that may not comment."""

    class Kind(models.TextChoices):
        EMAIL = "email", "Email address"
        IP = "ip", "IP address"

    kind = models.CharField(max_length=5, choices=Kind.choices)
    value = models.CharField(max_length=254)
    reason = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["kind", "value"], name="ban_unique_kind_value")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.value}"

    def save(self, *args, **kwargs):
        self.value = self.value.strip().lower()
        super().save(*args, **kwargs)


class Notification(models.Model):
    """An email a comment calls for: made in the transaction that changes the
    comment, alongside the job that sends it, and marked when sent. One per
    comment and kind, so approving a reply again never emails twice."""

    class Kind(models.TextChoices):
        MODERATORS = "moderators", "Held for moderation (to moderators)"
        REPLY = "reply", "Reply approved (to the parent's author)"

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["comment", "kind"], name="notification_once_per_kind")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.comment}"


class RateCounter(models.Model):
    """How many comments one address posted in one time window (comments/throttle.py).
    In the database, so every gunicorn worker and every app server counts into
    the same row, with or without Redis."""

    key = models.CharField(max_length=100, primary_key=True)
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self):
        return f"{self.key}: {self.count}"
