"""What happens to a new comment, decided apart from HTTP.

`Moderator.moderate(comment)` looks at an unsaved comment and returns a
`Verdict`: the status to give it and every reason that led there, which the
admin shows to moderators. The view only applies it.
"""
import re
from dataclasses import dataclass, field
from datetime import timedelta

from django.utils import timezone

from .conf import conf
from .models import Comment, DisallowedWord
from .formatting import count_links


def comments_are_open(article):
    if not article.comments_enabled:
        return False
    days = conf.COMMENTS_CLOSE_AFTER_DAYS
    if days is None or article.published_at is None:
        return True
    return article.published_at >= timezone.now() - timedelta(days=days)


@dataclass(frozen=True)
class Verdict:
    status: str
    reasons: list = field(default_factory=list)


class Moderator:
    def __init__(self, disallowed_words=None):
        self.disallowed_words = disallowed_words

    def moderate(self, comment):
        if comment.user_id and comment.user.is_staff:
            return Verdict(Comment.Status.APPROVED, ["staff reply"])
        spam = self.spam_reasons(comment)
        if spam:
            return Verdict(Comment.Status.SPAM, spam)
        held = self.hold_reasons(comment)
        if held:
            return Verdict(Comment.Status.PENDING, held)
        return Verdict(Comment.Status.APPROVED, ["email has an approved comment"])

    def spam_reasons(self, comment):
        text = " ".join([comment.name, comment.email, comment.website, comment.body])
        return [f'disallowed word "{word}"' for word in self.words() if word_pattern(word).search(text)]

    def hold_reasons(self, comment):
        reasons = []
        links = count_links(comment.body_as_html())
        if conf.COMMENTS_HOLD_LINKS and links >= conf.COMMENTS_HOLD_LINKS:
            reasons.append(f"{links} links")
        if not conf.COMMENTS_AUTO_APPROVE_KNOWN_EMAIL:
            reasons.append("every comment is held (auto-approve is off)")
        elif not Comment.objects.email_has_approved(comment.email):
            reasons.append("first comment from this email")
        return reasons

    def words(self):
        if self.disallowed_words is None:
            self.disallowed_words = list(DisallowedWord.objects.values_list("word", flat=True))
        return self.disallowed_words


def word_pattern(word):
    """`word` as a whole word or phrase, any case, any run of spaces between words."""
    parts = [re.escape(part) for part in word.split()]
    return re.compile(r"(?<!\w)" + r"\s+".join(parts) + r"(?!\w)", re.IGNORECASE)
