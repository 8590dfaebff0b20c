import json

from django.core.management.base import BaseCommand, CommandError

from scrutiny.demo.archive import database_has_meetings, generate_archive
from scrutiny.demo.guard import production_settings


class Command(BaseCommand):
    help = (
        "Generate a realistic archive of a council's record (20 years, 5,000 meetings, "
        "25,000 recommendations at scale 1) to measure the tracker at a real council's size."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help="Multiply every size.")
        parser.add_argument("--seed", type=int, default=1, help="Same seed, same archive.")
        parser.add_argument("--years", type=int, default=20, help="Years of record.")
        parser.add_argument(
            "--actions-as-imported",
            action="store_true",
            help="Write every action historic (state not recorded), as an importer writes them.",
        )
        parser.add_argument("--json", action="store_true", help="Print the summary as JSON.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Write even into a database that already holds meetings, or under "
            "production settings.",
        )

    def handle(self, *args, **options):
        if not options["force"]:
            if production_settings():
                raise CommandError(
                    "Refusing to generate an archive under production settings; pass --force."
                )
            if database_has_meetings():
                raise CommandError(
                    "The database already holds meetings; generate the archive into an empty "
                    "database, or pass --force to add it beside them."
                )
        summary = generate_archive(
            scale=options["scale"],
            seed=options["seed"],
            years=options["years"],
            actions_as_imported=options["actions_as_imported"],
            stdout=self.stderr if options["json"] else self.stdout,
        )
        if options["json"]:
            self.stdout.write(json.dumps(summary.as_dict(), indent=2))
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Archive written: meeting {summary.sample_meeting_id} (12 items), committee "
                f"{summary.committee_slug}, issue {summary.issue_slug}, review "
                f"{summary.review_slug} (recommendation {summary.recommendation_number}), "
                f"document {summary.document_id}; sign in as "
                f"{', '.join(summary.usernames.values())} with {summary.password}."
            )
        )
