"""The page cache: whole pages and fragments kept per version of the content
they show, and the holes where a shared page gets each visitor's own parts.
It knows no app: each app says, in its AppConfig.ready, which keys a change
to its rows makes stale (`watch`), when its content changes by itself
(`register_schedule`), which holes it fills (`register_hole`) and which parts
of a page it prints again on their own (`register_part`); its views say which
keys a page shows (`depends_on`, `remember`). README.md ("Speed") has the
design and the keys the apps use.
"""
from .changes import ANY, add_invalidation_listener, changes_in_bulk, content_changed, watch
from .fragments import depends_on, remember, shows
from .holes import csrf_field, hole_marker, register_hole
from .parts import print_part, register_part
from .schedules import register_schedule

__all__ = [
    "ANY",
    "add_invalidation_listener",
    "changes_in_bulk",
    "content_changed",
    "csrf_field",
    "depends_on",
    "hole_marker",
    "print_part",
    "register_hole",
    "register_part",
    "register_schedule",
    "remember",
    "shows",
    "watch",
]
