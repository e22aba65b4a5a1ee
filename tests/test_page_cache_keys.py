"""Narrow invalidation (trillmag/pagecache): a change makes stale exactly the
pages that can show it. Each test looks both ways: what must change does, what
must not stays a cache hit."""
import pytest
from django.template import Context, Template
from django.urls import reverse

from articles.querysets import ArticleQuerySet
from comments import parts as comment_parts
from comments.threads import build_thread
from pages.models import Page
from trillmag import pagecache
from trillmag.pagecache import changes

from .factories import ArticleFactory, CommentFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]


@pytest.fixture
def heard(monkeypatch):
    """The key sets the invalidation listeners are called with."""
    calls = []
    monkeypatch.setattr(changes, "_listeners", [])
    pagecache.add_invalidation_listener(calls.append)
    return calls


@pytest.fixture
def site(client):
    """Two articles and a static page, every page of them cached."""
    story = ArticleFactory(title="Harbour bridge reopens", tags=["transport"])
    other = ArticleFactory(title="Council votes on budget", tags=["politics"])
    about = Page.objects.create(title="About us", slug="about", body="<p>Who we are.</p>", is_published=True)
    urls = {
        "story": story.get_absolute_url(),
        "other": other.get_absolute_url(),
        "front": "/",
        "tag": reverse("articles:tag", args=["politics"]),
        "author": other.authors_in_order[0].get_absolute_url(),
        "section": other.category.get_absolute_url(),
        "feed": "/feed/",
        "sitemap": "/sitemap.xml",
        "search": "/search/?q=budget",
        "about": "/about/",
    }
    for url in urls.values():
        client.get(url)
    return story, other, about, urls


def states(client, urls):
    return {name: client.get(url)["X-Page-Cache"] for name, url in urls.items()}


def test_approving_a_comment_refreshes_its_article_only(client, site, commit, heard):
    story, other, about, urls = site
    comment = commit(CommentFactory, article=story, status="pending", body="Long overdue")
    comment.status = "approved"
    commit(comment.save)
    assert b"Long overdue" in client.get(urls["story"]).content
    assert heard[-1] == {f"article:{story.pk}", "any"}
    assert states(client, {k: v for k, v in urls.items() if k != "story"}) == {
        name: "hit" for name in urls if name != "story"
    }


def test_removing_a_comment_leaves_other_articles_cached(client, site, commit):
    story, other, about, urls = site
    comment = commit(CommentFactory, article=story, body="Regrettable words")
    client.get(urls["story"])
    comment.status = "removed"
    commit(comment.save)
    assert b"Regrettable words" not in client.get(urls["story"]).content
    assert client.get(urls["other"])["X-Page-Cache"] == "hit"


def test_a_comment_held_for_moderation_changes_nothing(client, site, commit, heard):
    story, other, about, urls = site
    commit(CommentFactory, article=story, status="pending")
    assert heard == []
    assert set(states(client, urls).values()) == {"hit"}


def test_editing_an_article_refreshes_every_page_that_shows_articles(client, site, commit, heard):
    story, other, about, urls = site
    other.title = "Council passes the budget"
    commit(other.save)
    assert {f"article:{other.pk}", "articles"} <= heard[-1]
    after = states(client, urls)
    assert after.pop("about") == "hit"  # a static page shows no article
    assert set(after.values()) == {"miss"}
    assert b"Council passes the budget" in client.get(urls["story"]).content  # its related box


def test_renaming_an_author_refreshes_the_listings_not_static_pages(client, site, commit):
    story, other, about, urls = site
    author = other.authors_in_order[0]
    author.name = "Ada Okafor"
    commit(author.save)
    assert b"Ada Okafor" in client.get(urls["author"]).content
    assert b"Ada Okafor" in client.get(urls["other"]).content
    assert client.get(urls["about"])["X-Page-Cache"] == "hit"


def test_editing_a_page_refreshes_the_chrome_everywhere(client, site, commit):
    story, other, about, urls = site
    about.in_footer = True
    commit(about.save)
    for name in ("front", "story", "about"):
        response = client.get(urls[name])
        assert response["X-Page-Cache"] == "miss" and b'href="/about/"' in response.content


def test_a_page_declaring_no_key_is_refreshed_by_any_change(client, site, commit, settings):
    settings.ROOT_URLCONF = "tests.holes_urls"
    client.get("/form/")
    assert client.get("/form/")["X-Page-Cache"] == "hit"
    story = site[0]
    commit(CommentFactory, article=story, body="Anything at all")
    assert client.get("/form/")["X-Page-Cache"] == "miss"


def test_shareable_responses_name_the_keys_they_depend_on(client, site):
    story, other, about, urls = site
    assert client.get(urls["front"])["X-Cache-Tags"].split() == ["articles", "site"]
    assert client.get(urls["about"])["X-Cache-Tags"].split() == ["site"]
    assert client.get(urls["feed"])["X-Cache-Tags"].split() == ["articles"]


def test_a_bulk_change_bumps_everything_once(client, site, heard, django_capture_on_commit_callbacks):
    story, other, about, urls = site
    with django_capture_on_commit_callbacks(execute=True), pagecache.changes_in_bulk():
        pagecache.content_changed("articles")
        pagecache.content_changed()
        assert heard == []
    assert heard == [{"*"}]
    assert set(states(client, urls).values()) == {"miss"}


