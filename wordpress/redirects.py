"""Readers' old WordPress addresses answer with a permanent redirect to where
the content lives now: `/?p=12` (and `?page_id=`, `?attachment_id=`, `?cat=`,
`?tag=`) on the front page's address, and any other old path that would
otherwise be a 404. Only public content is ever redirected to."""
from django.http import HttpResponsePermanentRedirect
from django.urls import reverse
from taggit.models import Tag

from .models import OldURL

QUERY_KEYS = ("p", "page_id", "attachment_id", "cat", "tag")


class OldURLMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == "/" and request.GET:
            for key in QUERY_KEYS:
                if request.GET.get(key):
                    redirect = redirect_from(f"/?{key}={request.GET[key]}")
                    if redirect:
                        return redirect
        response = self.get_response(request)
        if response.status_code == 404 and request.method in ("GET", "HEAD"):
            path = request.path
            for candidate in dict.fromkeys([request.get_full_path(), path, path.rstrip("/") + "/", path.rstrip("/")]):
                redirect = redirect_from(candidate)
                if redirect:
                    return redirect
        return response


def redirect_from(path):
    if "\x00" in path:
        return None  # no old address holds a NUL, and PostgreSQL refuses to compare one
    old = OldURL.objects.filter(path=path).select_related("content_type").first()
    target = old.target if old else None
    url = public_url(target) if target is not None else None
    return HttpResponsePermanentRedirect(url) if url and url != path else None


def public_url(obj):
    """Where readers find `obj` now, or None while it is not public."""
    if isinstance(obj, Tag):
        return reverse("articles:tag", args=[obj.slug])
    if getattr(obj, "is_live", True) is False:
        return None
    return obj.get_absolute_url()
