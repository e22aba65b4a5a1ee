import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django_tasks_db.models import DBTaskResult
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles import search
from articles.conf import conf
from articles.models import Article
from tests.factories import ArticleFactory, CategoryFactory, DraftFactory

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text search only")


def results(client, query, **params):
    response = client.get(reverse("articles:search"), {"q": query, **params})
    assert response.status_code == 200
    return response


def titles(response):
    return [article.title for article in response.context["articles"]]


def test_title_match_ranks_above_body_match(client, committed):
    with committed():
        in_body = ArticleFactory(title="Ministers meet", body="<p>Talks on the glacier ended late.</p>")
        in_title = ArticleFactory(title="The glacier retreats", published_at=in_body.published_at - timedelta(days=3))
    assert titles(results(client, "glacier")) == [in_title.title, in_body.title]


def test_standfirst_match_ranks_above_body_match(client, committed):
    with committed():
        in_body = ArticleFactory(title="One", body="<p>A note on tariffs.</p>")
        in_standfirst = ArticleFactory(
            title="Two", standfirst="Tariffs rise again.", published_at=in_body.published_at - timedelta(days=1)
        )
    assert titles(results(client, "tariffs")) == [in_standfirst.title, in_body.title]


def test_matched_words_are_highlighted_in_title_and_snippet(client, committed):
    with committed():
        ArticleFactory(title="Visit to Baghdad", body="<p>Long talks were held in Baghdad on Sunday.</p>")
    html = results(client, "baghdad").content.decode()
    assert "Visit to <mark>Baghdad</mark>" in html
    assert "held in <mark>Baghdad</mark> on Sunday" in html


def test_highlighting_escapes_the_article_text_before_marking(client, committed):
    with committed():
        ArticleFactory(
            title="<script>alert(1)</script> storm warning",
            standfirst="Storm & rain <img src=x onerror=alert(1)>",
            body="<p>The storm &amp; the flood.</p>",
        )
    html = results(client, "storm").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; <mark>storm</mark> warning" in html


def test_drafts_and_scheduled_articles_are_never_found(client, committed):
    with committed():
        DraftFactory(title="Hidden volcano draft")
        ArticleFactory(title="Scheduled volcano story", published_at=timezone.now() + timedelta(hours=2))
        ArticleFactory(title="Published volcano story")
    assert titles(results(client, "volcano")) == ["Published volcano story"]


def test_tags_are_searched_and_follow_tag_changes(client, committed):
    with committed():
        article = ArticleFactory(title="Talks", tags=["Mesopotamia"])
    assert titles(results(client, "mesopotamia")) == ["Talks"]
    with committed():
        article.tags.set(["Levant"])
    assert titles(results(client, "mesopotamia")) == []
    assert titles(results(client, "levant")) == ["Talks"]


def test_edited_article_is_found_by_its_new_words(client, committed):
    with committed():
        article = ArticleFactory(title="Harbour plans")
    with committed():
        article.title = "Lighthouse plans"
        article.save()
    assert titles(results(client, "lighthouse")) == ["Lighthouse plans"]
    assert titles(results(client, "harbour")) == []


def test_quoted_phrase_and_minus_word(client, committed):
    with committed():
        ArticleFactory(title="Red sea shipping")
        ArticleFactory(title="Sea red tide")
        ArticleFactory(title="Red sea fishing")
    assert sorted(titles(results(client, '"red sea"'))) == ["Red sea fishing", "Red sea shipping"]
    assert titles(results(client, '"red sea" -fishing')) == ["Red sea shipping"]


HOSTILE_QUERIES = [
    "x" * 5000,
    "word " * 300,
    "!!!",
    "?!.,;:()[]{}",
    "'; DROP TABLE articles_article; --",
    "' OR 1=1 --",
    "%",
    "_",
    "100%_sure",
    '"unbalanced',
    '""',
    "-",
    "--",
    "-nothing",
    "or",
    "a & b | !c <-> d:*",
    "null\x00byte",
    "tab\tand\nnewline\x1bescape",
    "日本語のニュース",
    "مرحبا بالعالم",
    "emoji 🎉🔥",
    "<script>alert(1)</script>",
    "\\",
    "\\\\'",
]


@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_odd_and_hostile_queries_answer_200(client, committed, query):
    with committed():
        ArticleFactory(title="Ordinary story")
    response = results(client, query)
    assert response.context["query"] == search.first_words(search.clean_query(query))[0]


def test_percent_and_underscore_are_matched_literally(client, committed):
    with committed():
        ArticleFactory(title="Ordinary story")
    assert titles(results(client, "%")) == []
    assert titles(results(client, "_")) == []


def test_over_long_query_is_cut_and_kept_in_the_box(client):
    response = results(client, "word " * 300)
    query = response.context["query"]
    assert len(query) <= conf.ARTICLES_SEARCH_MAX_CHARS
    assert f'value="{query}"' in response.content.decode()