def test_a_failing_listener_does_not_fail_the_change(client, site, commit, heard):
    story, other, about, urls = site

    def broken(keys):
        raise RuntimeError("purger unreachable")

    pagecache.add_invalidation_listener(broken)
    pagecache.add_invalidation_listener(heard.append)
    other.title = "Council passes the budget"
    commit(other.save)
    assert heard[-1] == heard[-2]
    assert b"Council passes the budget" in client.get(urls["other"]).content


def test_a_fragment_is_computed_once_per_version_of_its_keys(commit):
    computed = []

    def compute():
        computed.append(1)
        return len(computed)

    assert pagecache.remember("test:fragment", ["article:1"], compute) == 1
    assert pagecache.remember("test:fragment", ["article:1"], compute) == 1
    commit(pagecache.content_changed, "article:2")
    assert pagecache.remember("test:fragment", ["article:1"], compute) == 1
    commit(pagecache.content_changed, "article:1")
    assert pagecache.remember("test:fragment", ["article:1"], compute) == 2


def test_an_article_page_rendered_again_for_another_article_takes_its_thread_from_its_fragment(
    client, site, commit, monkeypatch
):
    story, other, about, urls = site
    CommentFactory(article=story, body="Kept in the fragment")
    commit(pagecache.content_changed, f"article:{story.pk}")
    built = []
    monkeypatch.setattr(comment_parts, "build_thread", lambda article: built.append(article.pk) or build_thread(article))
    assert "Kept in the fragment" in client.get(urls["story"]).text and built == [story.pk]
    other.title = "Council passes the budget"
    commit(other.save)
    page = client.get(urls["story"])
    assert page["X-Page-Cache"] == "miss" and "Kept in the fragment" in page.text
    assert built == [story.pk]  # thread and count remembered
    commit(CommentFactory, article=story, body="A newer comment")
    assert "A newer comment" in client.get(urls["story"]).text and built == [story.pk, story.pk]


def test_after_a_comment_on_it_an_article_page_prints_only_its_comment_parts_again(
    client, site, commit, monkeypatch, settings
):
    story, other, about, urls = site
    ranked = []
    related_to = ArticleQuerySet.related_to
    monkeypatch.setattr(
        ArticleQuerySet, "related_to", lambda qs, article, *args: ranked.append(article.pk) or related_to(qs, article, *args)
    )
    client.get(urls["story"])
    commit(CommentFactory, article=story, body="A fresh comment")
    page = client.get(urls["story"])
    assert page["X-Page-Cache"] == "refresh" and "A fresh comment" in page.text and "Council votes on budget" in page.text
    assert "1 Comment" in page.text and "(1 comment)" in page.text  # the heading's and the header's counts
    assert ranked == []  # the related box was not ranked again
    # Only the comment parts were printed: not the article's view or its page around them.
    assert {template.name for template in page.templates} == {
        "comments/thread_list.html",
        "includes/pagination.html",
    }
    settings.PAGE_CACHE = False
    assert client.get(urls["story"]).content == page.content  # the very bytes of a full render
    settings.PAGE_CACHE = True
    other.title = "Council passes the budget"
    commit(other.save)
    page = client.get(urls["story"])
    assert page["X-Page-Cache"] == "miss" and "Council passes the budget" in page.text and ranked[-1] == story.pk


def test_a_reply_link_s_page_names_the_comment_replied_to_as_it_is_now(client, site, commit):
    story, other, about, urls = site
    comment = CommentFactory(article=story, name="Ada Reader")
    commit(pagecache.content_changed, f"article:{story.pk}")
    reply_url = f"{urls['story']}?replytocom={comment.pk}"
    assert "Reply to <bdi>Ada Reader</bdi>" in client.get(reply_url).text
    comment.name = "Ada R."
    commit(comment.save)
    page = client.get(reply_url)
    assert page["X-Page-Cache"] == "miss" and "Reply to <bdi>Ada R.</bdi>" in page.text


def test_a_remembered_block_is_printed_once_per_version_of_its_keys(commit):
    printed = []
    template = Template('{% load pagecache %}{% remember "box" n on "articles" %}{{ next }}{% endremember %}')

    def render(n):
        return template.render(Context({"n": n, "next": lambda: printed.append(n) or len(printed)}))

    assert render(1) == "1" and render(1) == "1" and render(2) == "2"
    commit(pagecache.content_changed, "article:1")
    assert render(1) == "1"
    commit(pagecache.content_changed, "articles")
    assert render(1) == "3" and printed == [1, 2, 1]


def test_the_empty_comment_form_is_printed_once_and_follows_what_it_shows(client, site, commit):
    story, other, about, urls = site
    other.title = "Council passes the budget"
    commit(other.save)
    page = client.get(urls["story"])
    assert page["X-Page-Cache"] == "miss" and 'id="commentform"' in page.text
    assert "comments/form.html" not in {template.name for template in page.templates}

    story.slug = "harbour-bridge-reopens-at-last"
    commit(story.save)
    page = client.get(story.get_absolute_url())
    assert f'href="{story.get_absolute_url()}#respond"' in page.text and urls["story"] not in page.text

    commit(Page.objects.create, title="Privacy", slug="privacy-policy", body="<p>Ours.</p>", is_published=True)
    assert 'See <a href="/privacy-policy/">our privacy policy</a>' in client.get(story.get_absolute_url()).text

    comment = CommentFactory(article=story, name="Ada Reader")
    commit(pagecache.content_changed, f"article:{story.pk}")
    assert "Reply to <bdi>Ada Reader</bdi>" in client.get(f"{story.get_absolute_url()}?replytocom={comment.pk}").text
    assert "Leave a Reply" in client.get(story.get_absolute_url()).text
