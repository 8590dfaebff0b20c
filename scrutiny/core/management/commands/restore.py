from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from scrutiny.core.backup.errors import BackupRefused
from scrutiny.core.backup.restore import backup_restore
from scrutiny.core.backup.stored_files import files_counted


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup` into the configured database and "
        "storage, after checking every checksum (docs/backup.md). Stop the site and the "
        "worker first."
    )

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="archive", required=True, type=Path)
        parser.add_argument(
            "--yes",
            "--replace",
            dest="replace",
            action="store_true",
            help="Replace the database and files already there (otherwise they must be empty).",
        )

    def handle(self, *args, **options):
        try:
            restored = backup_restore(options["archive"], replace=options["replace"])
        except BackupRefused as refusal:
            raise CommandError(str(refusal)) from None
        manifest = restored.manifest
        self.stdout.write(
            f"Restored the {manifest.vendor} database and "
            f"{files_counted(len(manifest.stored_files))} of the backup made at "
            f"{manifest.created_at} (version "
            f"{manifest.app_version}): {restored.files_written} written, "
            f"{restored.files_unchanged} already there."
        )
        if restored.files_left:
            self.stdout.write(
                f"{files_counted(len(restored.files_left))} not in the backup were left in "
                "place; the restored database does not refer to them."
            )
        if restored.migrations_to_apply:
            self.stdout.write(
                f"The backup predates {len(restored.migrations_to_apply)} migrations of this "
                "version: run `manage.py migrate` before starting the site."
            )
        self.stdout.write("Now start (or restart) the site and the worker.")
