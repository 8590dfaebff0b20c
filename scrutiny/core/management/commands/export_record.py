from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from scrutiny.core.backup.errors import BackupRefused
from scrutiny.core.backup.record_export import record_export
from scrutiny.core.backup.stored_files import files_counted


class Command(BaseCommand):
    help = (
        "Export the whole record, exempt and confidential parts included, as JSON plus its "
        "files (docs/export.md), for the council's own systems. Never publish it."
    )

    def add_arguments(self, parser):
        parser.add_argument("--to", required=True, type=Path, help="A new or empty folder.")

    def handle(self, *args, **options):
        try:
            exported = record_export(options["to"])
        except BackupRefused as refusal:
            raise CommandError(str(refusal)) from None
        rows = sum(exported.counts.values())
        self.stdout.write(
            f"Wrote {rows} records of {len(exported.counts)} models and "
            f"{files_counted(exported.files)} to {exported.folder}. It holds exempt and "
            "confidential information: keep it within the council's systems."
        )
        if exported.missing_files:
            self.stderr.write(
                f"Warning: the storage lacks {files_counted(len(exported.missing_files))} the "
                "record refers to (listed in the manifest as missing_files)."
            )
