from django.db import models
from django.db.models import Case, Count, IntegerField, OuterRef, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from .search import is_postgresql, search_document


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """The only door public pages use: published, and due by now.

        A future `published_at` is a schedule: the article appears by itself
        when the clock passes it, with no job to flip a flag.
        """
        return self.filter(status=self.model.Status.PUBLISHED, published_at__lte=timezone.now())

    def scheduled(self):
        """Published, but not due yet: they go live by themselves."""
        return self.filter(status=self.model.Status.PUBLISHED, published_at__gt=timezone.now())

    def in_review(self):
        """Drafts their authors marked ready for review, the longest waiting first."""
        return self.filter(status=self.model.Status.REVIEW).order_by("updated_at", "pk")

    def written_by(self, user):
        return self.filter(author__user=user)

    def with_bylines(self):
        """What printing each article's bylines needs, fetched with the articles."""
        return self.select_related("author")

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
        """What a listing card prints: section, author and photo in one query."""
        return self.select_related("category", "author", "featured_image").defer("search_vector")

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
        archive.
        """
        others = self.published().exclude(pk=article.pk)
        parts = [
            others.latest().values("pk")[: limit * 4],
            others.filter(category_id=article.category_id).latest().values("pk")[: limit * 4],
            # Newest links first (ids grow with time): a backward walk of the
            # object index that stops after a few dozen matches.
            self.tag_links(tag_ids).order_by("-object_id").values("object_id")[: limit * 12],
        ]
        pool = self.none().values("pk").union(*(others.filter(pk__in=part).values("pk").order_by() for part in parts))
        # Only the pool restricts the outer query, so every database reads it
        # from the pool's few ids rather than from the whole published index.
        return (
            self.filter(pk__in=pool)
            .annotate(
                shared_tags=self.shared_tag_count(tag_ids),
                same_section=Case(
                    When(category_id=article.category_id, then=Value(1)),
                    default=Value(0),
                    output_field=IntegerField(),
                ),
            )
            .order_by("-shared_tags", "-same_section", "-published_at", "-pk")
            .for_cards()[:limit]
        )

    def shared_tag_count(self, tag_ids):
        """How many of `tag_ids` each article carries: a correlated count over
        the tag-link index, so only the rows being ranked are looked at."""
        if not tag_ids:
            return Value(0, output_field=IntegerField())
        links = (
            self.tag_links(tag_ids)
            .filter(object_id=OuterRef("pk"))
            .order_by()
            .values("object_id")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return Coalesce(Subquery(links, output_field=IntegerField()), Value(0))

    def tag_links(self, tag_ids):
        return self.model.tags.through.objects.filter(
            content_type__app_label=self.model._meta.app_label,
            content_type__model=self.model._meta.model_name,
            tag_id__in=tag_ids,
        )


class CategoryQuerySet(models.QuerySet):
    def with_latest_article(self):
        """Sections that have published articles, each with its newest one as
        `latest_article`: two indexed queries whatever the number of sections."""
        Article = self.model._meta.get_field("articles").related_model
        newest = Article.objects.published().filter(category=OuterRef("pk")).latest().values("pk")[:1]
        sections = [s for s in self.annotate(latest_article_id=Subquery(newest)) if s.latest_article_id]
        articles = Article.objects.for_cards().in_bulk([s.latest_article_id for s in sections])
        for section in sections:
            section.latest_article = articles[section.latest_article_id]
        return sections
