import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from scrutiny.imports.spreadsheets.refusals import SpreadsheetRefused
from scrutiny.imports.spreadsheets.tracker import tracker_import, tracker_preview
from scrutiny.reviews.models import Review


class Command(BaseCommand):
    help = (
        "Import a recommendation tracker (XLSX or CSV) into a review: every row is checked "
        "first, and nothing is imported while any row has errors unless --exclude-invalid."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The tracker: an .xlsx workbook or a .csv file.")
        parser.add_argument("--review", required=True, help="The review's web address (slug).")
        parser.add_argument("--mapping", default="", help="A saved column mapping's name.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and report; write nothing."
        )
        parser.add_argument("--json", action="store_true", help="Print the result as JSON.")
        parser.add_argument(
            "--exclude-invalid", action="store_true", help="Import the rows without errors."
        )
        parser.add_argument(
            "--create-missing-officers",
            action="store_true",
            help="Create officers (and directorates) the tracker names but we do not have.",
        )
        parser.add_argument(
            "--progress-every", type=int, default=500, help="Report progress every N rows."
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            review = Review.objects.get(slug=options["review"])
        except Review.DoesNotExist:
            raise CommandError(f"There is no review '{options['review']}'.") from None
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror}") from None
        try:
            preview = tracker_preview(
                review=review,
                data=data,
                filename=path.name,
                mapping_name=options["mapping"],
                create_missing=options["create_missing_officers"],
            )
        except SpreadsheetRefused as refusal:
            raise CommandError(f"{path.name}, {refusal.place}: {refusal.reason}") from None
        if options["dry_run"]:
            self._report_preview(preview, as_json=options["json"])
            return
        exclude = preview.invalid_rows() if options["exclude_invalid"] else []
        every = max(options["progress_every"], 1)

        def progress(done: int, total: int) -> None:
            if done % every == 0 or done == total:
                sys.stderr.write(f"Imported {done:,} of {total:,} rows\n")

        try:
            result = tracker_import(actor=None, preview=preview, exclude=exclude, progress=progress)
        except SpreadsheetRefused as refusal:
            if not options["json"]:
                for error in preview.errors():
                    self.stderr.write(error)
            raise CommandError(f"Nothing was imported. {refusal.place}: {refusal.reason}") from None
        if options["json"]:
            self.stdout.write(json.dumps(result.as_dict(), indent=2))
            return
        self.stdout.write(
            f"Created {result.created}, updated {result.updated}, unchanged "
            f"{result.unchanged}, refused {result.refused}."
        )

    def _report_preview(self, preview, *, as_json: bool) -> None:
        if as_json:
            self.stdout.write(json.dumps(preview.as_dict(), indent=2, default=str))
            return
        for note in preview.notes:
            self.stdout.write(f"Note: {note}")
        for row in preview.rows:
            self.stdout.write(f"Row {row.row}: {row.action or 'has errors'}")
            for line in [*row.errors, *row.notes]:
                self.stdout.write(f"  {line}")
        counts = preview.counts()
        self.stdout.write(
            f"Would create {counts['create']}, update {counts['update']}, leave "
            f"{counts['unchanged']} unchanged; {counts['invalid']} row(s) have errors. "
            "Nothing was written."
        )
