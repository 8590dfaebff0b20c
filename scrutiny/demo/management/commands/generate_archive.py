import json

from django.core.management.base import BaseCommand, CommandError

from scrutiny.demo.archive import database_has_meetings, generate_archive
from scrutiny.demo.guard import ALLOW_PRODUCTION_WARNING, production_settings, random_password


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
            help="Write even into a database that already holds meetings.",
        )
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Write it even under production settings; the sign-ins then get a random "
            "password, printed once, never the published one.",
        )

    def handle(self, *args, **options):
        production = production_settings()
        if production and not options["allow_production"]:
            raise CommandError(
                "Refusing to generate an archive under production settings: its sign-ins "
                "would be real accounts on this site. Pass --allow-production if you mean it."
            )
        if not options["force"] and database_has_meetings():
            raise CommandError(
                "The database already holds meetings; generate the archive into an empty "
                "database, or pass --force to add it beside them."
            )
        if production:
            self.stderr.write(self.style.WARNING(ALLOW_PRODUCTION_WARNING))
        summary = generate_archive(
            scale=options["scale"],
            seed=options["seed"],
            years=options["years"],
            actions_as_imported=options["actions_as_imported"],
            stdout=self.stderr if options["json"] else self.stdout,
            **({"password": random_password()} if production else {}),
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
