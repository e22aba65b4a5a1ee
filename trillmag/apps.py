from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig
from django.db.models.signals import m2m_changed, post_migrate


class TrillmagConfig(AppConfig):
    name = "trillmag"
    verbose_name = "Trill! Mag"

    def ready(self):
        from django.contrib.auth import get_user_model

        from . import cache_backends, flash, frontcache, roles
        from .pagecache import add_invalidation_listener, register_hole
        from .pagecache.changes import bump_after_outage

        register_hole("messages", flash.messages_hole)
        add_invalidation_listener(frontcache.keys_changed)
        cache_backends.redis_recovered.connect(bump_after_outage, dispatch_uid="trillmag.pagecache.bump_after_outage")
        post_migrate.connect(roles.grant_after_migrate, dispatch_uid="trillmag.roles.grant_after_migrate")
        m2m_changed.connect(
            roles.staff_when_given_a_role,
            sender=get_user_model().groups.through,
            dispatch_uid="trillmag.roles.staff_when_given_a_role",
        )


class NewsroomAdminConfig(AdminConfig):
    """Django's admin with the newsroom's site (trillmag/admin.py) as `admin.site`."""

    default_site = "trillmag.admin.NewsroomAdminSite"
