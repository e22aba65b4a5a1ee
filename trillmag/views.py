"""Site-wide views: health check, robots.txt and the error pages."""
from django.conf import settings
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.template import loader
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import health
from .context_processors import site

RETRY_AFTER_SECONDS = "30"


@never_cache
@require_GET
def healthz(request):
    """Each dependency's state, as text (first line: ok, degraded or
    unavailable) or as JSON (?format=json). 503 only when the site cannot
    serve, i.e. without its database."""
    status, details = health.report()
    code = 503 if status == "unavailable" else 200
    if request.GET.get("format") == "json":
        response = JsonResponse({"status": status, "checks": details}, status=code)
    else:
        lines = [status, *(f"{name}: {detail}" for name, detail in details.items())]
        response = HttpResponse("\n".join(lines) + "\n", status=code, content_type="text/plain")
    if code == 503:
        response["Retry-After"] = RETRY_AFTER_SECONDS
    return response


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        f"Disallow: {reverse('admin:index')}",
        "Disallow: /search/",
        f"Sitemap: {settings.SITE_URL}{reverse('sitemap')}",
        f"Sitemap: {settings.SITE_URL}{reverse('news_sitemap')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


def server_error(request):
    """The 500 page, rendered without a RequestContext so that nothing in it can
    touch the database (which may be what failed)."""
    return HttpResponseServerError(loader.render_to_string("500.html", site(request)))


def service_unavailable(request):
    """The "we'll be right back" page, shown while the database is unreachable;
    like the 500 page it renders without touching the database."""
    response = HttpResponse(loader.render_to_string("503.html", site(request)), status=503)
    response["Retry-After"] = RETRY_AFTER_SECONDS
    add_never_cache_headers(response)
    return response


def request_too_large(request):
    """The 413 page, for a body over the limit (trillmag.middleware); like the
    500 page it renders without touching the database."""
    response = HttpResponse(loader.render_to_string("413.html", site(request)), status=413)
    add_never_cache_headers(response)
    return response
