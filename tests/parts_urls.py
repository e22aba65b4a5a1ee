"""A URLconf for tests/test_page_cache_parts.py: a page whose frame shows the
key "test-frame" and whose part, printed by a registered renderer, shows
"test-part". What each prints, and how often each was printed, are in SHOWN."""
from django.http import HttpResponse
from django.urls import path
from django.utils.html import format_html

from trillmag.pagecache import depends_on, print_part, register_part

SHOWN = {"frame": "The frame", "part": "the part", "frames printed": 0, "parts printed": 0}


def shout(request, word):
    depends_on("test-part")
    SHOWN["parts printed"] += 1
    return format_html("<b>{}, {} ({})</b>", word, SHOWN["part"], request.GET.get("page", "1"))


register_part("shout", shout)


def page(request):
    depends_on("test-frame")
    SHOWN["frames printed"] += 1
    body = format_html("<p>{}</p>{}<p>{}</p>", SHOWN["frame"], print_part(request, "shout", "hello"), "The end")
    return HttpResponse(body)


urlpatterns = [path("parted/", page)]
