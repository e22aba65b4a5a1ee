"""The articles app's knobs, each with its default. trillmag/settings.py fills
them from the environment; read them through `app_settings` so tests can
override the Django settings."""
from django.conf import settings

DEFAULTS = {
    # PostgreSQL text-search configuration (language) for the search vector.
    "ARTICLES_SEARCH_CONFIG": "english",
    # How many of the newest matches search ranks (ranking reads each one's text).
    "ARTICLES_SEARCH_LIMIT": 1000,
    # How many articles each RSS feed carries.
    "ARTICLES_FEED_LENGTH": 20,
    # How far back the Google News sitemap reaches (Google reads two days).
    "ARTICLES_NEWS_SITEMAP_HOURS": 48,
}


class AppSettings:
    def __getattr__(self, name):
        key = f"ARTICLES_{name}"
        if key not in DEFAULTS:
            raise AttributeError(name)
        return getattr(settings, key, DEFAULTS[key])


app_settings = AppSettings()
