from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = "Comments"

    def ready(self):
        import reversion

        from trillmag.pagecache import register_hole, register_part

        from . import cache_keys, checks, dashboard, holes, parts  # noqa: F401 (checks registers itself)
        from .models import Comment, Notification

        cache_keys.register()
        register_hole(holes.THREAD, holes.thread_hole)
        register_hole(holes.DETAILS, holes.details_hole)
        register_part(parts.COUNT_LINK, parts.count_link_part)
        register_part(parts.THREAD, parts.thread_part)
        dashboard.register_panels()
        # Kept with the last revision of an article when it is deleted, so that
        # recovering the article brings its comments back (editing/history.py).
        reversion.register(Comment)
        reversion.register(Notification)
