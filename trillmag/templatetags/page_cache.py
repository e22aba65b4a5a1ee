from django import template

from trillmag.cache import hole_marker

register = template.Library()


@register.simple_tag
def hole(name):
    """A per-visitor fragment (e.g. `{% hole "csrf" %}` for the CSRF input) that
    stays open in cached pages and is filled for each response."""
    return hole_marker(name)
