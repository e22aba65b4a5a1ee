from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Articles"

    def ready(self):
        from . import cache_keys, dashboard, history, signals  # noqa: F401  (importing signals connects its receivers)

        cache_keys.register()
        dashboard.register_panels()
        history.history.register()
