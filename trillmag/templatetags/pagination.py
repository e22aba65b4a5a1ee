from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def page_query(context, param, number, drop=""):
    """The current query string with `param` set to `number` (and `drop`
    removed): Django's {% querystring %} takes parameter names only as literals,
    and one pagination include serves listings (?page=) and threads (?cpage=)."""
    params = context.request.GET.copy()
    params[param] = number
    params.pop(drop, None)
    return f"?{params.urlencode()}"
