from django.db.models import Max

from articles.sitemaps import SiteUrlSitemap

from .models import Page


class PageSitemap(SiteUrlSitemap):
    changefreq = "monthly"

    def items(self):
        return Page.objects.published().only("slug", "updated_at").order_by("slug")

    def lastmod(self, page):
        return page.updated_at

    def get_latest_lastmod(self):
        return Page.objects.published().aggregate(latest=Max("updated_at"))["latest"]
