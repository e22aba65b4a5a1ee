from django.db import models
from django.db.models import Count, Q

# What an article's thread is built and printed from (comments/threads.py,
# printing.py): the thread's rows have these and nothing else, so the printer's
# memory of printed comments, keyed by them, covers everything it prints.
THREAD_FIELDS = ("path", "status", "name", "email", "website", "staff_label", "created_at", "body_html")


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
        return self.filter(visible, article=article).order_by("path")

    def moderation_queue(self):
        """What waits for a moderator: pending comments, oldest first (the
        order they came in, and the one that has waited longest on top)."""
        return self.filter(status=self.model.Status.PENDING).order_by("created_at", "pk")

    def waiting_counts(self):
        """{"pending": n, "spam": n}: one query on the status index."""
        Status = self.model.Status
        counts = dict.fromkeys([Status.PENDING, Status.SPAM], 0)
        rows = self.filter(status__in=counts).values_list("status").annotate(n=Count("pk")).order_by()
        counts.update(rows)
        return {str(status): n for status, n in counts.items()}

    def commenter_records(self, emails):
        """{email: {"approved": n, "spam": n}} for each of `emails`: one query
        on the email index, for a whole page of the moderation queue."""
        Status = self.model.Status
        records = {email: {"approved": 0, "spam": 0} for email in emails}
        rows = (
            self.filter(email__in=records, status__in=[Status.APPROVED, Status.SPAM])
            .values_list("email", "status")
            .annotate(n=Count("pk"))
            .order_by()
        )
        for email, status, n in rows:
            records[email][status] = n
        return records

    def is_duplicate(self, article, email, body):
        return self.filter(article=article, email=email.lower(), body=body).exists()

    def name_and_email_have_approved(self, name, email):
        """WordPress's rule for a known commenter: the same name and email as an approved comment."""
        return self.approved().filter(email=email.strip().lower(), name=name.strip()).exists()
