"""The date filters print exactly what Django's `date` filter would."""
from datetime import datetime, timezone as dt_timezone
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from trillmag.templatetags.dates import machine_date, news_date

WHEN = [
    datetime(2026, 3, 9, 0, 5, 7, 123456, tzinfo=dt_timezone.utc),
    datetime(2026, 9, 30, 23, 59, 59, tzinfo=dt_timezone.utc),
    datetime(2025, 12, 1, 12, 0, tzinfo=ZoneInfo("America/New_York")),
]
FORMATS = ["N j, Y", "N j, Y \\a\\t g:i a"]


def render(source, when):
    return Template("{% load dates %}" + source).render(Context({"when": when}))


@pytest.mark.parametrize("when", WHEN)
@pytest.mark.parametrize("format_string", FORMATS)
def test_news_date_prints_what_the_date_filter_prints(when, format_string):
    ours = render(f'{{{{ when|news_date:"{format_string}" }}}}', when)
    django = render(f'{{{{ when|date:"{format_string}" }}}}', when)
    assert ours == django and ours


@pytest.mark.parametrize("when", WHEN)
def test_machine_date_is_the_date_filter_iso_form_without_fractions(when):
    assert render("{{ when|machine_date }}", when) == render("{{ when|date:'Y-m-d\\TH:i:sO' }}", when)


def test_the_same_instant_prints_in_the_current_zone():
    instant = WHEN[0]
    with timezone.override("UTC"):
        assert render("{{ when|news_date:'g:i a' }}", instant) == "12:05 a.m."
    with timezone.override("Asia/Tokyo"):
        assert render("{{ when|news_date:'g:i a' }}", instant) == "9:05 a.m."
        assert render("{{ when|machine_date }}", instant) == "2026-03-09T09:05:07+0900"


def test_month_names_follow_the_active_language():
    with translation.override("de"):
        german = render("{{ when|news_date:'F' }}", WHEN[0])
    assert render("{{ when|news_date:'F' }}", WHEN[0]) == "March" and german == "März"


def test_anything_but_a_datetime_prints_nothing():
    assert machine_date(None) == "" and news_date("") == ""
