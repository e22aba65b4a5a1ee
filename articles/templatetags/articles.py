"""Cards, photos and bylines in templates, printed by articles/printing.py:

    {% load articles %}
    {% cards articles %}                   a listing's cards (heading="h2": titled h2 rather than h3)
    {% picture image sizes="5rem" %}       a library photo; also alt, eager=True, class_name
    {% byline article on_article=True %}   "By A and B · DATE"; short=True leaves out "By "
"""
from django import template
from django.utils.safestring import SafeString

from .. import printing

register = template.Library()


@register.simple_tag
def cards(articles, heading="h3"):
    return SafeString(printing.Printer().cards(articles, heading))


@register.simple_tag
def picture(image, alt="", sizes="", eager=False, class_name=""):
    return SafeString(printing.picture(image, alt, sizes, eager, class_name))


@register.simple_tag
def byline(article, short=False, on_article=False):
    return SafeString(printing.Printer().byline(article, short, on_article))
