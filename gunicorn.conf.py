"""gunicorn settings, read from the environment (see README.md, "Serving").

Threaded workers (gthread), so that slow or idle clients cannot starve the
server: a sync worker is held by one connection until it sends a whole
request, so as many idle connections as workers stopped the site. A gthread
worker waits for requests in a poller and hands each to one of its threads;
a kept-alive connection costs nothing while idle and is closed after a short
keep-alive. A brand-new connection that sends nothing holds a thread for up to
5 s (gunicorn's wait for the first bytes): with more such connections than
threads, put a buffering proxy in front (nginx, deploy/).

Workers default to 2 x CPUs + 1 processes (their time is split between Python,
under one lock per process, and waiting on the database) of GUNICORN_THREADS
threads each; WEB_CONCURRENCY overrides the count. Everything a thread shares
in a process (the page cache's local copies and schedule, the Redis breaker)
is safe to share.
"""
import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", (os.cpu_count() or 1) * 2 + 1))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 10
keepalive = 2
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
