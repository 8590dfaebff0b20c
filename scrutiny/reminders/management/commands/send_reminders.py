import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from scrutiny.reminders.selectors import DueReminder, reminders_unconfirmed
from scrutiny.reminders.services import reminders_send_due
from scrutiny.reminders.tasks import schedule_next_run


def describe(reminder: DueReminder) -> str:
    who = reminder.recipient.name if reminder.recipient else "no scrutiny officer"
    count = len(reminder.recommendations)
    listing = f", {count} recommendation{'s' if count != 1 else ''}" if count else ""
    address = reminder.address or "no email address"
    return f"{reminder.kind} to {who} <{address}> ({reminder.cycle_key}{listing})"


class Command(BaseCommand):
    help = (
        "Send the reminders and escalations due today (or on --date), each at most once. "
        "Safe to run from cron as often as you like."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Work as if today were this date (YYYY-MM-DD).")
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would be sent; send nothing."
        )
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="Also queue the daily background run if none is queued (for the worker).",
        )

    def handle(self, *args, **options):
        today = timezone.localdate()
        if options["date"]:
            try:
                today = datetime.date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError("--date must be a date like 2025-02-07") from None
        report = reminders_send_due(today=today, dry_run=options["dry_run"])
        for reminder in report.sent:
            self.stdout.write(f"Sent {describe(reminder)}")
        for reminder in report.would_send:
            self.stdout.write(f"Would send {describe(reminder)}")
        for reminder in report.already_done:
            self.stdout.write(f"Already sent {describe(reminder)}")
        for reminder, error in report.failed:
            self.stderr.write(f"Failed (will retry) {describe(reminder)}: {error}")
        for reminder in report.not_tried:
            self.stderr.write(f"Not tried (no mail server; will retry) {describe(reminder)}")
        for reminder in report.undeliverable:
            self.stderr.write(f"Nowhere to send {describe(reminder)}")
        for claim in reminders_unconfirmed():
            self.stderr.write(
                f"Unconfirmed since {timezone.localtime(claim.claimed_at):%d %B %Y %H:%M}: "
                f"{claim.kind} to {claim.recipient} ({claim.cycle_key}). Check whether it "
                "arrived; if not, mark it failed in the admin to have it sent again."
            )
        if not any(
            [report.sent, report.would_send, report.already_done, report.failed,
             report.unconfirmed, report.undeliverable, report.not_tried]
        ):  # fmt: skip
            self.stdout.write(f"Nothing is due on {today:%-d %B %Y}.")
        if options["schedule"] and not options["dry_run"]:
            queued = schedule_next_run()
            if queued is not None:
                self.stdout.write(
                    f"Queued the next run for {queued.task.run_after:%d %B %Y %H:%M}."
                )
        if not report.complete:
            # A failing exit, so that cron (or whoever runs it) sees it.
            failed = len(report.failed) + len(report.not_tried)
            raise CommandError(
                f"{failed} reminder{'s' if failed != 1 else ''} could not be sent; "
                "the next run tries again."
            )
