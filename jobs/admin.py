"""The job list for staff: django-tasks-db's read-only admin, with how many
times each job was tried and when it runs next."""
from django.contrib import admin
from django_tasks import TaskResultStatus
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult, get_date_max

admin.site.unregister(DBTaskResult)


@admin.register(DBTaskResult)
class JobAdmin(DBTaskResultAdmin):
    list_display = ["task_name", "status", "attempts", "enqueued_at", "next_try", "finished_at", "queue_name"]
    list_filter = ["status", "queue_name"]
    date_hierarchy = "enqueued_at"

    @admin.display(description="tries")
    def attempts(self, job):
        return len(job.worker_ids)

    @admin.display(description="next try")
    def next_try(self, job):
        if job.status != TaskResultStatus.READY:
            return self.get_empty_value_display()
        return "now" if job.run_after == get_date_max() else job.run_after
