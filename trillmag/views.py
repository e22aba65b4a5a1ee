"""Site-wide views: health check, robots.txt and the error pages."""
from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpResponse, HttpResponseServerError
from django.template import loader
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .context_processors import site

RETRY_AFTER_SECONDS = "30"


@never_cache
@require_GET
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        response = HttpResponse("database unavailable", status=503, content_type="text/plain")
        response["Retry-After"] = RETRY_AFTER_SECONDS
        return response
    return HttpResponse("ok", content_type="text/plain")


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
