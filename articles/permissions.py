"""Who may do what to an article: the row-level rules behind the roles.

Model permissions come from the groups (trillmag/roles.py); these add what
Django's model permissions cannot say: an author changes and deletes only
their own articles (one of the bylines is theirs), and only until they are
published; they hand a finished draft to the desk ("ready for review"), and
only editors publish.
"""
from enum import Enum


def can_publish(user):
    return user.has_perm("articles.publish_article")


def can_edit_any(user):
    return user.has_perm("articles.edit_any_article")


def edits_only_own(user):
    """Staff who may change articles, but only their own (the Author role)."""
    return user.has_perm("articles.change_article") and not can_edit_any(user)


def may_edit(user, article):
    """Whether `user`, who holds the model permission, may change or delete `article`."""
    if can_edit_any(user):
        return True
    return article.status in (article.Status.DRAFT, article.Status.REVIEW) and article.is_written_by(user)


class Action(Enum):
    """What the article form's buttons do; each button is named for its action."""

    SAVE_DRAFT = "draft"
    SUBMIT = "review"
    UPDATE = "update"  # save, keeping the state it is in
    PUBLISH = "publish"  # live now, or at a future time: a schedule
    SEND_BACK = "send_back"
    UNPUBLISH = "unpublish"


def actions(user, article):
    """The actions `user` may take on `article` (unsaved for a new one), the
    one the form's Enter key takes first. Empty: they may only look."""
    Status = article.Status
    adding = article.pk is None
    if not adding and not may_edit(user, article):
        return []
    if not can_publish(user):
        if adding or article.status == Status.DRAFT:
            return [Action.SAVE_DRAFT, Action.SUBMIT]
        return [Action.UPDATE, Action.SAVE_DRAFT]  # ready for review: keep it there, or take it back
    if adding or article.status == Status.DRAFT:
        return [Action.SAVE_DRAFT, Action.PUBLISH]
    if article.status == Status.REVIEW:
        return [Action.UPDATE, Action.PUBLISH, Action.SEND_BACK]
    return [Action.UPDATE, Action.UNPUBLISH]  # live or scheduled: its date says which


def why_read_only(user, article):
    """What to tell `user`, who may look at `article` but not change it."""
    if not user.has_perm("articles.change_article"):
        return "You can read articles here but not change them."
    if article.status == article.Status.PUBLISHED:
        return (
            "This article has been published (or scheduled), so only an editor can change it now: "
            "ask an editor for the change, or to unpublish it so that you can edit it again."
        )
    return "Only the article's authors and editors can change it."
