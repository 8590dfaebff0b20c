"""Build the search index again from the record: after a bulk import, a restore, or on
first installing search."""

import time

from django.core.management.base import BaseCommand

from scrutiny.search import services


class Command(BaseCommand):
    help = "Rebuild the search index of the public record."

    def handle(self, *args, **options):
        started = time.monotonic()
        written = services.rebuild(
            progress=lambda n: self.stdout.write(f"{n} entries", ending="\r")
        )
        seconds = time.monotonic() - started
        self.stdout.write(
            f"{written} entries in {seconds:.1f} s ({written / max(seconds, 0.001):.0f} a second)"
        )
