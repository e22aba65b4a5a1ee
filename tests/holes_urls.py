"""A URLconf for tests/test_page_cache.py: the site plus a page with a form whose
CSRF token is a page-cache hole (as the comment form's is), one whose token is
printed straight into the page, and one with a script allowed by the
Content-Security-Policy's nonce."""
from django.http import HttpResponse
from django.template import engines
from django.urls import include, path

from trillmag.pagecache import csrf_field, hole_marker, register_hole

# A hole every visitor gets filled: the page is theirs once filled, private to a CDN.
register_hole("csrf", csrf_field)

FORM = engines["django"].from_string(
    '<form method="post" id="commentform">{{ csrf_hole }}<button>Send</button></form><p>{{ when }}</p>'
)

BAKED = engines["django"].from_string('<form method="post">{% csrf_token %}</form>')

NONCED = engines["django"].from_string('<script nonce="{{ request.csp_nonce }}">document.title = "Hi"</script>')


def nonced_page(request):
    return HttpResponse(NONCED.render({}, request))


def baked_form_page(request):
    return HttpResponse(BAKED.render({}, request))


def form_page(request):
    if request.method == "POST":
        return HttpResponse("accepted")
    return HttpResponse(FORM.render({"when": request.GET.get("when", ""), "csrf_hole": hole_marker("csrf")}, request))


urlpatterns = [path("form/", form_page), path("baked/", baked_form_page), path("nonced/", nonced_page), path("", include("trillmag.urls"))]
