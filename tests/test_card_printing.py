"""Cards, pictures and bylines printed in Python (articles/printing.py) are the
markup the templates printed: the expected HTML below was captured once from
includes/card.html, includes/picture.html and includes/byline.html before
they were replaced. Every value from the database is hostile somewhere, and
comes out escaped exactly as Django's autoescaping did."""
import re
from datetime import datetime, timezone

import pytest
from django.template import Context, Template
from django.utils.html import escape as django_escape

from articles.models import Article, Category, Image
from articles.querysets import bylines

from .factories import ArticleFactory, AuthorFactory, ImageFactory

pytestmark = pytest.mark.django_db

HOSTILE_ALT = 'A "sunny" day & <night> at O\'Hare'


def photo(name, alt_text, focal_x=50, focal_y=50, renditions=True):
    """A library photo stored under `name`, 1200x800, with its renditions'
    printed URLs (an ampersand in each, as a CDN's query string has) or none."""
    image = ImageFactory(alt_text=alt_text, focal_x=focal_x, focal_y=focal_y)
    stem = name.rsplit(".", 1)[0]
    printed = {
        "srcset": f"/media/r/{stem}-480w.jpg?v=1&q=80 480w, /media/r/{stem}-960w.jpg?v=1&q=80 960w",
        "webp_srcset": f"/media/r/{stem}-480w.webp?v=1&q=80 480w, /media/r/{stem}-960w.webp?v=1&q=80 960w",
        "src": f"/media/r/{stem}-960w.jpg?v=1&q=80",
    }
    Image.objects.filter(pk=image.pk).update(
        file=name, width=1200, height=800, renditions={"source": name, "printed": printed} if renditions else {}
    )
    image.refresh_from_db()
    return image


@pytest.fixture
def articles(settings):
    """Three cards, in Paris time (an hour ahead of the stored UTC): a hostile
    one with a photo and its renditions, one whose photo has no renditions yet
    and two authors, and a draft (no published_at) without a photo by three."""
    settings.TIME_ZONE = "Europe/Paris"
    hostile = ArticleFactory(
        title="<script>alert(\"pwned\")</script> Rock & 'Roll'",
        slug="rock-and-roll",
        standfirst="Less <than> & \"more\" than 'that'",
        category=Category.objects.create(name='Arts & "Culture" <Live>', slug="arts"),
        authors=[AuthorFactory(name="<b>Zoë</b> \"Z\" & O'Neil", slug="zoe-oneil")],
        featured_image=photo("images/2024/02/sun.jpg", HOSTILE_ALT, focal_x=23, focal_y=81),
        published_at=datetime(2024, 2, 29, 23, 30, tzinfo=timezone.utc),
    )
    plain = ArticleFactory(
        title="Budget passes",
        slug="budget-passes",
        standfirst="The vote was close.",
        category=Category.objects.create(name="Politics", slug="politics"),
        authors=[
            AuthorFactory(name="Maya Okafor", slug="maya-okafor"),
            AuthorFactory(name="Daniel Reyes", slug="daniel-reyes"),
        ],
        featured_image=photo("images/2024/03/vote.jpg", "The chamber during the vote", renditions=False),
        published_at=datetime(2024, 3, 10, 12, 0, tzinfo=timezone.utc),
    )
    draft = ArticleFactory(
        title="Coming soon",
        slug="coming-soon",
        standfirst="Not out yet.",
        category=Category.objects.get(slug="politics"),
        authors=[AuthorFactory(name=name, slug=name.lower()) for name in ("Ana", "Ben", "Cleo")],
        status=Article.Status.DRAFT,
        published_at=None,
        created_at=datetime(2024, 1, 5, 8, 0, tzinfo=timezone.utc),
    )
    order = {hostile.pk: 0, plain.pk: 1, draft.pk: 2}
    found = Article.objects.filter(pk__in=order).select_related("category", "featured_image").prefetch_related(bylines())
    return sorted(found, key=lambda article: order[article.pk])


def layout(html):
    """HTML as a browser lays it out: each run of whitespace is one space, and
    whitespace next to a block's tag is none (site.css: img is a block, and
    picture only its contents)."""
    html = re.sub(r"\s+", " ", html)
    return re.sub(r" ?(</?(?:article|div|p|h2|h3|picture|source|img)\b[^>]*>) ?", r"\1", html).strip()


