from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from scrutiny.imports.spreadsheets.exporting import tracker_csv, tracker_xlsx
from scrutiny.reviews.models import Review


class Command(BaseCommand):
    help = (
        "Export a review's recommendation tracker as XLSX or CSV, in the columns the import reads."
    )

    def add_arguments(self, parser):
        parser.add_argument("--review", required=True, help="The review's web address (slug).")
        parser.add_argument("--format", choices=["xlsx", "csv"], default="xlsx")
        parser.add_argument("--output", required=True, help="Where to write the file.")

    def handle(self, *args, **options):
        try:
            review = Review.objects.get(slug=options["review"])
        except Review.DoesNotExist:
            raise CommandError(f"There is no review '{options['review']}'.") from None
        data = tracker_xlsx(review) if options["format"] == "xlsx" else tracker_csv(review)
        output = Path(options["output"])
        try:
            output.write_bytes(data)
        except OSError as error:
            raise CommandError(f"{output}: {error.strerror}") from None
        count = review.recommendations.count()
        self.stdout.write(f"Wrote {count} recommendations to {output}.")
