"""Sitemaps of the public pages, and the Google News sitemap of the last
two days. Locations are absolute on settings.SITE_URL, never the request's
host, which is why the index view is our own (Django's builds its links from
the request or the sites framework)."""
from collections import namedtuple
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import SitemapIndexItem, x_robots_tag
from django.db.models import Max
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from trillmag.conf import conf as site_conf
from trillmag.links import absolute_url

from .conf import conf
from .models import Article, Author, Category

SiteUrl = namedtuple("SiteUrl", "domain")


class SiteUrlSitemap(Sitemap):
    """A sitemap whose locations sit on settings.SITE_URL."""

    def get_urls(self, page=1, site=None, protocol=None):
        parts = urlsplit(settings.SITE_URL)
        return super().get_urls(page=page, site=SiteUrl(parts.netloc), protocol=parts.scheme)


class HomeSitemap(SiteUrlSitemap):
    changefreq = "hourly"

    def items(self):
        return ["articles:home"]

    def location(self, name):
        return reverse(name)

    def lastmod(self, name):
        return Article.objects.published().aggregate(latest=Max("updated_at"))["latest"]


class ArticleSitemap(SiteUrlSitemap):
    def items(self):
        return (
            Article.objects.published()
            .latest()
            .only("slug", "title", "published_at", "created_at", "updated_at")
        )

    def lastmod(self, article):
        return article.updated_at

    def get_latest_lastmod(self):
        return self.items().aggregate(latest=Max("updated_at"))["latest"]


class ListingSitemap(SiteUrlSitemap):
    """Pages listing articles, each changed when its newest article did.
    (Filtering before annotating makes Max() read published articles only.)"""

    def lastmod(self, listing):
        return listing.lastmod


class CategorySitemap(ListingSitemap):
    def items(self):
        """Sections with published articles of their own or in a subsection,
        each changed when the newest of those did (sections are few: the
        subtrees are summed up here rather than in SQL)."""
        own = dict(
            Category.objects.filter(articles__in=Article.objects.published())
            .annotate(lastmod=Max("articles__updated_at"))
            .values_list("tree_path", "lastmod")
        )
        sections = []
        for section in Category.objects.order_by("name"):
            changes = [lastmod for path, lastmod in own.items() if path.startswith(section.tree_path)]
            if changes:
                section.lastmod = max(changes)
                sections.append(section)
        return sections


class TagSitemap(ListingSitemap):
    def items(self):
        return (
            Tag.objects.filter(article__in=Article.objects.published())
            .annotate(lastmod=Max("article__updated_at"))
            .order_by("name")
        )

    def location(self, tag):
        return reverse("articles:tag", args=[tag.slug])


class AuthorSitemap(ListingSitemap):
    def items(self):
        return (
            Author.objects.filter(articles__in=Article.objects.published())
            .annotate(lastmod=Max("articles__updated_at"))
            .order_by("name")
        )


class NewsSitemap(ArticleSitemap):
    """Articles of the last ARTICLES_NEWS_SITEMAP_HOURS, in the Google News
    format (articles/news_sitemap.xml)."""

    limit = 1000  # the most Google News reads from one sitemap

    def items(self):
        since = timezone.now() - timedelta(hours=conf.ARTICLES_NEWS_SITEMAP_HOURS)
        return super().items().filter(published_at__gte=since)

    def get_urls(self, page=1, site=None, protocol=None):
        publication = {
            "name": site_conf.SITE_NAME,
            # Google wants the bare ISO 639 code ("en", not "en-us").
            "language": settings.LANGUAGE_CODE.split("-")[0],
        }
        return [{**url, "publication": publication} for url in super().get_urls(page, site, protocol)]


SITEMAPS = {
    "home": HomeSitemap,
    "articles": ArticleSitemap,
    "sections": CategorySitemap,
    "tags": TagSitemap,
    "authors": AuthorSitemap,
}


@x_robots_tag
def index(request, sitemaps):
    """The sitemap index: every page of every sitemap in `sitemaps` (like
    Django's own index view, whose links would use the request's host)."""
    entries = []
    for section, sitemap_class in sitemaps.items():
        sitemap = sitemap_class()
        location = absolute_url(reverse("sitemap_section", kwargs={"section": section}))
        lastmod = sitemap.get_latest_lastmod()
        entries.append(SitemapIndexItem(location, lastmod))
        entries += [
            SitemapIndexItem(f"{location}?p={page}", lastmod) for page in range(2, sitemap.paginator.num_pages + 1)
        ]
    return TemplateResponse(request, "sitemap_index.xml", {"sitemaps": entries}, content_type="application/xml")
