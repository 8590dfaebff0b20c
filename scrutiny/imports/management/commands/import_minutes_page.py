"""python manage.py import_minutes_page FILE [--dry-run] [--json]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from scrutiny.imports.command_support import progress_printer, refused, write_report
from scrutiny.imports.errors import ImportRefused
from scrutiny.imports.saved_pages import parse_saved_page
from scrutiny.imports.tracker_figures import compare_stated_figures
from scrutiny.imports.writers import RecordImporter


class Command(BaseCommand):
    help = (
        "Import a published 'Issue - meetings' page of ModernGov, or a CMIS meeting page "
        "(saved as text or HTML; the page's structure says which): its meetings, "
        "items, documents, minutes, motions, resolutions and actions. With --dry-run, show "
        "what would be imported and check the stated figures against the tracker, writing "
        "nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The saved page (text or HTML, UTF-8).")
        parser.add_argument("--dry-run", action="store_true", help="Write nothing.")
        parser.add_argument("--json", action="store_true", help="Print JSON.")

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            content = path.read_bytes()
        except OSError as error:
            raise CommandError(f"{path}: the file could not be read ({error.strerror})") from None
        try:
            issue = parse_saved_page(content=content)
            report = RecordImporter(source="the published issue page").import_issue(
                issue,
                dry_run=options["dry_run"],
                progress=progress_printer(self.stderr, "Imported"),
            )
        except ImportRefused as error:
            raise refused(error) from None
        comparison = compare_stated_figures(issue)
        if options["json"]:
            payload = issue.to_json_dict()
            if comparison is not None:
                payload["tracker"] = comparison.as_dict()
            write_report(self.stdout, report, payload=payload)
            return
        write_report(self.stdout, report, payload=None)
        if comparison is not None and comparison.figures_match:
            self.stdout.write(f"The stated figures match the tracker ({comparison.review}).")
        elif comparison is not None:
            for difference in comparison.differences:
                self.stdout.write(f"Figures differ ({comparison.review}): {difference}.")
