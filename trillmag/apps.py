from django.apps import AppConfig


class TrillmagConfig(AppConfig):
    name = "trillmag"
    verbose_name = "Trill! Mag"
