from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "jobs"
    verbose_name = "Background jobs"

    def ready(self):
        from django_tasks.signals import task_finished

        from .retries import retry_failed_job

        task_finished.connect(retry_failed_job, dispatch_uid="jobs.retry_failed_job")
