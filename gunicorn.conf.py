"""gunicorn settings, read from the environment (see README.md, "Serving").

Workers default to 2 x CPUs + 1, the usual figure for sync workers whose time
is split between Python and waiting on the database; WEB_CONCURRENCY overrides it.
"""
import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", (os.cpu_count() or 1) * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 10
keepalive = 5
# Workers are not recycled unless asked: each keeps its recent pages and
# connections warm. GUNICORN_MAX_REQUESTS recycles one after that many requests
# (bounding a slow leak); the jitter keeps them from all restarting at once.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "0"))
max_requests_jitter = max_requests // 10
# Heartbeat files in memory rather than on a possibly slow disk.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
proc_name = "trillmag"

accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# 127.0.0.1 [24/Nov/2026:05:30:00 +0000] "GET / HTTP/1.1" 200 31544B 12ms "Mozilla/5.0 ..."
access_log_format = '%(h)s %(t)s "%(r)s" %(s)s %(B)sB %(M)sms "%(a)s"'
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# The longest request line gunicorn accepts (its default is 4094): an over-long
# search URL reaches Django, which cuts the query, rather than getting a bare 414.
limit_request_line = 8190
wsgi_app = "trillmag.wsgi:application"
