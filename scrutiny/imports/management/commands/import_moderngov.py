"""python manage.py import_moderngov (--base-url URL | --files DIR) --from DATE --to DATE"""

from urllib.parse import urlsplit

from django.core.management.base import BaseCommand, CommandError

from scrutiny.core import outbound
from scrutiny.imports.command_support import date_option, progress_printer, refused, write_report
from scrutiny.imports.errors import ImportRefused
from scrutiny.imports.moderngov_client import FilesSource, HttpSource
from scrutiny.imports.moderngov_documents import documents_to_fetch, fetch_documents
from scrutiny.imports.moderngov_walk import stream_moderngov
from scrutiny.imports.records import item_json_dict
from scrutiny.imports.writers import RecordImporter


def command_sites(base_url: str) -> list[str]:
    """The administrator running the command names the site on the command line, so it is
    allowed as well as SCRUTINY_MODERNGOV_SITES; redirects elsewhere are still refused, as
    are private addresses unless SCRUTINY_OUTBOUND_ALLOW_PRIVATE names them."""
    try:
        named = urlsplit(base_url).netloc.rpartition("@")[2]
    except ValueError:  # malformed: HttpSource refuses it with the one message
        named = ""
    return [*outbound.configured_sites(), named]


def document_progress(stderr):
    """ "Fetched 20 of 300 documents" every twenty, and at the end."""

    def report(done: int, total: int) -> None:
        if done % 20 == 0 or done == total:
            stderr.write(f"Fetched {done:,} of {total:,} documents")

    return report


class Command(BaseCommand):
    help = (
        "Import committees, meetings, agenda items, documents, minutes and attendance from a "
        "council's ModernGov web service (--base-url) or from saved answers (--files). "
        "No meeting is ever imported in part. An answer that cannot be read (not well "
        "formed, a missing id, a value such as a date that cannot be read) stops the import "
        "and nothing is written, naming the call and element. A meeting whose minutes are "
        "signed and that the import would change is left out whole and listed as refused; "
        "the other meetings are imported. Any other refusal while writing (a value too long "
        "to keep, a rule of the record) undoes the whole import and names the meeting. "
        "Importing the same answers again changes nothing. With --fetch-documents the "
        "papers' files are fetched after the import is saved; a file that cannot be fetched "
        "is listed and does not undo the import."
    )

    def add_arguments(self, parser):
        where = parser.add_mutually_exclusive_group(required=True)
        where.add_argument("--base-url", help="The council's ModernGov address.")
        where.add_argument("--files", help="A directory of saved GetCommittees.xml, …")
        parser.add_argument("--from", dest="from_date", help="First meeting date (YYYY-MM-DD).")
        parser.add_argument("--to", dest="to_date", help="Last meeting date (YYYY-MM-DD).")
        parser.add_argument("--committee", default="", help="Only this ModernGov committee id.")
        parser.add_argument("--delay", type=float, default=1.0, help="Seconds between requests.")
        parser.add_argument(
            "--fetch-documents",
            action="store_true",
            help=(
                "After importing, fetch each document's file from the council's site into "
                "the tracker's storage, with its size and SHA-256 (only from allowed sites: "
                "SCRUTINY_MODERNGOV_SITES and the --base-url site)."
            ),
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Write nothing; say what would be done, with each attendance word.",
        )
        parser.add_argument("--json", action="store_true", help="Print JSON.")

    def handle(self, *args, **options):
        from_date = date_option(options["from_date"], option="--from")
        to_date = date_option(options["to_date"], option="--to")
        if options["base_url"] and not (from_date and to_date):
            raise CommandError("--from and --to are required with --base-url")
        if from_date and to_date and from_date > to_date:
            raise CommandError("--from must not be after --to")
        try:
            if options["base_url"]:
                source = HttpSource(
                    base_url=options["base_url"],
                    delay=options["delay"],
                    sites=command_sites(options["base_url"]),
                )
            else:
                source = FilesSource(directory=options["files"])
            read = stream_moderngov(
                source=source,
                from_date=from_date,
                to_date=to_date,
                committee_id=options["committee"],
                base_url=options["base_url"] or "",
                progress=progress_printer(self.stderr, "Read"),
            )
            for note in read.notes:
                self.stderr.write(note)
            report = RecordImporter(source="ModernGov").import_meetings(
                read,
                dry_run=options["dry_run"],
                progress=progress_printer(self.stderr, "Imported"),
            )
        except ImportRefused as error:
            raise refused(error) from None
        payload = None
        if options["json"]:
            payload = {
                "meetings": [
                    {"committee": meeting.committee} | item_json_dict(meeting=meeting, item=item)
                    for meeting in read.meetings
                    for item in meeting.items
                ]
            }
        fetched = None
        if options["fetch_documents"] and not options["dry_run"]:
            sites = (
                command_sites(options["base_url"])
                if options["base_url"]
                else outbound.configured_sites()
            )
            fetched = fetch_documents(
                documents=documents_to_fetch(meeting_ids=[m.source_id for m in read.meetings]),
                sites=sites,
                delay=options["delay"],
                progress=document_progress(self.stderr),
            )
            if payload is not None:
                payload["documents"] = fetched.as_dict()
        write_report(self.stdout, report, payload=payload)
        if fetched is not None and payload is None:
            for line in fetched.lines():
                self.stdout.write(line)
