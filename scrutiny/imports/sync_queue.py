"""Asking for a ModernGov sync run now ("Run it now" on the staff page): one run at a
time, so a second click while a run is queued or under way is given that run and queues
nothing. The run itself is the worker's (``imports.tasks.run_sync``, ``imports.sync``)."""

from scrutiny.core.errors import Refused
from scrutiny.imports.models import SyncRun
from scrutiny.imports.sync import sync_claim, sync_problem, sync_settings
from scrutiny.imports.tasks import run_sync


def sync_request(*, actor, submission: str = "") -> tuple[SyncRun, bool]:
    """Queue a run now, and say so (True); or give the run already queued or under way
    (False), or the one this sending of the form queued (its one-time ``submission`` key,
    ``site.submission``: a form sent again after its run ended queues nothing either).
    Refused while the sync is not set up."""
    if submission and (sent := SyncRun.objects.filter(submission=submission).first()):
        return sent, False
    if problem := sync_problem(sync_settings()):
        raise Refused("sync", problem)
    return sync_claim(
        trigger=SyncRun.Trigger.STAFF,
        actor=actor,
        submission=submission,
        queue=lambda run: run_sync.enqueue(run.pk),
    )
