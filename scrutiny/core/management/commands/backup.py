from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from scrutiny.core.backup.archive import backup_create
from scrutiny.core.backup.errors import BackupRefused
from scrutiny.core.backup.stored_files import files_counted


class Command(BaseCommand):
    help = (
        "Back up the database and every stored file into one archive with a manifest of "
        "checksums (docs/backup.md). The archive holds the exempt record: keep it as safe "
        "as the database."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--to",
            required=True,
            type=Path,
            help="A folder to write a newly named archive in, or a new file ending .tar.gz.",
        )

    def handle(self, *args, **options):
        try:
            made = backup_create(options["to"])
        except BackupRefused as refusal:
            raise CommandError(str(refusal)) from None
        manifest = made.manifest
        self.stdout.write(
            f"Wrote {made.path}: the {manifest.vendor} database and "
            f"{files_counted(len(manifest.stored_files))} ({made.path.stat().st_size} bytes)."
        )
        if manifest.missing_files:
            self.stderr.write(
                f"Warning: the storage lacks {files_counted(len(manifest.missing_files))} the "
                "database refers to (listed in the manifest as missing_files): "
                + ", ".join(manifest.missing_files[:10])
            )