def render(source, **context):
    return Template("{% load articles %}" + source).render(Context(context))


def test_cards_print_what_the_template_printed_from_what_the_listing_fetched(articles, django_assert_num_queries):
    with django_assert_num_queries(0):
        html = render("{% cards articles %}", articles=articles)
    assert layout(html) == layout(CARDS.format(heading="h3"))


def test_cards_in_a_listing_are_titled_h2(articles):
    assert layout(render('{% cards articles heading="h2" %}', articles=articles)) == layout(CARDS.format(heading="h2"))


def test_a_picture_with_every_option_prints_what_the_template_printed(articles):
    html = render(
        '{% picture image alt=alt sizes="(min-width: 48rem) 46rem, 100vw" eager=True class_name="embed-poster" %}',
        image=articles[0].featured_image,
        alt="<b>\"Quoted\" & 'single'</b>",
    )
    assert layout(html) == layout(PICTURE_EVERY_OPTION)


def test_a_picture_takes_its_alt_text_from_the_photo_and_is_lazy_by_default(articles):
    assert layout(render("{% picture image %}", image=articles[0].featured_image)) == layout(PICTURE_DEFAULTS)


def test_an_empty_alt_is_the_photos_own_text_as_before(articles):
    # The old include's `alt|default:image.alt_text` made alt="" print the photo's text.
    html = render('{% picture image alt="" sizes="5rem" %}', image=articles[1].featured_image)
    assert layout(html) == layout(PICTURE_WITHOUT_RENDITIONS)


def test_no_photo_prints_nothing():
    assert render("{% picture image %}", image=None) == ""


def test_the_byline_on_its_article_marks_the_authors(articles):
    html = render("{% byline article on_article=True %}", article=articles[0])
    assert layout(html) == layout(
        '<p class="byline">By <a href="/author/zoe-oneil/" rel="author">&lt;b&gt;Zoë&lt;/b&gt; &quot;Z&quot; &amp; '
        'O&#x27;Neil</a> &middot; <time datetime="2024-03-01T00:30:00+0100">March 1, 2024</time></p>'
    )


def test_a_full_byline_names_two_authors(articles):
    html = render("{% byline article %}", article=articles[1])
    assert layout(html) == layout(
        '<p class="byline">By <a href="/author/maya-okafor/">Maya Okafor</a> and <a href="/author/daniel-reyes/">'
        'Daniel Reyes</a> &middot; <time datetime="2024-03-10T13:00:00+0100">March 10, 2024</time></p>'
    )


def test_a_short_byline_of_an_undated_article_has_no_by_nor_date(articles):
    assert layout(render("{% byline article short=True %}", article=articles[2])) == layout(
        '<p class="byline"><a href="/author/ana/">Ana</a>, <a href="/author/ben/">Ben</a> and '
        '<a href="/author/cleo/">Cleo</a></p>'
    )


def test_every_hostile_value_is_escaped_as_django_escapes_it(articles):
    hostile = articles[0]
    values = [hostile.title, hostile.standfirst, hostile.category.name, hostile.authors_in_order[0].name, HOSTILE_ALT]
    html = render("{% cards articles %}", articles=[hostile])
    for value in values:
        assert django_escape(value) in html
        assert value not in html


PICTURE_EVERY_OPTION = """
<picture>
  <source type="image/webp" srcset="/media/r/images/2024/02/sun-480w.webp?v=1&amp;q=80 480w, /media/r/images/2024/02/sun-960w.webp?v=1&amp;q=80 960w" sizes="(min-width: 48rem) 46rem, 100vw">
  <img src="/media/r/images/2024/02/sun-960w.jpg?v=1&amp;q=80" srcset="/media/r/images/2024/02/sun-480w.jpg?v=1&amp;q=80 480w, /media/r/images/2024/02/sun-960w.jpg?v=1&amp;q=80 960w" sizes="(min-width: 48rem) 46rem, 100vw"
    alt="&lt;b&gt;&quot;Quoted&quot; &amp; &#x27;single&#x27;&lt;/b&gt;" width="1200" height="800"
    class="focus focus-x-25 focus-y-80 embed-poster"
    fetchpriority="high" decoding="async">
</picture>
"""

