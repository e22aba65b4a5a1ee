from django.db.models import prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers
from django.views.generic import DetailView, ListView
from taggit.models import Tag

from trillmag import pagecache

from . import feeds, search, seo
from .cache_keys import ARTICLES
from .conf import conf
from .models import Article, ArticleRedirect, Author, Category
from .pagination import CountlessPaginator, RememberedCountPaginator
from .querysets import bylines


class PageMetaMixin:
    """Puts the page's metadata (`seo`, an articles.seo.PageMeta from
    get_page_meta()) in the context, announcing the site's feed on every page.
    Every such page shows articles: it depends on ARTICLES from the start."""

    def dispatch(self, request, *args, **kwargs):
        pagecache.depends_on(ARTICLES)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meta = self.get_page_meta(context)
        meta.feeds = [feeds.ArticleFeed().alternate(), *meta.feeds]
        context["seo"] = meta
        return context


class ArticleListView(PageMetaMixin, ListView):
    """A paginated listing of published articles; page 0, a page past the end
    and a non-number are 404s (ListView's own pagination)."""

    paginator_class = RememberedCountPaginator
    context_object_name = "articles"

    def get_paginate_by(self, queryset):
        return conf.ARTICLES_PER_PAGE

    def get_paginator(self, *args, **kwargs):
        listing = self.request.GET.copy()
        listing.pop(self.page_kwarg, None)
        return super().get_paginator(*args, listing=f"{self.request.path}?{listing.urlencode()}", **kwargs)

    def get_queryset(self):
        return Article.objects.published().for_cards().latest()


class HomeView(ArticleListView):
    template_name = "articles/home.html"

    def get_paginator(self, queryset, per_page, **kwargs):
        return CountlessPaginator(queryset, per_page, **kwargs)

    def get(self, request, *args, **kwargs):
        published = Article.objects.published().for_cards().prefetch_related(None).latest()
        self.lead = published.filter(is_featured=True).first() or published.first()
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        queryset = super().get_queryset().prefetch_related(None)
        return queryset.exclude(pk=self.lead.pk) if self.lead else queryset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(lead=self.lead, categories=Category.objects.with_latest_article(), **kwargs)
        # The lead's and the page's bylines in one query.
        prefetch_related_objects([*filter(None, [self.lead]), *context["articles"]], bylines())
        return context

    def get_page_meta(self, context):
        return seo.home_meta(context["page_obj"].number)


class ListingView(ArticleListView):
    """The articles of one section, tag or author, found by the slug in the
    URL: those its feed carries. Subclasses say which, with attributes."""

    listed = None  # the queryset the slug is looked up in
    context_name = None  # what the template calls it
    feed = None  # its feeds.ArticleFeed, whose narrow() says which articles are listed
    page_meta = None  # seo.*_meta(obj, page_number, feed)

    def get_queryset(self):
        self.object = get_object_or_404(self.listed, slug=self.kwargs["slug"])
        return self.feed.narrow(super().get_queryset(), self.object)

    def get_context_data(self, **kwargs):
        return super().get_context_data(**{self.context_name: self.object}, **kwargs)

    def get_page_meta(self, context):
        return self.page_meta(self.object, context["page_obj"].number, self.feed.alternate(self.object))


class CategoryView(ListingView):
    template_name = "articles/category_detail.html"
    listed = Category.objects.all()
    context_name = "category"
    feed = feeds.CategoryFeed()
    page_meta = staticmethod(seo.category_meta)


class TagView(ListingView):
    template_name = "articles/tag_detail.html"
    listed = Tag.objects.all()
    context_name = "tag"
    feed = feeds.TagFeed()
    page_meta = staticmethod(seo.tag_meta)


class AuthorView(ListingView):
    template_name = "articles/author_detail.html"
    listed = Author.objects.select_related("avatar")
    context_name = "author"
    feed = feeds.AuthorFeed()
    page_meta = staticmethod(seo.author_meta)


class ArticleDetailView(PageMetaMixin, DetailView):
    """One article. Staff who may edit an unpublished article see it too
    (preview); those responses are never cached."""

    context_object_name = "article"

    def get_queryset(self):
        return Article.objects.visible_to(self.request.user).select_related("category", "featured_image")

    def get_object(self, queryset=None):
        return get_object_or_404(self.get_queryset(), slug=self.kwargs["slug"])

    def get(self, request, *args, **kwargs):
        try:
            self.object = self.get_object()
        except Http404:
            return self.redirect_from_old_url()
        canonical = self.object.get_absolute_url()
        if request.path != canonical:
            return redirect(canonical, permanent=self.object.is_live)
        context = self.get_context_data(object=self.object)
        response = self.render_to_response(context)
        if not self.object.is_live:
            add_never_cache_headers(response)
        return response

    def redirect_from_old_url(self):
        """An address the article had before its slug or date changed: 301 to the current one."""
        old = ArticleRedirect.objects.filter(
            path=self.request.path, article__in=self.get_queryset().values("pk")
        ).select_related("article").first()
        if old is None:
            raise Http404("No article at this address.")
        return redirect(old.article.get_absolute_url(), permanent=True)

    def get_context_data(self, **kwargs):
        article = self.object
        tags = sorted(article.tags.all(), key=lambda tag: tag.name.casefold())
        related_html = self.related_box(tags)
        # The article's authors, with their photos for the author box (fetched
        # with the related box's bylines when that box was printed).
        prefetch_related_objects([article], bylines("author__avatar"))
        return super().get_context_data(
            tags=tags,
            related_html=related_html,
            is_preview=not article.is_live,
            staff_subject=f"article-{article.pk}",
            **kwargs,
        )

    def related_box(self, tags):
        """The related box, printed once per version of ARTICLES (what any change
        it could show bumps): a page printed again after a comment on it prints
        the box for free, its ranking query included."""
        article = self.object

        def render():
            related = list(Article.objects.related_to(article, [tag.pk for tag in tags]).prefetch_related(None))
            # The related articles' bylines and the article's own in one query.
            prefetch_related_objects([article, *related], bylines("author__avatar"))
            return render_to_string("articles/related.html", {"related": related})

        return pagecache.remember(f"articles:related:{article.pk}", [ARTICLES], render)

    def get_page_meta(self, context):
        return seo.article_meta(self.object, context["tags"])


class SearchView(ArticleListView):
    """Search results, best first; with no query, the form and the most used
    tags to start from."""

    template_name = "articles/search.html"
    popular_tag_count = 20

    def get_queryset(self):
        # The box and the heading show what was searched, cut words and all.
        self.query, self.words_left_out = search.first_words(search.clean_query(self.request.GET.get("q", "")))
        return search.search(super().get_queryset(), self.query)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(query=self.query, **kwargs)
        context["words_left_out"] = self.words_left_out
        context["max_words"] = conf.ARTICLES_SEARCH_MAX_WORDS
        context["articles"] = search.highlight(context["page_obj"].object_list, self.query)
        context["limit_reached"] = context["paginator"].count >= conf.ARTICLES_SEARCH_LIMIT
        if not context["articles"]:
            context["popular_tags"] = pagecache.remember(
                "search:popular-tags",
                [ARTICLES],
                lambda: list(Article.objects.published().popular_tags(self.popular_tag_count)),
            )
        return context

    def get_page_meta(self, context):
        return seo.search_meta(self.query, context["page_obj"].number)
