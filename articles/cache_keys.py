"""What the articles app tells the page cache (trillmag/pagecache).

Two kinds of key:
- ARTICLES: every page that lists or shows articles (front page, sections,
  tags, authors, search, feeds, sitemaps, and every article page, whose
  related box may show any other). Any change to an article, a byline, an
  author, a section, a photo or a tag makes them stale.
- `article_key(pk)`: what only one article's page shows (its comments, their
  count). The comments app bumps it; an article change bumps it too.
"""
from trillmag import pagecache

ARTICLES = "articles"


def article_key(pk):
    return f"article:{pk}"


def article_changed(article, created):
    return (article_key(article.pk), ARTICLES)


def shown_with_articles(instance, created):
    return (ARTICLES,)


def register():
    """From ArticlesConfig.ready()."""
    from taggit.models import Tag, TaggedItem

    from .models import Article, Author, Byline, Category, Image

    pagecache.watch(Article, keys=article_changed)
    for model in (Author, Byline, Category, Image, Tag, TaggedItem):
        pagecache.watch(model, keys=shown_with_articles)
    # Scheduled articles go live, and expiring ones go, by themselves.
    pagecache.register_schedule([ARTICLES], Article.objects.next_change)
