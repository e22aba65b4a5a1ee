"""Article search. `search()` hides which database answers it and
`highlight()` prepares what the results page prints.

What a reader types is read with `clean_query()` and `first_words()`: at most
ARTICLES_SEARCH_MAX_CHARS characters and ARTICLES_SEARCH_MAX_WORDS words, so
the SQL a query string can make is bounded whatever it holds.

PostgreSQL reads the stored, GIN-indexed `Article.search_vector` (built from
`Article.SEARCH_WEIGHTS`) with websearch syntax ("a phrase", -word, or).
Elsewhere a ranked word match stands in, reading the same weights, quotes
and minus signs ("or" it ignores: every word must match).
"""
import html
import re

from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connections
from django.db.models import Case, F, Index, IntegerField, OuterRef, Q, Subquery, TextField, Value, When
from django.db.models.functions import Coalesce, Concat
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe

from .conf import conf

# PostgreSQL wraps matched words in these control characters, which are
# swapped for <mark> only after the text around them is escaped: stored text
# that happens to hold one can at worst move a highlight, never add markup.
MARK_START, MARK_STOP = "\x02", "\x03"
# What the fallback adds to the rank for a term found in each weight.
FALLBACK_POINTS = {"A": 4, "B": 2, "C": 1}
SNIPPET_CHARS = 240

_TERM = re.compile(r'(-?)"([^"]*)"|(-?)(\S+)')
_EDGE_PUNCTUATION = re.compile(r"^\W+|\W+$")


class SearchVectorIndex(GinIndex):
    """A GIN index on PostgreSQL. SQLite has no GIN, so there it is a plain
    index: harmless on an always-empty column, and it keeps SQLite's table
    rebuilds in later migrations working."""

    def create_sql(self, model, schema_editor, using="", **kwargs):
        if schema_editor.connection.vendor == "postgresql":
            return super().create_sql(model, schema_editor, using=using, **kwargs)
        return Index.create_sql(self, model, schema_editor, using=using, **kwargs)


def clean_query(raw: str) -> str:
    """Drop control characters (PostgreSQL refuses NUL), collapse whitespace
    and cut over-long input rather than refusing it."""
    printable = "".join(ch for ch in (raw or "") if ch.isprintable() or ch.isspace())
    return " ".join(printable.split())[: conf.ARTICLES_SEARCH_MAX_CHARS].strip()


def first_words(query: str):
    """(`query` cut to its first ARTICLES_SEARCH_MAX_WORDS words, whether
    words were left out). Each word of a "quoted phrase" counts; a phrase
    that crosses the limit is shortened and stays a phrase."""
    budget, kept = conf.ARTICLES_SEARCH_MAX_WORDS, []
    for match in _TERM.finditer(query):
        if budget <= 0:
            return " ".join(kept), True
        if match[2] is None:
            kept.append(match[0])
            budget -= 1
            continue
        phrase = match[2].split()
        kept.append(f'{match[1]}"{" ".join(phrase[:budget])}"')
        if len(phrase) > budget:
            return " ".join(kept), True
        budget -= len(phrase)
    return " ".join(kept), False


def parse_terms(query: str):
    """The words and "quoted phrases" to find, and those to leave out
    (-word), read the way PostgreSQL's websearch syntax reads them."""
    wanted, unwanted = [], []
    for match in _TERM.finditer(query):
        minus, text = (match[1], match[2]) if match[2] is not None else (match[3], match[4])
        text = _EDGE_PUNCTUATION.sub("", " ".join(text.split()))
        if text and text.lower() != "or":
            (unwanted if minus else wanted).append(text)
    return wanted, unwanted


def search_document(model):
    """The search vector of `model` weighted by its SEARCH_WEIGHTS, as one SQL
    expression, so a single UPDATE refreshes any number of rows."""
    config = conf.ARTICLES_SEARCH_CONFIG
    parts = [
        SearchVector(*[_text_of(model, path) for path in paths], weight=weight, config=config)
        for weight, paths in model.SEARCH_WEIGHTS.items()
    ]
    document = parts[0]
    for part in parts[1:]:
        document = document + part
    return document


def _text_of(model, path):
    if "__" not in path:
        return path
    joined = (
        model._default_manager.filter(pk=OuterRef("pk"))
        .values("pk")
        .annotate(text=StringAgg(path, delimiter=" "))
        .values("text")
    )
    return Coalesce(Subquery(joined), Value(""), output_field=TextField())


def is_postgresql(queryset):
    return connections[queryset.db].vendor == "postgresql"


def search(queryset, query: str):
    """The articles of `queryset` that match `query`, best first, each with a
    `rank`. An empty query finds nothing.

    Ranking reads every candidate's stored text, so only the newest
    ARTICLES_SEARCH_LIMIT matches are ranked: a selective query is ranked in
    full, and for a word found everywhere those are the recent stories a
    news reader wants.
    """
    if not query:
        return queryset.none()
    backend = _postgresql if is_postgresql(queryset) else _fallback
    matches, annotations = backend(queryset, query)
    newest = matches.order_by("-published_at", "-pk").values("pk")[: conf.ARTICLES_SEARCH_LIMIT]
    return queryset.filter(pk__in=newest).annotate(**annotations).order_by("-rank", "-published_at", "-pk")


