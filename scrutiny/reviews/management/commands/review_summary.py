import json

from django.core.management.base import BaseCommand

from scrutiny.reviews.models import Review
from scrutiny.reviews.selectors import progress_summaries


class Command(BaseCommand):
    help = "Print each review's computed progress summary: '<slug>: <sentence>'."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="Print the counts as JSON.")

    def handle(self, *args, **options):
        reviews = list(Review.objects.order_by("slug").values_list("pk", "slug"))
        counted = progress_summaries(pk for pk, _ in reviews)
        summaries = {slug: counted[pk] for pk, slug in reviews}
        if options["json"]:
            payload = {slug: s.as_dict() for slug, s in summaries.items()}
            self.stdout.write(json.dumps(payload, indent=2))
            return
        for slug, summary in summaries.items():
            self.stdout.write(f"{slug}: {summary.sentence}")
