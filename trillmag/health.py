"""What /healthz reports: each dependency's state, in one line each.

Only the database decides whether the site can serve; Redis is a cache (pages
are served uncached without it) and the job queue lives in the database
(a missing worker delays emails and search, nothing else).
"""
from datetime import timedelta

import redis
from django.core.cache import caches
from django.db import DatabaseError, connection
from django.db.models import Q
from django.utils import timezone
from django_redis import get_redis_connection
from django_redis.cache import RedisCache
from django_tasks_db.models import DBTaskResult, get_date_max

# A worker takes a due job within a second or so; a minute means none is running.
JOBS_LATE_AFTER = timedelta(minutes=1)


def database():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return False, "unavailable"
    return True, "ok"


def cache():
    if not isinstance(caches["default"], RedisCache):
        return True, "ok (local memory)"
    try:
        get_redis_connection("default").ping()
    except redis.RedisError:
        return False, "Redis unavailable: pages are served uncached"
    return True, "ok (Redis)"


def jobs():
    cutoff = timezone.now() - JOBS_LATE_AFTER
    late = DBTaskResult.objects.ready().filter(
        Q(run_after=get_date_max(), enqueued_at__lt=cutoff) | Q(run_after__lt=cutoff)
    )
    count = late.count()
    if count:
        return False, f"{count} due for over a minute: is a worker running?"
    return True, "ok"


def report():
    """(status, {dependency: detail}): status is "ok", "degraded" (something
    is unwell but pages are served) or "unavailable" (no database)."""
    results = {"database": database(), "cache": cache()}
    results["jobs"] = jobs() if results["database"][0] else (False, "unknown without the database")
    if not results["database"][0]:
        status = "unavailable"
    elif all(ok for ok, _ in results.values()):
        status = "ok"
    else:
        status = "degraded"
    return status, {name: detail for name, (_, detail) in results.items()}
