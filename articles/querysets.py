from django.db import models
from django.db.models import Case, Count, Func, IntegerField, Min, OuterRef, Prefetch, Subquery, Value, When
from django.utils import timezone

from .search import is_postgresql, search_document

# What a card prints (articles/printing.py: its picture and byline included) and the
# article's address needs; the bylines come in their own query (bylines()).
CARD_FIELDS = [
    "title",
    "slug",
    "standfirst",
    "published_at",
    "created_at",
    "category__name",
    "category__slug",
    *(f"featured_image__{name}" for name in ["file", "width", "height", "alt_text", "focal_x", "focal_y", "renditions"]),
]


def bylines(*related):
    """Prefetch of each article's bylines with their authors (and `related`,
    e.g. "author__avatar"), in order: one query for a whole listing."""
    from .models import Byline

    return Prefetch("bylines", queryset=Byline.objects.select_related("author", *related))


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """The only door public pages use: published, due by now, and not expired.

        A future `published_at` is a schedule: the article appears by itself
        when the clock passes it, and leaves by itself when it passes
        `expires_at`, with no job to flip a flag.
        """
        now = timezone.now()
        return self.filter(status=self.model.Status.PUBLISHED, published_at__lte=now).exclude(expires_at__lte=now)

    def scheduled(self):
        """Published, but not due yet: they go live by themselves."""
        return self.filter(status=self.model.Status.PUBLISHED, published_at__gt=timezone.now())

    def expired(self):
        """Published, but past their expiry time: readers no longer see them."""
        return self.filter(status=self.model.Status.PUBLISHED, expires_at__lte=timezone.now())

    def next_change(self):
        """When readers next see a change without anyone saving anything: the
        next scheduled article goes live or a live one expires (None: never).
        Two index lookups, whatever the size of the archive."""
        due = [
            self.scheduled().aggregate(due=Min("published_at"))["due"],
            self.published().filter(expires_at__isnull=False).aggregate(due=Min("expires_at"))["due"],
        ]
        return min((moment for moment in due if moment), default=None)

    def in_review(self):
        """Drafts their authors marked ready for review, the longest waiting first."""
        return self.filter(status=self.model.Status.REVIEW).order_by("updated_at", "pk")

    def written_by(self, user):
        """Articles one of whose bylines belongs to `user`'s account (a
        subquery: a join would repeat co-authored articles)."""
        Byline = self.model._meta.get_field("bylines").related_model
        return self.filter(pk__in=Byline.objects.filter(author__user=user).values("article"))

    def with_bylines(self, *related):
        """Each article's bylines with their authors (and `related`, e.g.
        "author__user"), in order: one more query for the whole list."""
        return self.prefetch_related(bylines(*related))

    def visible_to(self, user):
        """What `user` may open on the site: published articles, plus the
        unpublished ones they may edit (staff preview)."""
        if user.has_perm("articles.edit_any_article"):
            return self.all()
        if user.has_perm("articles.change_article"):
            return self.published() | self.written_by(user)
        return self.published()

    def update_search_vector(self):
        """Rebuild these articles' stored search vector (PostgreSQL only;
        other databases search without one)."""
        if not is_postgresql(self):
            return 0
        return self.update(search_vector=search_document(self.model))

    def for_cards(self):
        """What a listing card prints: section and photo in the listing's query,
        the authors in one more (bylines())."""
        return self.select_related("category", "featured_image").with_bylines().defer("search_vector")

    def popular_tags(self, limit, among=1000):
        """The tags the newest `among` of these articles use most, most used
        first, each with `article_count`: what is in the news now, at a cost
        that does not grow with the archive."""
        Tag = self.model._meta.get_field("tags").remote_field.model
        return (
            Tag.objects.filter(article__in=self.latest().values("pk")[:among])
            .annotate(article_count=Count("article"))
            .order_by("-article_count", "name")[:limit]
        )

    def latest(self):
        return self.order_by("-published_at", "-pk")

    def related_to(self, article, tag_ids, limit=4):
        """Published articles most related to `article`: shared tags, then the
        same section, then recency.

        The ranking runs over a bounded pool (the newest articles, the newest in
        the section, the newest sharing a tag), each part an index-ordered
        subquery with a limit, so the one query's cost does not grow with the
        archive. The cards load only what they print.
        """
        others = self.published().exclude(pk=article.pk)
        newest = others.latest().values("pk")
        links = self.tag_links(tag_ids)
        # SQLite allows no LIMIT in a part of a UNION: each limited subquery
        # sits in a part that selects by id. The newest are published already;
        # the tag links are not, so that part checks.
        parts = [
            self.filter(pk__in=newest[: limit * 4]),
            self.filter(pk__in=newest.filter(category_id=article.category_id)[: limit * 4]),
            # Newest links first (ids grow with time): a backward walk of the
            # object index that stops after a few dozen matches.
            others.filter(pk__in=links.order_by("-object_id").values("object_id")[: limit * 12]),
        ]
        first, *rest = (part.values("pk").order_by() for part in parts)
        # Only the pool restricts the outer query, so every database reads it
        # from the pool's few ids rather than from the whole published index.
        return (
            self.filter(pk__in=first.union(*rest))
            .annotate(
                shared_tags=self.shared_tag_count(links) if tag_ids else Value(0),
                same_section=Case(
                    When(category_id=article.category_id, then=Value(1)),
                    default=Value(0),
                    output_field=IntegerField(),
                ),
            )
            .order_by("-shared_tags", "-same_section", "-published_at", "-pk")
            .for_cards()
            .only(*CARD_FIELDS)[:limit]
        )

    @staticmethod
    def shared_tag_count(links):
        """How many of `links` (tag_links()) each article has: a correlated
        count over the tag-link index, so only the rows being ranked are looked
        at. COUNT() as a plain function, not an aggregate: no GROUP BY, and 0
        (not NULL) for an article with none of them."""
        mine = links.filter(object_id=OuterRef("pk")).order_by().annotate(n=Func("pk", function="COUNT")).values("n")
        return Subquery(mine, output_field=IntegerField())

    def tag_links(self, tag_ids):
        return self.model.tags.through.objects.filter(
            content_type__app_label=self.model._meta.app_label,
            content_type__model=self.model._meta.model_name,
            tag_id__in=tag_ids,
        )


class CategoryQuerySet(models.QuerySet):
    def subtree(self, section):
        """`section` and every section below it, at any depth: one indexed prefix match.
        (A section not placed yet, say one inserted with bulk_create(), is just itself.)"""
        if not section.tree_path:
            return self.filter(pk=section.pk)
        return self.filter(tree_path__startswith=section.tree_path)

    def with_latest_article(self):
        """Sections that have published articles, each with its newest one as
        `latest_article`: two indexed queries whatever the number of sections."""
        Article = self.model._meta.get_field("articles").related_model
        newest = Article.objects.published().filter(category=OuterRef("pk")).latest().values("pk")[:1]
        sections = [s for s in self.annotate(latest_article_id=Subquery(newest)) if s.latest_article_id]
        articles = Article.objects.only("title", "slug", "published_at", "created_at").in_bulk(
            [s.latest_article_id for s in sections]
        )
        for section in sections:
            section.latest_article = articles[section.latest_article_id]
        return sections
