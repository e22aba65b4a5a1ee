"""The site, plus /bench/trivial/: the cheapest Django view that returns the same
bytes as the article page (saved to BENCH_TRIVIAL_FILE by bench/run.py), through
the same middleware and gunicorn settings. Every figure is read against it."""
import os
from functools import cache
from pathlib import Path

from django.http import HttpResponse
from django.urls import include, path


@cache
def article_bytes():
    return Path(os.environ["BENCH_TRIVIAL_FILE"]).read_bytes()


def trivial(request):
    return HttpResponse(article_bytes(), content_type="text/html; charset=utf-8")


urlpatterns = [path("bench/trivial/", trivial), path("", include("trillmag.urls"))]
