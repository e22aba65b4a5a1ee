"""What happens to a new comment, decided apart from HTTP.

`Moderator.moderate(comment, proven_emails)` looks at an unsaved comment and
returns a `Verdict`: the status to give it and every reason that led there,
which the admin shows to moderators. The view only applies it.

Who is published at once (COMMENTS_AUTO_APPROVE): an email address is typed,
and anyone can type anyone's, so it proves nothing on its own. A commenter is
known when the browser posting has proven the email (`proven_emails`, from
the signed cookies of comments/cookies.py: a moderator approved a comment this
browser posted with it), or, as WordPress does, when the same name and email
have an approved comment; then any link (or website) is held, so that a
stranger typing both can at most post plain text, which moderators can remove.
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


# The values of COMMENTS_AUTO_APPROVE (checks.py refuses any other).
AUTO_APPROVE_KNOWN, AUTO_APPROVE_BROWSER, AUTO_APPROVE_OFF = "known", "browser", "off"
AUTO_APPROVE_RULES = (AUTO_APPROVE_KNOWN, AUTO_APPROVE_BROWSER, AUTO_APPROVE_OFF)


@dataclass(frozen=True)
class Verdict:
    status: str
    reasons: list = field(default_factory=list)


class Moderator:
    def __init__(self, disallowed_words=None):
        self.disallowed_words = disallowed_words

    def moderate(self, comment, proven_emails=()):
        if comment.user_id and comment.user.is_staff:
            return Verdict(Comment.Status.APPROVED, ["staff reply"])
        spam = self.spam_reasons(comment)
        if spam:
            return Verdict(Comment.Status.SPAM, spam)
        links = count_links(comment.body_as_html())
        held = [f"{links} links"] if conf.COMMENTS_HOLD_LINKS and links >= conf.COMMENTS_HOLD_LINKS else []
        known, why = self.trust(comment, proven_emails, links)
        if held or not known:
            return Verdict(Comment.Status.PENDING, held + ([] if known else [why]))
        return Verdict(Comment.Status.APPROVED, [why])

    def spam_reasons(self, comment):
        text = " ".join([comment.name, comment.email, comment.website, comment.body])
        return [f'disallowed word "{word}"' for word in self.words() if word_pattern(word).search(text)]

    def trust(self, comment, proven_emails, links):
        """(whether the commenter is known well enough to publish at once, why)."""
        rule = conf.COMMENTS_AUTO_APPROVE
        if rule == AUTO_APPROVE_OFF:
            return False, "every comment is held (auto-approve is off)"
        if comment.email.strip().lower() in proven_emails:
            return True, "this browser posted an approved comment with this email"
        if rule == AUTO_APPROVE_KNOWN and Comment.objects.name_and_email_have_approved(comment.name, comment.email):
            if links or comment.website:  # the name links to the website
                return False, "a link or website, from a commenter known by name and email only"
            return True, "same name and email as an approved comment"
        return False, "not a known commenter"

    def words(self):
        if self.disallowed_words is None:
            self.disallowed_words = list(DisallowedWord.objects.values_list("word", flat=True))
        return self.disallowed_words


def word_pattern(word):
    """`word` as a whole word or phrase, any case, any run of spaces between words."""
    parts = [re.escape(part) for part in word.split()]
    return re.compile(r"(?<!\w)" + r"\s+".join(parts) + r"(?!\w)", re.IGNORECASE)
