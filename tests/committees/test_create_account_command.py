"""`manage.py create_account`: the first administrator, or any account, from the server's
shell, through the same service as the accounts pages; each refusal names its option."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from scrutiny.core.models import AuditEvent
from tests.factories import make_committee, make_user

pytestmark = pytest.mark.django_db
User = get_user_model()


def run(*args) -> str:
    out = io.StringIO()
    call_command("create_account", *args, stdout=out)
    return out.getvalue()


def test_the_first_administrator():
    said = run("--username", "it.admin", "--email", "it@council.example", "--administrator")
    assert said == (
        "Created it.admin (Administrator).\n"
        "It cannot sign in until it is invited (the accounts page, or --invite).\n"
    )
    admin = User.objects.get(username="it.admin")
    assert admin.is_superuser and admin.is_staff and not admin.has_usable_password()
    event = AuditEvent.objects.get(action="user.create")
    assert event.actor is None and event.after["is_superuser"] is True


def test_a_councillor_with_seats_invited(mailoutbox):
    overview = make_committee("Overview Committee")
    health = make_committee("Health Committee")
    said = run(
        "--username", "ann.lee", "--email", "ann.lee@council.example",
        "--first-name", "Ann", "--last-name", "Lee",
        "--role", "councillor", "--person", "councillor",
        "--committee", overview.slug, "--committee", f"{health.slug}:chair", "--invite",
    )  # fmt: skip
    assert said == (
        "Created ann.lee (Councillor).\n"
        "The worker will email the invitation to ann.lee@council.example.\n"
    )
    person = User.objects.get(username="ann.lee").person
    assert person.display_name == "Councillor Ann Lee"
    seats = {m.committee.name: m.role for m in person.memberships.all()}
    assert seats == {"Overview Committee": "member", "Health Committee": "chair"}
    [message] = mailoutbox
    assert message.to == ["ann.lee@council.example"]


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (
            ["--username", "taken", "--email", "new@council.example"],
            '--username: There is already an account called "taken". Choose another username.',
        ),
        (
            ["--username", "new", "--email", "not-an-address"],
            "--email: Enter an email address like name@council.gov.uk",
        ),
        (
            ["--username", "new", "--email", "new@council.example", "--committee", "nowhere"],
            '--committee: no committee "nowhere". Committees: overview-committee.',
        ),
        (
            [
                "--username",
                "new",
                "--email",
                "n@council.example",
                "--committee",
                "overview-committee",
            ],
            "--committee: A committee seat needs a person: link the account to a person or "
            "create one.",
        ),
        (
            ["--username", "new", "--email", "n@council.example", "--person", "alderman"],
            '--person: "alderman" is neither councillor, officer nor the id of a person.',
        ),
    ],
)
def test_refusals_name_the_option_and_write_nothing(args, error):
    make_user("taken")
    make_committee("Overview Committee")
    with pytest.raises(CommandError) as caught:
        run(*args)
    assert str(caught.value) == error
    assert list(User.objects.values_list("username", flat=True)) == ["taken"]
    assert not AuditEvent.objects.exists()
