from django.apps import AppConfig
from django.db.models.signals import post_migrate


class TrillmagConfig(AppConfig):
    name = "trillmag"
    verbose_name = "Trill! Mag"

    def ready(self):
        from . import cache, cache_backends, roles

        cache.watch_content_models()
        cache_backends.redis_recovered.connect(cache.bump_after_outage, dispatch_uid="trillmag.cache.bump_after_outage")
        post_migrate.connect(roles.grant_after_migrate, dispatch_uid="trillmag.roles.grant_after_migrate")
