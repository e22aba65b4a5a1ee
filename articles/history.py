"""What an article's revisions hold, and the publishing actions they record
(editing/history.py explains revisions)."""
import reversion
from django.utils import timezone
from taggit.models import Tag

from editing.history import History, Part, RestoreRefused, when

from . import permissions
from .models import Article, Author, Byline

# Set only by those who may publish (the form shows them read-only to others).
PUBLISHING_FIELDS = ["published_at", "expires_at", "is_featured"]


def state_label(state, now):
    """An article's state in words, as Article.state_label says it, from a revision's state."""
    if state["status"] != Article.Status.PUBLISHED:
        return dict(Article.Status.choices)[state["status"]]
    if state["expires_at"] and state["expires_at"] <= now:
        return "Expired"
    return "Published" if state["published_at"] and state["published_at"] <= now else "Scheduled"


class ArticleHistory(History):
    model = Article
    parts = (
        Part("title", "Headline", "text"),
        Part("standfirst", "Standfirst", "text"),
        Part("body", "Body", "html"),
        Part("authors", "Authors", "list"),
        Part("category", "Section"),
        Part("tags", "Tags", "list"),
        Part("featured_image", "Photo", "photo"),
        Part("featured_image_caption", "Photo caption", "text"),
        Part("status", "Status"),
        Part("published_at", "Publication time"),
        Part("expires_at", "Unpublish time"),
        Part("is_featured", "Lead story"),
        Part("comments_enabled", "Comments open"),
        Part("slug", "Address (slug)"),
        Part("seo_title", "Search engine title", "text"),
        Part("seo_description", "Search engine description", "text"),
    )
    follow = ("bylines", "tags")
    # Remade on every save from what is kept.
    exclude = ("body_html", "search_vector")
    state_models = (Byline, Tag)

    def register(self):
        reversion.register(Byline)
        reversion.register(Tag)
        super().register()

    # -- states ----------------------------------------------------------------------------
    def state(self, article):
        return {
            **super().state(article),
            "authors": tuple(article.bylines.order_by("position", "pk").values_list("author_id", flat=True)),
            "tags": tuple(sorted(article.tags.names())),
        }

    def revision_state(self, version, siblings=None):
        siblings = self.siblings(version) if siblings is None else siblings
        article_id = int(version.object_id)
        bylines, tags = [], []
        for sibling in siblings:
            data = sibling.field_dict
            if sibling.content_type.model_class() is Byline and data["article_id"] == article_id:
                bylines.append((data["position"], data["id"], data["author_id"]))
            elif sibling.content_type.model_class() is Tag:
                tags.append(data["name"])
        return {
            **super().revision_state(version),
            "authors": tuple(author for _position, _id, author in sorted(bylines)),
            "tags": tuple(sorted(tags)),
        }

    def siblings(self, version):
        return list(version.revision.version_set.select_related("content_type"))

    def last_saved(self, article):
        return article.last_changed_by, article.updated_at

    def listed(self, part, values, labels):
        if part.name == "authors":
            return [str(labels["authors"].get(pk) or f"#{pk} (since deleted)") for pk in values or ()]
        return super().listed(part, values, labels)

    def related_labels(self, states):
        labels = super().related_labels(states)
        labels["authors"] = Author.objects.in_bulk({pk for state in states for pk in state.get("authors") or ()})
        return labels

    # -- what was done ------------------------------------------------------------------------
    def action(self, before, after, article):
        now = timezone.now()
        if before is None:
            if state_label(after, now) == "Draft":
                return "Created", ()
            done, explained = self.action({**after, "status": Article.Status.DRAFT}, after, article)
            return f"Created and {done[0].lower()}{done[1:]}", explained
        was, is_now = state_label(before, now), state_label(after, now)
        if is_now == "Scheduled" and (was != "Scheduled" or before["published_at"] != after["published_at"]):
            return f"Scheduled for {when(after['published_at'])}", ("status", "published_at")
        if was == is_now:
            return "", ()
        if is_now == "Published":
            return "Published", ("status", "published_at")
        if is_now == "Ready for review":
            return "Marked ready for review", ("status",)
        if is_now == "Expired":
            return "Expired", ("expires_at",)
        if was == "Ready for review":
            return "Sent back to the author" if article.review_note else "Taken back as a draft", ("status",)
        return ("Unscheduled" if was == "Scheduled" else "Unpublished"), ("status",)

    def may_recover(self, user):
        return permissions.can_edit_any(user) and user.has_perm("articles.add_article")

    # -- restoring -------------------------------------------------------------------------
    def restore_warnings(self, article, state, user):
        if permissions.can_publish(user):
            return []
        warnings = []
        if state["status"] == Article.Status.PUBLISHED:
            warnings.append("It will be a draft: only an editor can publish it again.")
        return warnings

    def apply(self, article, state, user):
        kept = {name: getattr(article, name) for name in PUBLISHING_FIELDS}
        notes = super().apply(article, state, user)
        if not permissions.can_publish(user):
            for name, value in kept.items():
                setattr(article, name, value)
            if article.status == Article.Status.PUBLISHED:
                article.status = Article.Status.DRAFT
                notes.append("It is a draft: only an editor can publish it again.")
        article.last_changed_by = user
        return notes

    def apply_related(self, article, state):
        notes = []
        authors = Author.objects.in_bulk(state["authors"])
        if authors:
            Byline.objects.filter(article=article).exclude(author__in=authors).delete()
            for position, pk in enumerate(pk for pk in state["authors"] if pk in authors):
                Byline.objects.update_or_create(article=article, author_id=pk, defaults={"position": position})
        if len(authors) < len(set(state["authors"])):
            notes.append("An author of that version no longer exists: the byline names those who do."
                         if authors else "Its authors no longer exist, so it keeps its current byline.")
        if not authors and not article.bylines.exists():
            raise RestoreRefused("None of its authors exists any more: add one, then try again.")
        article.tags.set(state["tags"])
        return notes


history = ArticleHistory()
