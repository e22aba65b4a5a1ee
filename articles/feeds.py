"""RSS 2.0 feeds: the latest articles, and those of one section, tag or
author. Links are absolute from settings.SITE_URL, never the request's host."""
import mimetypes

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Rss201rev2Feed
from taggit.models import Tag

from trillmag.conf import conf as site_conf
from trillmag.links import absolute_url

from . import seo
from .conf import conf
from .models import Article, Author, Category


class MediaRssFeed(Rss201rev2Feed):
    """RSS 2.0 with each item's photo as a Media RSS <media:content>, which
    needs no byte length (an <enclosure> does)."""

    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:media": "http://search.yahoo.com/mrss/"}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        image = item.get("image")
        if not image:
            return
        handler.startElement("media:content", image["attributes"])
        handler.addQuickElement("media:description", image["alt"], {"type": "plain"})
        if image["credit"]:
            handler.addQuickElement("media:credit", image["credit"])
        handler.endElement("media:content")


class ArticleFeed(Feed):
    """The latest published articles. Subclasses narrow them to one object
    (section, tag or author) by overriding get_object(), narrow() and the
    feed's title, link and description."""

    feed_type = MediaRssFeed
    url_name = "articles:feed"

    def get_object(self, request, slug=None):
        return None

    def narrow(self, articles, obj):
        return articles

    def title(self, obj):
        return f"{site_conf.SITE_NAME}: latest articles"

    def link(self, obj):
        return absolute_url(reverse("articles:home"))

    def description(self, obj):
        return site_conf.SITE_TAGLINE

    def feed_url(self, obj):
        return absolute_url(reverse(self.url_name, args=[obj.slug] if obj else []))

    def alternate(self, obj=None):
        """What a page's <link rel="alternate"> needs to point at this feed."""
        return {"title": self.title(obj), "url": self.feed_url(obj)}

    def items(self, obj):
        articles = self.narrow(Article.objects.published(), obj)
        return articles.for_cards().prefetch_related("tags").latest()[: conf.ARTICLES_FEED_LENGTH]

    def item_title(self, article):
        return article.title

    def item_description(self, article):
        return article.standfirst

    def item_link(self, article):
        return absolute_url(article.get_absolute_url())

    def item_author_name(self, article):
        # RSS has one author element per item: every byline goes into it.
        return article.author_names

    def item_author_link(self, article):
        # The first-named author's page (the element holds one link).
        authors = article.authors_in_order
        return absolute_url(authors[0].get_absolute_url()) if authors else None

    def item_categories(self, article):
        return [tag.name for tag in article.tags.all()]

    def item_pubdate(self, article):
        return article.published_at

    def item_updateddate(self, article):
        return article.updated_at

    def item_extra_kwargs(self, article):
        photo = article.featured_image
        if not photo:
            return {}
        copy = seo.share_image(photo)
        attributes = {"url": copy["url"], "medium": "image", "width": str(copy["width"]), "height": str(copy["height"])}
        mime_type = mimetypes.guess_type(photo.file.name)[0]
        if mime_type:
            attributes["type"] = mime_type
        return {"image": {"attributes": attributes, "alt": photo.alt_text, "credit": photo.credit}}


class CategoryFeed(ArticleFeed):
    url_name = "articles:category_feed"

    def get_object(self, request, slug):
        return Category.objects.get(slug=slug)

    def narrow(self, articles, category):
        """The section's articles and its subsections'."""
        return articles.filter(category__in=Category.objects.subtree(category))

    def title(self, category):
        return f"{site_conf.SITE_NAME}: {category.name}"

    def link(self, category):
        return absolute_url(category.get_absolute_url())

    def description(self, category):
        return seo.describe_category(category)


class TagFeed(ArticleFeed):
    url_name = "articles:tag_feed"

    def get_object(self, request, slug):
        return Tag.objects.get(slug=slug)

    def narrow(self, articles, tag):
        return articles.filter(tags=tag)

    def title(self, tag):
        return f"{site_conf.SITE_NAME}: {tag.name}"

    def link(self, tag):
        return absolute_url(reverse("articles:tag", args=[tag.slug]))

    def description(self, tag):
        return seo.describe_tag(tag)


class AuthorFeed(ArticleFeed):
    url_name = "articles:author_feed"

    def get_object(self, request, slug):
        return Author.objects.get(slug=slug)

    def narrow(self, articles, author):
        """Every article with `author` among its bylines."""
        return articles.filter(authors=author)

    def title(self, author):
        return f"{site_conf.SITE_NAME}: articles by {author.name}"

    def link(self, author):
        return absolute_url(author.get_absolute_url())

    def description(self, author):
        return seo.describe_author(author)
