"""Whether the reminders run as they should: when they last ran and how it went, whether
the latest daily run is late, emails waiting for a person, and the background worker's
heartbeat. The staff dashboard and /readyz read it (`reminders_status`).

The daily run is due at SCRUTINY_REMINDERS_RUN_AT. It is late when the latest moment it was
due, at least SCRUTINY_REMINDERS_LATE_MINUTES ago, has no run started at or after it. Before
the first run ever, only a queued first run that is itself overdue, or none queued, is late."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from scrutiny.core.heartbeat import WorkerStatus, worker_status, workers_needed
from scrutiny.reminders.models import ReminderRun
from scrutiny.reminders.selectors import reminders_unconfirmed
from scrutiny.reminders.tasks import last_run_due, queued, send_due_reminders


def when(moment: datetime.datetime) -> str:
    return f"{timezone.localtime(moment):%H:%M on %-d %B %Y}"


def emails(count: int, what: str = "email") -> str:
    return f"{count} {what}{'s' if count != 1 else ''}"


@dataclass(frozen=True)
class RemindersStatus:
    last_run: ReminderRun | None  # the newest, finished or not
    last_finished: ReminderRun | None
    due_at: datetime.datetime  # the daily run that should have started by now
    next_queued_at: datetime.datetime | None
    late: bool
    unconfirmed: int
    worker: WorkerStatus

    @property
    def failed(self) -> bool:
        """The latest finished run did not send everything due (or was cut short)."""
        return self.last_finished is not None and self.last_finished.outcome in (
            ReminderRun.Outcome.FAILED,
            ReminderRun.Outcome.INTERRUPTED,
        )

    @property
    def lateness(self) -> str:
        """Why the reminders are late ("" when they are not)."""
        if not self.late:
            return ""
        if self.last_run is not None:
            return f"The reminders due at {when(self.due_at)} have not run."
        if self.next_queued_at is None:
            return "The reminders have never run, and no run is queued."
        return f"The reminders' first run, queued for {when(self.next_queued_at)}, has not run."

    @property
    def failure(self) -> str:
        """How the latest finished run failed ("" when it did not)."""
        run = self.last_finished
        if not self.failed:
            return ""
        if run.outcome == ReminderRun.Outcome.INTERRUPTED:
            return f"The reminders run of {when(run.started_at)} was cut short."
        return (
            f"The reminders run of {when(run.started_at)} could not send {emails(run.failed)}; "
            "they will be tried again."
        )

    @property
    def problems(self) -> list[str]:
        """What is wrong, each a sentence; none when all is well."""
        found = [self.worker.sentence] if self.worker.stopped else []
        found += [problem for problem in (self.lateness, self.failure) if problem]
        if self.unconfirmed:
            found.append(
                f"{emails(self.unconfirmed, 'reminder email')} may not have arrived: "
                "ask the recipients, then mark each sent or failed."
            )
        return found

    @property
    def sentence(self) -> str:
        run = self.last_run
        if run is None:
            if self.next_queued_at is None:
                return "Reminders have not run yet."
            queued_for = when(self.next_queued_at)
            return f"Reminders have not run yet. The first run is queued for {queued_for}."
        if run.outcome == ReminderRun.Outcome.RUNNING:
            return f"Reminders are running now (since {when(run.started_at)})."
        return f"Reminders last ran at {when(run.started_at)}: {emails(run.sent)} sent."


def reminders_status(now: datetime.datetime | None = None) -> RemindersStatus:
    now = now or timezone.now()
    margin = datetime.timedelta(minutes=settings.SCRUTINY_REMINDERS_LATE_MINUTES)
    due_at = last_run_due(now - margin)
    runs = ReminderRun.objects.only("started_at", "outcome", "sent", "failed")
    last_run = runs.first()
    last_finished = runs.exclude(outcome=ReminderRun.Outcome.RUNNING).first()
    waiting = queued(send_due_reminders)
    next_queued_at = waiting.run_after if waiting is not None else None
    if last_run is not None:
        late = last_run.started_at < due_at
    else:
        # Nothing has run yet: late only if the first run should have started by now (or
        # none is waiting, where a worker would run one).
        late = workers_needed() and (next_queued_at is None or next_queued_at <= due_at)
    return RemindersStatus(
        last_run=last_run,
        last_finished=last_finished,
        due_at=due_at,
        next_queued_at=next_queued_at,
        late=late,
        unconfirmed=reminders_unconfirmed().count(),
        worker=worker_status(now),
    )


def readiness() -> tuple[bool, str]:
    """The reminders' part of /readyz: the daily run is not late and the last run sent
    everything (the worker, and emails waiting for a person, are reported elsewhere)."""
    status = reminders_status()
    says = " ".join(part for part in (status.sentence, status.lateness, status.failure) if part)
    return not (status.late or status.failed), says
