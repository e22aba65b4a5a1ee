"""Background jobs: work that must not run inside a request (emails, search
vectors, renditions, imports), on django-tasks' database backend.

An app declares a job in its `tasks.py` with django-tasks' `@task()` and
enqueues it with `my_job.enqueue(...)` inside the transaction that causes it:
the job row commits or rolls back with the change. This app adds what the
library leaves out: retries with backoff for every failed job (retries.py), a
worker that outlives database outages and picks up what it was interrupted in
(worker.py, `manage.py jobs_worker`), and the job list in the admin.

Jobs must be idempotent: a retried or repeated job finds its work done and
does nothing more.
"""
