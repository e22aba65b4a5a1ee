from django.db import models
from django.db.models import Case, Count, IntegerField, OuterRef, Q, Subquery, Value, When
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

    def visible_to(self, user):
        """What `user` may open on the site: published articles, plus the
        unpublished ones they may edit (staff preview)."""
        if user.has_perm("articles.edit_any_article"):
            return self.all()
        if user.has_perm("articles.change_article"):
            return self.published() | self.filter(author__user=user)
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

    def popular_tags(self, limit):
        """The tags these articles use most, most used first, each with
        `article_count`."""
        Tag = self.model._meta.get_field("tags").remote_field.model
        return (
            Tag.objects.filter(article__in=self)
            .annotate(article_count=Count("article"))
            .order_by("-article_count", "name")[:limit]
        )

    def latest(self):
        return self.order_by("-published_at", "-pk")

    def related_to(self, article, tag_ids, limit=4):
        """Published articles most related to `article`: shared tags, then the
        same section, then recency.

        The ranking runs over a bounded pool (recent articles sharing a tag,
        recent ones in the section, the newest overall) so its cost does not
        grow with the archive.
        """
        others = self.published().exclude(pk=article.pk)
        pool = Q(pk__in=others.latest().values("pk")[: limit * 4])
        if article.category_id:
            pool |= Q(
                pk__in=others.filter(category_id=article.category_id).latest().values("pk")[: limit * 4]
            )
        if tag_ids:
            pool |= Q(pk__in=others.filter(tags__in=tag_ids).latest().values("pk")[:200])
        return (
            others.filter(pool)
            .annotate(
                shared_tags=Count("tags", filter=Q(tags__in=tag_ids), distinct=True)
                if tag_ids
                else Value(0, output_field=IntegerField()),
                same_section=Case(
                    When(category_id=article.category_id, then=Value(1)),
                    default=Value(0),
                    output_field=IntegerField(),
                ),
            )
            .order_by("-shared_tags", "-same_section", "-published_at", "-pk")
            .for_cards()[:limit]
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
