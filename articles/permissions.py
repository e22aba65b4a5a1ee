"""Who may do what to an article: the row-level rules behind the roles.

Model permissions come from the groups (trillmag/roles.py); these add what
Django's model permissions cannot say: an author changes and deletes only
their own articles (one of the bylines is theirs), and only while they are drafts.
"""


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
    return article.status == article.Status.DRAFT and article.bylines.filter(author__user=user).exists()


def why_read_only(user, article):
    """What to tell `user`, who may look at `article` but not change it."""
    if not user.has_perm("articles.change_article"):
        return "You can read articles here but not change them."
    if article.status != article.Status.DRAFT:
        return (
            "This article has been published (or scheduled), so only an editor can change it now: "
            "ask an editor for the change, or to unpublish it so that you can edit it again."
        )
    return "Only the article's authors and editors can change this draft."
