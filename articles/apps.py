from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Articles"

    def ready(self):
        from trillmag import security

        from . import cache_keys, dashboard, embeds, forms, history, signals  # noqa: F401  (importing signals connects its receivers)

        cache_keys.register()
        dashboard.register_panels()
        history.history.register()
        # Embeds' players are framed from their providers' origins, on any page, and the
        # body editor's own inline styles are allowed by their hash (trillmag/security.py).
        security.allow("frame-src", embeds.player_origins)
        security.allow("style-src", lambda: [forms.EDITOR_STYLE_HASH])