def _postgresql(queryset, query):
    """Matches through the GIN-indexed vector; rank and marked headlines."""
    config = conf.ARTICLES_SEARCH_CONFIG
    tsquery = SearchQuery(query, search_type="websearch", config=config)
    marks = {"config": config, "start_sel": MARK_START, "stop_sel": MARK_STOP}
    return queryset.filter(search_vector=tsquery), {
        "rank": SearchRank(F("search_vector"), tsquery),
        "marked_title": SearchHeadline("title", tsquery, highlight_all=True, **marks),
        "marked_snippet": SearchHeadline(
            Concat("standfirst", Value(" "), "body", output_field=TextField()),
            tsquery,
            max_fragments=2,
            min_words=12,
            max_words=25,
            fragment_delimiter=" … ",
            **marks,
        ),
    }


def _sum(terms):
    """`terms` added in pairs, then pairs of pairs: the SQL nests log2(n) deep.
    Adding them one by one (`rank + term`) nests once per term, which
    overflowed SQLite's parser and Python's recursion on many-word queries."""
    if len(terms) == 1:
        return terms[0]
    middle = len(terms) // 2
    return _sum(terms[:middle]) + _sum(terms[middle:])


def _fallback(queryset, query):
    """Every wanted term somewhere, no unwanted one anywhere; the rank adds
    FALLBACK_POINTS for each term by the weight of where it was found."""
    wanted, unwanted = parse_terms(query)
    if not wanted:
        return queryset.none(), {"rank": Value(0, output_field=IntegerField())}
    model = queryset.model
    points = []
    for term in wanted:
        queryset = queryset.filter(_fallback_match(model, term))
        points += [
            Case(When(_fallback_match(model, term, paths), then=Value(FALLBACK_POINTS[weight])), default=Value(0))
            for weight, paths in model.SEARCH_WEIGHTS.items()
        ]
    for term in unwanted:
        queryset = queryset.exclude(_fallback_match(model, term))
    return queryset, {"rank": _sum(points)}


def _fallback_match(model, term, paths=None):
    """Rows where `term` appears in any of `paths` (default: all weighted ones)."""
    if paths is None:
        paths = [path for group in model.SEARCH_WEIGHTS.values() for path in group]
    match = Q()
    for path in paths:
        lookup = Q(**{f"{path}__icontains": term})
        # A to-many path would repeat rows once per related match.
        match |= Q(pk__in=model._default_manager.filter(lookup).values("pk")) if "__" in path else lookup
    return match


def highlight(articles, query: str):
    """The results page's articles as a list, each given `search_title` and
    `search_snippet`: escaped text with the matched words in <mark>."""
    articles = list(articles)
    wanted = parse_terms(query)[0]
    for article in articles:
        if hasattr(article, "marked_title"):  # PostgreSQL marked them in SQL
            article.search_title = _marks_to_html(article.marked_title)
            article.search_snippet = _marks_to_html(_plain_text(article.marked_snippet))
        else:
            text = _plain_text(f"{article.standfirst} {article.body}")
            article.search_title = mark_terms(article.title, wanted)
            article.search_snippet = mark_terms(excerpt(text, wanted), wanted)
    return articles


def _plain_text(markup):
    """Readable text of stored (sanitised) HTML: tags become spaces and
    entities characters again, so the result must be escaped before use."""
    return " ".join(html.unescape(strip_tags(markup.replace("<", " <"))).split())


def _marks_to_html(marked):
    # Splitting on a group alternates unmarked and marked pieces.
    pieces = re.split(f"{MARK_START}(.*?){MARK_STOP}", marked, flags=re.DOTALL)
    escaped = [escape(piece.replace(MARK_START, "").replace(MARK_STOP, "")) for piece in pieces]
    return mark_safe("".join(f"<mark>{piece}</mark>" if i % 2 else piece for i, piece in enumerate(escaped)))


def _terms_pattern(terms):
    if not terms:
        return None
    return re.compile("|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True)), re.IGNORECASE)


def mark_terms(text, terms):
    """`text` escaped, with every occurrence of `terms` in <mark>. Matches are
    found in the raw text and each piece escaped on its own, so a term can
    never split an entity or a tag."""
    pattern = _terms_pattern(terms)
    if pattern is None:
        return escape(text)
    pieces, last = [], 0
    for match in pattern.finditer(text):
        pieces.append(escape(text[last : match.start()]))
        pieces.append(f"<mark>{escape(match.group())}</mark>")
        last = match.end()
    pieces.append(escape(text[last:]))
    return mark_safe("".join(pieces))


def excerpt(text, terms, length=SNIPPET_CHARS):
    """About `length` characters of `text` around the first term found (or
    its beginning), cut at spaces, with ellipses where it was cut."""
    pattern = _terms_pattern(terms)
    match = pattern.search(text) if pattern else None
    start = text.find(" ", max(0, match.start() - length // 3)) + 1 if match and match.start() > length // 3 else 0
    end = start + length
    if end < len(text):
        end = max(text.rfind(" ", start, end), match.end() if match else 0) or end
    return ("… " if start else "") + text[start:end].strip() + (" …" if end < len(text) else "")
