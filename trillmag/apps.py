from django.apps import AppConfig


class TrillmagConfig(AppConfig):
    name = "trillmag"
    verbose_name = "Trill! Mag"

    def ready(self):
        from . import cache

        cache.watch_content_models()
