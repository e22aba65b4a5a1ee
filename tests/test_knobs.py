"""Every app's settings are declared once, with their defaults, and documented."""
import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from articles.conf import conf as articles_conf
from comments.conf import conf as comments_conf
from trillmag import knobs
from trillmag.management.commands.knobs import markdown_table, readme_table

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()


def test_a_knob_reads_the_setting_when_there_is_one_and_its_default_otherwise(settings):
    assert comments_conf.COMMENTS_MAX_LENGTH == 5000
    settings.COMMENTS_MAX_LENGTH = 12
    assert comments_conf.COMMENTS_MAX_LENGTH == 12


def test_a_misspelt_knob_is_an_error_not_a_silent_default():
    with pytest.raises(AttributeError, match="COMMENTS_MAX_LENGHT"):
        comments_conf.COMMENTS_MAX_LENGHT  # noqa: B018


def test_from_environment_parses_by_the_type_of_the_default_and_skips_what_is_unset():
    found = articles_conf.from_environment({"ARTICLES_PER_PAGE": "7", "ARTICLES_RENDITION_WIDTHS": "100,200"})
    assert found == {"ARTICLES_PER_PAGE": 7, "ARTICLES_RENDITION_WIDTHS": [100, 200]}


def test_the_settings_own_name_wins_over_an_old_alias():
    found = articles_conf.from_environment({"ARTICLES_SEARCH_CONFIG": "simple", "SEARCH_CONFIG": "german"})
    assert found == {"ARTICLES_SEARCH_CONFIG": "simple"}


def test_every_app_with_a_conf_module_is_read_from_the_environment():
    local_apps = [app.split(".")[0] for app in django_settings.INSTALLED_APPS if (ROOT / app.split(".")[0] / "conf.py").exists()]
    assert sorted(f"{app}.conf" for app in set(local_apps)) == sorted(django_settings.KNOB_MODULES)


def test_knob_names_are_unique_across_apps():
    names = [name for name, _knob in knobs.declared(django_settings.KNOB_MODULES)]
    assert len(names) == len(set(names))


def test_settings_py_states_no_knob_default_again():
    source = (ROOT / "trillmag" / "settings.py").read_text()
    for name, _knob in knobs.declared(django_settings.KNOB_MODULES):
        assert not re.search(rf"^{name}\s*=", source, re.M), f"settings.py sets {name} itself"


def test_the_readme_table_of_knobs_is_the_generated_one():
    assert readme_table(README) == markdown_table(django_settings.KNOB_MODULES), (
        "README.md is out of date: run `python manage.py knobs --write-readme`"
    )


def test_every_environment_variable_of_the_deployment_is_in_the_readme():
    read = set()
    for path in ("trillmag/settings.py", "gunicorn.conf.py"):
        read |= set(re.findall(r'(?:env\.\w+|environ\.get|getenv)\(\s*"([A-Z_]+)"', (ROOT / path).read_text()))
    documented = set(re.findall(r"`([A-Z][A-Z0-9_]+)`", README))
    assert read, "no environment variables found: the pattern above is out of date"
    assert read - documented == set()
