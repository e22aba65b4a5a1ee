from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "pages"
    verbose_name = "Pages"

    def ready(self):
        from . import cache_keys
        from .history import history

        cache_keys.register()
        history.register()
