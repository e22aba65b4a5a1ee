"""The job queue (jobs/): failed jobs tried again later and later, then given
up; a worker that waits out database outages and takes back the jobs it was
interrupted in; the job list for staff."""
from datetime import timedelta

import pytest
import time_machine
from django.db import OperationalError
from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from jobs import worker
from jobs.retries import backoff

from .factories import StaffFactory

pytestmark = pytest.mark.django_db


@task()
def always_fails():
    raise ConnectionRefusedError("the mail server is down")


@task()
def adds(a, b):
    return a + b


def test_the_wait_doubles_up_to_the_longest(settings):
    settings.JOBS_RETRY_DELAY, settings.JOBS_RETRY_MAX_DELAY = 5, 60
    assert [backoff(attempt) for attempt in range(1, 7)] == [5, 10, 20, 40, 60, 60]


def test_a_failing_job_is_tried_again_after_a_growing_wait(run_jobs):
    always_fails.enqueue()
    started = timezone.now()
    run_jobs()
    job = DBTaskResult.objects.get()
    assert (job.status, len(job.worker_ids)) == ("READY", 1)
    assert started + timedelta(seconds=5) <= job.run_after <= timezone.now() + timedelta(seconds=5)
    assert "ConnectionRefusedError: the mail server is down" in job.traceback
    assert run_jobs() == 0  # not due yet
    with time_machine.travel(job.run_after + timedelta(seconds=1)):
        run_jobs()
        job.refresh_from_db()
        assert (job.status, len(job.worker_ids)) == ("READY", 2)
        assert job.run_after >= timezone.now() + timedelta(seconds=9)


def test_a_job_failing_for_longer_than_the_retry_window_stays_failed(settings, run_jobs):
    settings.JOBS_RETRY_FOR = 60
    always_fails.enqueue()
    with time_machine.travel(timezone.now() + timedelta(seconds=61)):
        run_jobs()
    job = DBTaskResult.objects.get()
    assert (job.status, len(job.worker_ids)) == ("FAILED", 1)


def test_a_successful_job_is_done_once(run_jobs):
    adds.enqueue(2, 3)
    assert run_jobs() == 1
    assert run_jobs() == 0
    job = DBTaskResult.objects.get()
    assert (job.status, job.return_value) == ("SUCCESSFUL", 5)


def claimed(*worker_ids):
    job = DBTaskResult.objects.get(pk=adds.enqueue(1, 1).id)
    for worker_id in worker_ids:
        job.claim(worker_id)
    return job


def test_a_worker_puts_back_in_the_queue_the_jobs_it_was_interrupted_in():
    mine = claimed("box-1")
    someone_elses = claimed("box-2")
    taken_over = claimed("box-1", "box-2")  # box-1 failed it, box-2 runs it now
    assert worker.requeue_interrupted("box-1") == 1
    statuses = {job.pk: job.status for job in DBTaskResult.objects.all()}
    assert statuses == {mine.pk: "READY", someone_elses.pk: "RUNNING", taken_over.pk: "RUNNING"}


class FlakyDatabaseWorker:
    """Loses the database on its first run, as the library's worker would raise."""

    worker_id = "box-1"
    running = True

    def __init__(self):
        self.runs = 0

    def run(self):
        self.runs += 1
        if self.runs == 1:
            raise OperationalError("server closed the connection unexpectedly")


@pytest.mark.django_db(transaction=True)
def test_a_worker_waits_out_a_database_outage_and_takes_back_its_job():
    interrupted = claimed("box-1")
    flaky = FlakyDatabaseWorker()
    worker.run(flaky, retry_every=0)
    assert flaky.runs == 2
    assert DBTaskResult.objects.get(pk=interrupted.pk).status == "READY"


def test_editors_see_the_job_list_with_its_statuses(client, run_jobs):
    adds.enqueue(1, 2)
    run_jobs()
    always_fails.enqueue()
    client.force_login(StaffFactory(role="Editor"))
    url = "/admin/django_tasks_database/dbtaskresult/"
    page = client.get(url).content.decode()
    assert "adds" in page and "always_fails" in page
    assert "Successful" in page and "Ready" in page
    failed = client.get(url, {"status__exact": "FAILED"})
    assert failed.status_code == 200 and "always_fails" not in failed.content.decode()
    job = DBTaskResult.objects.get(task_path=always_fails.module_path)
    change_url = f"{url}{job.pk}/change/"
    assert client.get(change_url).status_code == 200  # read-only view
    assert client.post(change_url, {"status": "SUCCESSFUL"}).status_code == 403


@pytest.mark.parametrize("role", ["Author", "Moderator"])
def test_other_roles_do_not_see_the_job_list(client, role):
    client.force_login(StaffFactory(role=role))
    assert client.get("/admin/django_tasks_database/dbtaskresult/").status_code == 403
