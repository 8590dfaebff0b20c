"""`manage.py create_account`: an account made from the server's shell (the first
administrator, or any other), through the same service as the accounts pages
(`scrutiny.committees.accounts.account_save`)."""

from django.core.management.base import BaseCommand, CommandError

from scrutiny.committees.accounts import account_save
from scrutiny.committees.models import Committee, Membership
from scrutiny.core.errors import Refused
from scrutiny.people.accounts import NewPerson
from scrutiny.people.models import Person
from scrutiny.people.roles import Role

# The option to name when the service refuses a field.
OPTIONS = {
    "username": "--username",
    "email": "--email",
    "roles": "--role",
    "administrator": "--administrator",
    "person": "--person",
    "person_kind": "--person",
    "committees": "--committee",
    "role": "--committee",
    "started_on": "--committee",
}
SEAT_ROLES = [value for value, _ in Membership.Role.choices]


class Command(BaseCommand):
    help = (
        "Create an account: its roles, its person and committee seats; with --invite, the "
        "worker emails it a link to choose its password (until then it cannot sign in)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", required=True)
        parser.add_argument("--email", required=True, help="Invitations and resets go here.")
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")
        parser.add_argument(
            "--role",
            action="append",
            default=[],
            choices=[role.value for role in Role],
            help="A role the account holds (repeat for several).",
        )
        parser.add_argument(
            "--administrator",
            action="store_true",
            help="Every page, the Django admin, and the accounts pages.",
        )
        parser.add_argument(
            "--person",
            default="",
            metavar="councillor|officer|ID",
            help="Create a person for the account (councillor or officer, named as the "
            "account), or link the existing person with this id.",
        )
        parser.add_argument("--job-title", default="", help="For a new officer.")
        parser.add_argument(
            "--committee",
            action="append",
            default=[],
            metavar="SLUG[:ROLE]",
            help=f"A committee the person sits on from today; ROLE is one of "
            f"{', '.join(SEAT_ROLES)} (member if left out). Needs --person.",
        )
        parser.add_argument(
            "--invite", action="store_true", help="Email the invitation to choose a password."
        )

    def handle(self, *args, **options):
        person = self._person(options["person"], options["job_title"])
        seats = dict(self._seat(value) for value in options["committee"])
        try:
            user = account_save(
                actor=None,
                username=options["username"],
                email=options["email"],
                first_name=options["first_name"],
                last_name=options["last_name"],
                roles=options["role"],
                administrator=options["administrator"],
                person=person,
                seats=seats,
                invite=options["invite"],
            )
        except Refused as refused:
            raise CommandError(
                f"{OPTIONS.get(refused.field, refused.field)}: {refused.reason}"
            ) from None
        roles = [Role(value).label for value in options["role"]]
        if user.is_superuser:
            roles.insert(0, "Administrator")
        self.stdout.write(f"Created {user.username} ({', '.join(roles) or 'no role'}).")
        if options["invite"]:
            self.stdout.write(f"The worker will email the invitation to {user.email}.")
        else:
            self.stdout.write(
                "It cannot sign in until it is invited (the accounts page, or --invite)."
            )

    def _person(self, value: str, job_title: str):
        value = value.strip()
        if not value:
            return None
        if value in Person.Kind.values:
            return NewPerson(kind=value, job_title=job_title)
        person = Person.objects.filter(pk=int(value)).first() if value.isdigit() else None
        if person is None:
            raise CommandError(
                f'--person: "{value}" is neither councillor, officer nor the id of a person.'
            )
        return person

    def _seat(self, value: str) -> tuple[Committee, str]:
        slug, _, role = value.partition(":")
        role = role or Membership.Role.MEMBER
        committee = Committee.objects.filter(slug=slug).first()
        if committee is None:
            known = ", ".join(Committee.objects.values_list("slug", flat=True)) or "none"
            raise CommandError(f'--committee: no committee "{slug}". Committees: {known}.')
        if role not in SEAT_ROLES:
            raise CommandError(
                f'--committee: "{role}" is not a role; choose from {", ".join(SEAT_ROLES)}.'
            )
        return committee, role
