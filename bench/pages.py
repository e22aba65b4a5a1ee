"""The pages the benchmark loads, picked from the database it runs against, and
what each costs in SQL (with the query plans on request, to check that no page
query scans a whole table). Run inside Django, with PAGE_CACHE off so that
every page is rendered: bench/run.py calls it through `manage.py shell`."""
import json
import re
import sys

from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from taggit.models import Tag

from articles.models import Article

SEARCH_QUERY = "budget"


def bench_article():
    """The newest published article: the one generate_content gives a full thread."""
    return Article.objects.published().latest().first()


def page_urls():
    tag = Tag.objects.annotate(n=Count("taggit_taggeditem_items")).order_by("-n").first()
    return {
        "front": "/",
        "article": bench_article().get_absolute_url(),
        "tag": f"/tag/{tag.slug}/",
        "search": f"/search/?q={SEARCH_QUERY}",
    }


def page_queries(url):
    client = Client(SERVER_NAME="127.0.0.1")
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return [query["sql"] for query in captured.captured_queries]


def explain(sql):
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}")
        return "\n".join(row[0] for row in cursor.fetchall())


# Tables that grow with the archive: a page query must never read them whole.
GROWING_TABLES = ("articles_article", "articles_byline", "comments_comment", "taggit_tag", "taggit_taggeditem")


def seq_scans(plan):
    return sorted({table for table in GROWING_TABLES if re.search(rf"Seq Scan on {table}\b", plan)})


def report(explain_plans=False, stream=sys.stdout):
    """JSON: each page's URL and query count; with `explain_plans`, the growing
    tables any of its queries scans sequentially."""
    pages = {}
    for name, url in page_urls().items():
        queries = page_queries(url)
        pages[name] = {"url": url, "queries": len(queries)}
        if explain_plans:
            pages[name]["seq_scans"] = sorted({t for sql in queries for t in seq_scans(explain(sql))})
    json.dump(pages, stream, indent=1)
    return pages
