"""Editors see the job list (trillmag/roles.py explains the pattern): what is
queued, what failed and why, what is done. Nobody edits jobs by hand."""
from trillmag.roles import EDITOR

PERMISSIONS = {
    EDITOR: {"django_tasks_database.dbtaskresult": ["view"]},
}
