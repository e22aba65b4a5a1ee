from django.urls import path, register_converter

from trillmag.pagecache import shows

from . import feeds, views
from .cache_keys import ARTICLES


class FixedDigitsConverter:
    regex = "[0-9]{2}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return f"{int(value):02d}"


class YearConverter(FixedDigitsConverter):
    regex = "[0-9]{4}"

    def to_url(self, value):
        return f"{int(value):04d}"


register_converter(FixedDigitsConverter, "dd")
register_converter(YearConverter, "yyyy")

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("<yyyy:year>/<dd:month>/<dd:day>/<slug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
    path("category/<slug:slug>/", views.CategoryView.as_view(), name="category"),
    path("tag/<slug:slug>/", views.TagView.as_view(), name="tag"),
    path("author/<slug:slug>/", views.AuthorView.as_view(), name="author"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("feed/", shows(ARTICLES)(feeds.ArticleFeed()), name="feed"),
    path("category/<slug:slug>/feed/", shows(ARTICLES)(feeds.CategoryFeed()), name="category_feed"),
    path("tag/<slug:slug>/feed/", shows(ARTICLES)(feeds.TagFeed()), name="tag_feed"),
    path("author/<slug:slug>/feed/", shows(ARTICLES)(feeds.AuthorFeed()), name="author_feed"),
]