def test_query_is_kept_in_both_search_boxes(client):
    html = results(client, "harbour lights").content.decode()
    assert html.count('value="harbour lights"') == 2


def test_empty_query_shows_the_form_and_popular_tags(client):
    ArticleFactory.create_batch(2, tags=["Elections"])
    ArticleFactory(tags=["Climate"])
    DraftFactory(tags=["Secret plans"])
    response = results(client, "")
    assert response.context["articles"] == []
    assert [tag.name for tag in response.context["popular_tags"]] == ["Elections", "Climate"]
    html = response.content.decode()
    assert 'id="search-page-q"' in html
    assert reverse("articles:tag", args=["elections"]) in html
    assert "Secret plans" not in html


def test_popular_tags_come_from_the_newest_articles():
    ArticleFactory.create_batch(3, tags=["Old story"], published_at=timezone.now() - timedelta(days=30))
    ArticleFactory(tags=["Fresh"])
    popular = Article.objects.published().popular_tags(5, among=1)
    assert [(tag.name, tag.article_count) for tag in popular] == [("Fresh", 1)]


def test_no_results_shows_a_helpful_message(client):
    ArticleFactory(tags=["Elections"])
    html = results(client, "zzyzx").content.decode()
    assert "Nothing matches “zzyzx”" in html
    assert "Elections" in html


def test_results_are_paginated_keeping_the_query(client, committed, settings):
    with committed():
        ArticleFactory.create_batch(12, title="Budget vote")
    first = results(client, "budget")
    assert len(first.context["articles"]) == 10
    assert first.context["paginator"].count == 12
    assert "?q=budget&amp;page=2" in first.content.decode()
    assert len(results(client, "budget", page=2).context["articles"]) == 2


def test_only_the_newest_matches_are_ranked(client, committed, settings):
    settings.ARTICLES_SEARCH_LIMIT = 2
    with committed():
        ArticleFactory(title="Budget vote", published_at=timezone.now() - timedelta(days=9))
        ArticleFactory(title="Budget row", body="<p>The budget, the budget.</p>")
        ArticleFactory(title="Talks", body="<p>On the budget.</p>")
    response = results(client, "budget")
    assert titles(response) == ["Budget row", "Talks"]
    assert "2+ results" in response.content.decode()


def test_results_page_makes_the_same_queries_for_few_and_many_results(client, committed):
    def query_count():
        with CaptureQueriesContext(connection) as queries:
            results(client, "budget")
        return len(queries)

    with committed():
        ArticleFactory.create_batch(2, title="Budget vote", tags=["Money"])
    few = query_count()
    with committed():
        ArticleFactory.create_batch(10, title="Budget vote", tags=["Money", "Tax"])
    # count, page, the page's bylines (one prefetch), the footer's pages (remembered per content version once the cache is on)
    assert query_count() == few == 4


def bulk_loaded_articles(count):
    section = CategoryFactory()
    Article.objects.bulk_create(
        [ArticleFactory.build(title=f"Archive glacier {n}", category=section) for n in range(count)]
    )


def test_rows_loaded_in_bulk_become_searchable_with_the_rebuild_job(client, run_jobs):
    bulk_loaded_articles(3)
    output = io.StringIO()
    call_command("update_search_vectors", stdout=output)
    assert output.getvalue().startswith("Search vectors will be rebuilt by a worker (job ")
    assert DBTaskResult.objects.get().task_path == "articles.tasks.update_search_vectors"
    run_jobs()
    assert DBTaskResult.objects.get().return_value == (3 if connection.vendor == "postgresql" else 0)
    assert len(titles(results(client, "glacier"))) == 3


def test_the_rebuild_command_can_run_in_place(client):
    bulk_loaded_articles(3)
    output = io.StringIO()
    call_command("update_search_vectors", "--now", stdout=output)
    assert output.getvalue().startswith(f"Search vectors rebuilt for {3 if connection.vendor == 'postgresql' else 0}")
    assert len(titles(results(client, "glacier"))) == 3


def test_clean_query_drops_control_characters_and_cuts_long_input():
    assert search.clean_query("  a\x00b \t c\x1b ") == "ab c"
    assert len(search.clean_query("x" * 1000)) == conf.ARTICLES_SEARCH_MAX_CHARS


def test_first_words_keeps_the_first_words_counting_each_word_of_a_phrase(settings):
    settings.ARTICLES_SEARCH_MAX_WORDS = 4
    assert search.first_words("one two three") == ("one two three", False)
    assert search.first_words("one two three four") == ("one two three four", False)
    assert search.first_words("one two three four five") == ("one two three four", True)
    assert search.first_words('one "two three four five" six') == ('one "two three four"', True)
    assert search.first_words('-one "two three" or six seven') == ('-one "two three" or', True)


