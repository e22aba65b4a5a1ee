"""Dates for pages that print many of them (a comment thread, a page of cards).

Django's `date` filter parses its format and looks up translations on every
call, about a sixth of an article page's render with 50 comments. These print
the same text: `machine_date` in C, `news_date` once per date and format.

    {% load dates %}
    <time datetime="{{ when|machine_date }}">{{ when|news_date }}</time>
    {{ when|news_date:"N j, Y \a\t g:i a" }}
"""
import functools
from datetime import datetime

from django import template
from django.utils import dateformat
from django.utils.translation import get_language

register = template.Library()

NEWS_DATE = "N j, Y"


@register.filter(expects_localtime=True, is_safe=True)
def machine_date(value):
    """For <time datetime>: to the second, with the offset (HTML takes no more)."""
    return value.strftime("%Y-%m-%dT%H:%M:%S%z") if isinstance(value, datetime) else ""


@register.filter(expects_localtime=True)
def news_date(value, format_string=NEWS_DATE):
    """Django's `date` filter with an explicit format, remembered per date."""
    if not isinstance(value, datetime):
        return ""
    return formatted(value, value.tzinfo, format_string, get_language())


@functools.lru_cache(maxsize=4096)
def formatted(value, tzinfo, format_string, language):
    # An aware datetime compares equal to the same instant in another zone:
    # the zone (and the language of month names) is part of the key.
    return dateformat.format(value, format_string)