PICTURE_DEFAULTS = """
<picture>
  <source type="image/webp" srcset="/media/r/images/2024/02/sun-480w.webp?v=1&amp;q=80 480w, /media/r/images/2024/02/sun-960w.webp?v=1&amp;q=80 960w" sizes="100vw">
  <img src="/media/r/images/2024/02/sun-960w.jpg?v=1&amp;q=80" srcset="/media/r/images/2024/02/sun-480w.jpg?v=1&amp;q=80 480w, /media/r/images/2024/02/sun-960w.jpg?v=1&amp;q=80 960w" sizes="100vw"
    alt="A &quot;sunny&quot; day &amp; &lt;night&gt; at O&#x27;Hare" width="1200" height="800"
    class="focus focus-x-25 focus-y-80"
    loading="lazy" decoding="async">
</picture>
"""

PICTURE_WITHOUT_RENDITIONS = """
<picture>

  <img src="/media/images/2024/03/vote.jpg"
    alt="The chamber during the vote" width="1200" height="800"
    class="focus focus-x-50 focus-y-50"
    loading="lazy" decoding="async">
</picture>
"""

CARDS = """
<article class="card">

    <a class="card-media" href="/2024/03/01/rock-and-roll/" tabindex="-1" aria-hidden="true">

<picture>
  <source type="image/webp" srcset="/media/r/images/2024/02/sun-480w.webp?v=1&amp;q=80 480w, /media/r/images/2024/02/sun-960w.webp?v=1&amp;q=80 960w" sizes="(min-width: 72rem) 17rem, (min-width: 36rem) 50vw, 100vw">
  <img src="/media/r/images/2024/02/sun-960w.jpg?v=1&amp;q=80" srcset="/media/r/images/2024/02/sun-480w.jpg?v=1&amp;q=80 480w, /media/r/images/2024/02/sun-960w.jpg?v=1&amp;q=80 960w" sizes="(min-width: 72rem) 17rem, (min-width: 36rem) 50vw, 100vw"
    alt="A &quot;sunny&quot; day &amp; &lt;night&gt; at O&#x27;Hare" width="1200" height="800"
    class="focus focus-x-25 focus-y-80"
    loading="lazy" decoding="async">
</picture>

    </a>

  <div class="card-body">
    <a class="kicker" href="/category/arts/">Arts &amp; &quot;Culture&quot; &lt;Live&gt;</a>
    <{heading} class="card-title"><a href="/2024/03/01/rock-and-roll/">&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt; Rock &amp; &#x27;Roll&#x27;</a></{heading}>
    <p class="card-standfirst">Less &lt;than&gt; &amp; &quot;more&quot; than &#x27;that&#x27;</p>

<p class="byline"><a href="/author/zoe-oneil/">&lt;b&gt;Zoë&lt;/b&gt; &quot;Z&quot; &amp; O&#x27;Neil</a> &middot; <time datetime="2024-03-01T00:30:00+0100">March 1, 2024</time></p>

  </div>
</article>

<article class="card">

    <a class="card-media" href="/2024/03/10/budget-passes/" tabindex="-1" aria-hidden="true">

<picture>

  <img src="/media/images/2024/03/vote.jpg"
    alt="The chamber during the vote" width="1200" height="800"
    class="focus focus-x-50 focus-y-50"
    loading="lazy" decoding="async">
</picture>

    </a>

  <div class="card-body">
    <a class="kicker" href="/category/politics/">Politics</a>
    <{heading} class="card-title"><a href="/2024/03/10/budget-passes/">Budget passes</a></{heading}>
    <p class="card-standfirst">The vote was close.</p>

<p class="byline"><a href="/author/maya-okafor/">Maya Okafor</a> and <a href="/author/daniel-reyes/">Daniel Reyes</a> &middot; <time datetime="2024-03-10T13:00:00+0100">March 10, 2024</time></p>

  </div>
</article>

<article class="card">

  <div class="card-body">
    <a class="kicker" href="/category/politics/">Politics</a>
    <{heading} class="card-title"><a href="/2024/01/05/coming-soon/">Coming soon</a></{heading}>
    <p class="card-standfirst">Not out yet.</p>

<p class="byline"><a href="/author/ana/">Ana</a>, <a href="/author/ben/">Ben</a> and <a href="/author/cleo/">Cleo</a></p>

  </div>
</article>
"""
