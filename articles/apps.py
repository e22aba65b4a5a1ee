from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Articles"

    def ready(self):
        from . import dashboard, signals  # noqa: F401  (importing signals connects its receivers)

        dashboard.register_panels()