# --- The term bomb: many words never break search (finding 2 of issue 15) ------

BOMBS = {
    "25 words": "a " * 25,
    "60 words": " ".join(["a", "b", "c"] * 20),
    "500 words": " ".join(f"w{n}" for n in range(500)),
    "500 matching words": "glacier " * 500,
    "long words": " ".join(["x" * 150, "y" * 2000, "glacier"]),
    "phrases and minus words": ' '.join(['"a b c d e f g h"', "-x", "or"] * 40),
    "punctuation and quotes": " ".join(['"', "'", "--", "-\"", "%", "_", "&|!<->:*", "\\"] * 30),
    "NUL and controls": "glacier\x00 " * 60 + "\x1b\x07",
    "unicode": " ".join(["日本語", "مرحبا", "🎉🔥", "ﬁ", "İ", "ß", "\u200b", "\ufeff"] * 40),
}


@pytest.mark.parametrize("query", BOMBS.values(), ids=BOMBS.keys())
def test_the_term_bomb_answers_200_with_a_note(client, committed, query):
    with committed():
        ArticleFactory(title="Glacier a b c", body="<p>a b c w1 w2</p>")
    response = results(client, query)
    searched, left_out = search.first_words(search.clean_query(query))
    assert response.context["query"] == searched
    assert len(searched.split()) <= conf.ARTICLES_SEARCH_MAX_WORDS
    note = f"Searched for the first {conf.ARTICLES_SEARCH_MAX_WORDS} words"
    assert (note in response.content.decode()) == left_out


@pytest.mark.parametrize("words", [60, 250])
def test_many_matching_words_still_find_and_rank_when_the_limits_allow_them(client, committed, settings, words):
    settings.ARTICLES_SEARCH_MAX_WORDS = words
    settings.ARTICLES_SEARCH_MAX_CHARS = 10 * words
    with committed():
        ArticleFactory(title="Alpha beta", body="<p>" + " ".join(f"w{n}" for n in range(words)) + "</p>")
    response = results(client, "alpha " + " ".join(f"w{n}" for n in range(words - 1)))
    assert titles(response) == ["Alpha beta"]
    assert "Searched for the first" not in response.content.decode()


def test_the_fallback_rank_nests_by_the_logarithm_of_the_words():
    def nesting(words):
        matches, annotations = search._fallback(Article.objects.all(), " ".join(f"w{n}" for n in range(words)))
        deepest = level = 0
        for char in str(annotations["rank"].resolve_expression(matches.query).as_sql(
            matches.query.get_compiler("default"), connection
        )[0]):
            level += {"(": 1, ")": -1}.get(char, 0)
            deepest = max(deepest, level)
        return deepest

    # Three weights a word: 3 terms to add for 1 word, 3,072 for 1,024 (2 ** 10 times as many).
    assert nesting(1024) - nesting(1) <= 10


def test_parse_terms_reads_phrases_and_exclusions():
    assert search.parse_terms('"red sea" ships -fishing, or "" -') == (["red sea", "ships"], ["fishing"])


def test_mark_terms_never_splits_an_entity():
    assert search.mark_terms("Fish & chips", ["amp", "chips"]) == "Fish &amp; <mark>chips</mark>"


@on_postgresql
def test_postgresql_search_reads_the_indexed_search_vector(committed):
    with committed():
        ArticleFactory(title="Glacier")
    queryset = search.search(Article.objects.published(), "glacier")
    with CaptureQueriesContext(connection) as queries:
        assert [article.title for article in queryset] == ["Glacier"]
    assert '"search_vector" @@ (websearch_to_tsquery(' in queries[0]["sql"]
    # With a table this small PostgreSQL would rather scan it, and the
    # published() filter has its own index: ask about the search alone.
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    plan = search.search(Article.objects.all(), "glacier").explain()
    assert "Bitmap Index Scan on article_search_idx" in plan


@on_postgresql
def test_search_vector_is_built_by_a_job_queued_with_the_save(run_jobs):
    article = ArticleFactory(title="Glacier")
    article.refresh_from_db()
    assert article.search_vector is None
    run_jobs()
    article.refresh_from_db()
    assert "'glacier':1A" in article.search_vector


def test_a_rolled_back_save_queues_no_search_job():
    with pytest.raises(RuntimeError), transaction.atomic():
        ArticleFactory(title="Glacier", tags=["ice"])
        assert DBTaskResult.objects.filter(task_path="articles.tasks.refresh_search_vector").exists()
        raise RuntimeError("the admin's save failed")
    assert not DBTaskResult.objects.exists()


def test_every_search_box_takes_as_many_characters_as_search_reads(client):
    for url in ("/", "/search/", "/no-such-page/"):
        page = client.get(url).content.decode()
        assert page.count('type="search"') == page.count(f'maxlength="{conf.ARTICLES_SEARCH_MAX_CHARS}"') >= 1
