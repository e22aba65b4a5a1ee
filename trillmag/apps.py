from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig
from django.db.models.signals import m2m_changed, post_migrate


class TrillmagConfig(AppConfig):
    name = "trillmag"
    verbose_name = "Trill! Mag"

    def ready(self):
        from django.contrib.auth import get_user_model

        from . import cache, cache_backends, frontcache, roles

        cache.watch_content_models()
        cache.add_invalidation_listener(frontcache.keys_changed)
        cache_backends.redis_recovered.connect(cache.bump_after_outage, dispatch_uid="trillmag.cache.bump_after_outage")
        post_migrate.connect(roles.grant_after_migrate, dispatch_uid="trillmag.roles.grant_after_migrate")
        m2m_changed.connect(
            roles.staff_when_given_a_role,
            sender=get_user_model().groups.through,
            dispatch_uid="trillmag.roles.staff_when_given_a_role",
        )


class NewsroomAdminConfig(AdminConfig):
    """Django's admin with the newsroom's site (trillmag/admin.py) as `admin.site`."""

    default_site = "trillmag.admin.NewsroomAdminSite"
