"""python manage.py import_minutes_page FILE [--meeting-date D --committee NAME --item N]
[--dry-run] [--json]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from scrutiny.imports.command_support import date_option, progress_printer, refused, write_report
from scrutiny.imports.errors import ImportRefused
from scrutiny.imports.minutes_page import NamedMeeting
from scrutiny.imports.saved_pages import parse_saved_page
from scrutiny.imports.tracker_figures import compare_stated_figures
from scrutiny.imports.writers import RecordImporter

HELP = (
    "Import a saved CMIS meeting page, or a saved ModernGov page (the page's structure says "
    "which), as text or full HTML in UTF-8, UTF-16 or Windows-1252. From ModernGov: "
    "an issue's history (ieIssueDetails), an agenda item (mgAi), a decision "
    "(mgDecisionDetails, ieDecisionDetails), a meeting's agenda (ieListDocuments, mgAgenda), "
    "a meeting's printed minutes, or an item's minutes saved on their own: its meetings, "
    "items, documents, minutes, motions, resolutions and actions. A page that does not say "
    "which meeting it records needs --meeting-date, --committee and --item. "
    "A page that cannot be read is refused whole and nothing is imported. Otherwise each "
    "meeting is imported whole or not at all: a meeting whose minutes are signed, and which "
    "the page would change, is refused and left as it was, and the page's other meetings are "
    "imported; any other refusal imports nothing. Importing the same page again changes "
    "nothing. With --dry-run, show what would be imported and check the stated figures "
    "against the tracker, writing nothing."
)


class Command(BaseCommand):
    help = HELP

    def add_arguments(self, parser):
        parser.add_argument(
            "file", help="The saved page (text or HTML; UTF-8, UTF-16 or Windows-1252)."
        )
        parser.add_argument(
            "--meeting-date",
            help="The meeting's date (YYYY-MM-DD or dd/mm/yyyy), when the page does not say.",
        )
        parser.add_argument(
            "--committee", default="", help="The committee that met, when the page does not say."
        )
        parser.add_argument(
            "--item", default="", help="The item's number as printed, when the page does not say."
        )
        parser.add_argument("--dry-run", action="store_true", help="Write nothing.")
        parser.add_argument("--json", action="store_true", help="Print JSON.")

    def handle(self, *args, **options):
        path = Path(options["file"])
        named = NamedMeeting(
            date=date_option(options["meeting_date"], option="--meeting-date"),
            committee=" ".join(options["committee"].split()),
            item=options["item"].strip(),
        )
        try:
            content = path.read_bytes()
        except OSError as error:
            raise CommandError(f"{path}: the file could not be read ({error.strerror})") from None
        try:
            issue = parse_saved_page(content=content, named=named)
            report = RecordImporter(source="the published page").import_issue(
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
        for warning in issue.warnings:
            self.stdout.write(f"Warning: {warning}")
        write_report(self.stdout, report, payload=None)
        if comparison is not None and comparison.figures_match:
            self.stdout.write(f"The stated figures match the tracker ({comparison.review}).")
        elif comparison is not None:
            for difference in comparison.differences:
                self.stdout.write(f"Figures differ ({comparison.review}): {difference}.")
