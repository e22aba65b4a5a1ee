"""What browsers may do with our pages: the Content-Security-Policy of every
response (django-csp) and the admin forms that need a nonce. README.md
("Security") explains the policy; the Permissions-Policy is a plain setting.

- Scripts come only from our own files: no inline script and no event handler
  attribute anywhere readers go, so a cached page (trillmag/pagecache/) carries no
  nonce and the same policy fits every copy of it. The one inline script we
  serve is the import map of the admin's rich-text editor, given a nonce per
  response (`NoncedMediaMixin`); admin pages are never cached.
- Styles come only from our stylesheets: per-item values (a photo's focal
  point, an avatar's colour) are classes, not style attributes. The editor's
  own inline <style> is allowed by its hash (articles/forms.py).
- Apps add what they need (`allow()` in their AppConfig.ready()): the embeds'
  player origins for frame-src, on every page, so that a cached page and its
  header never disagree and the page cache needs to know nothing of embeds.
"""
from collections.abc import Mapping
from functools import cache
from urllib.parse import urlsplit

from csp.constants import NONCE, NONE, SELF
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.core.signals import setting_changed
from js_asset import Media

from .conf import conf

_allowed = {}


def allow(directive, sources):
    """Add the origins `sources()` returns to `directive` (say "frame-src").
    Called again whenever a setting changes: what it reads may be a knob."""
    _allowed.setdefault(directive, []).append(sources)
    directives.cache_clear()


def media_origin():
    """Photos come from MEDIA_URL: this site, or a bucket or CDN elsewhere."""
    url = urlsplit(settings.MEDIA_URL)
    return [f"{url.scheme}://{url.netloc}"] if url.scheme and url.netloc else []


class Policy(Mapping):
    """Directives, read-only. django-csp's middleware deep-copies the policy of
    every response (`dataclasses.asdict`), which cost more than serving a cached
    page (about 200 µs); this one is handed over as it is."""

    def __init__(self, directives):
        self.directives = directives

    def __getitem__(self, name):
        return self.directives[name]

    def __iter__(self):
        return iter(self.directives)

    def __len__(self):
        return len(self.directives)

    def __deepcopy__(self, memo):
        return self


@cache
def directives():
    """The policy's directives, for django-csp: made once, and again when a
    setting changes (tests)."""
    policy = {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],  # the nonce only when a page asks for one
        "style-src": [SELF],
        "img-src": [SELF, *media_origin()],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "report-uri": conf.CONTENT_POLICY_REPORT_URI or None,
    }
    for directive, sources in _allowed.items():
        policy[directive] = [*policy.get(directive, []), *(origin for source in sources for origin in source())]
    # Frames only from the origins apps allow; without any, none (not default-src's 'self').
    policy["frame-src"] = policy.get("frame-src") or [NONE]
    return Policy(policy)


setting_changed.connect(lambda **kwargs: directives.cache_clear(), weak=False)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware with the policy above, enforced or, while
    CONTENT_POLICY_REPORT_ONLY is on, only reported. A view may still adjust it
    with django-csp's decorators."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if parts.config is None:
            # The other header gets no policy: django-csp reads its settings, and we set none.
            parts.config = directives() if report_only == conf.CONTENT_POLICY_REPORT_ONLY else None
        return parts


class NoncedMediaMixin:
    """For ModelAdmins whose forms carry an inline script (the rich-text
    editor's import map, which cannot be a file): the form's media gets this
    response's nonce."""

    def render_change_form(self, request, context, *args, **kwargs):
        context["media"] = Media.from_media(context["media"], nonce=request.csp_nonce)
        return super().render_change_form(request, context, *args, **kwargs)
