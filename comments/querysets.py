from django.db import models
from django.db.models import Case, IntegerField, Q, Value, When


class CommentQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=self.model.Status.APPROVED)

    def for_thread(self, article, mine=()):
        """Everything an article's thread may show, in reading order: approved
        and removed comments (removed ones keep their replies' place), plus the
        visitor's own comments still awaiting moderation."""
        Status = self.model.Status
        visible = Q(status__in=[Status.APPROVED, Status.REMOVED])
        if mine:
            visible |= Q(pk__in=list(mine), status__in=[Status.PENDING, Status.SPAM])
        return (
            self.filter(visible, article=article)
            .defer("body", "user_agent", "ip_address", "moderation_reasons")
            .order_by("path")
        )

    def moderation_queue(self):
        """Pending first, then newest first."""
        Status = self.model.Status
        return self.annotate(
            queue_rank=Case(
                When(status=Status.PENDING, then=Value(0)),
                When(status=Status.SPAM, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
        ).order_by("queue_rank", "-created_at")

    def is_duplicate(self, article, email, body):
        return self.filter(article=article, email=email.lower(), body=body).exists()

    def email_has_approved(self, email):
        return self.approved().filter(email=email.lower()).exists()
