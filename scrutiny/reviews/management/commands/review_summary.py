import json

from django.core.management.base import BaseCommand
from django.utils import timezone

from scrutiny.reviews.cycle import ReviewCycle, review_cycles
from scrutiny.reviews.models import Review
from scrutiny.reviews.selectors import progress_summaries


def cycle_as_dict(state: ReviewCycle) -> dict:
    """Where the review stands in its monitoring cycle, as `reviews.cycle` reads it."""
    nxt = state.next_report
    meeting = nxt.meeting if nxt is not None else None
    return {
        "last_report": state.last_report.sequence if state.last_report else None,
        "next_report_due_on": nxt.due_on.isoformat() if nxt else None,
        "next_report_meeting_on": meeting.date.isoformat() if meeting else None,
        "papers_deadline": nxt.papers_deadline.isoformat() if meeting else None,
        "missing_update": len(state.missing_update),
        "overdue": len(state.overdue),
        "responses_overdue": len(state.responses_overdue),
    }


class Command(BaseCommand):
    help = "Print each review's computed progress summary: '<slug>: <sentence>'."

    def add_arguments(self, parser):
        parser.add_argument(
            "--json",
            action="store_true",
            help="Print the counts as JSON, with each review's monitoring cycle today.",
        )

    def handle(self, *args, **options):
        # A fixed number of queries however many reviews there are.
        reviews = list(
            Review.objects.order_by("slug").only(
                "pk", "slug", "stage", "committee_id", "reported_to_executive_on"
            )
        )
        counted = progress_summaries(r.pk for r in reviews)
        if options["json"]:
            cycles = review_cycles(reviews, today=timezone.localdate())
            payload = {
                r.slug: counted[r.pk].as_dict() | {"cycle": cycle_as_dict(cycles[r.pk])}
                for r in reviews
            }
            self.stdout.write(json.dumps(payload, indent=2))
            return
        for review in reviews:
            self.stdout.write(f"{review.slug}: {counted[review.pk].sentence}")
