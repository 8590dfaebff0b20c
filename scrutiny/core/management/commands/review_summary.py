import json

from django.core.management.base import BaseCommand

from scrutiny.reviews.models import Review
from scrutiny.reviews.selectors import review_progress_summary


class Command(BaseCommand):
    help = "Print each review's computed progress summary: '<slug>: <sentence>'."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="Print the counts as JSON.")

    def handle(self, *args, **options):
        summaries = {
            review.slug: review_progress_summary(review=review)
            for review in Review.objects.select_related("committee").order_by("slug")
        }
        if options["json"]:
            payload = {slug: s.as_dict() for slug, s in summaries.items()}
            self.stdout.write(json.dumps(payload, indent=2))
            return
        for slug, summary in summaries.items():
            self.stdout.write(f"{slug}: {summary.sentence}")
