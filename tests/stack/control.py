"""Run as `python -m tests.stack.control setup` with the stack's environment (its
production settings, its database and object store): the record the stack test works on.
Prints, as JSON, what the test needs to find it."""

import datetime as dt
import json
import sys

import django

django.setup()

from django.contrib.auth.models import Group  # noqa: E402
from django.urls import reverse  # noqa: E402

from scrutiny.committees.models import Meeting  # noqa: E402
from scrutiny.people.roles import Role  # noqa: E402
from tests.core.test_file_storage import add_paper, dt_aware  # noqa: E402
from tests.factories import make_committee, make_meeting, make_user  # noqa: E402
from tests.worker.control import monitoring  # noqa: E402

CLERK, PASSWORD = "stack.clerk", "a long stack password 42"


def setup(reminder_committees: str) -> None:
    clerk = make_user(CLERK, email="stack.clerk@council.example")
    clerk.set_password(PASSWORD)
    clerk.save()
    clerk.groups.add(Group.objects.get(name=Role.CLERK.label))
    meeting = make_meeting(make_committee("Housing Scrutiny Committee"), dt.date(2024, 3, 4))
    Meeting.objects.filter(pk=meeting.pk).update(agenda_published_at=dt_aware(2024, 2, 20))
    public = add_paper(meeting, "1")
    exempt = add_paper(
        meeting,
        "2",
        visibility="exempt",
        exempt_paragraphs=[3],
        public_interest_reason="Commercial terms under negotiation.",
    )
    monitoring(reminder_committees)
    print(
        json.dumps(
            {
                "username": CLERK,
                "password": PASSWORD,
                "item": public.item_id,
                "meeting": meeting.pk,
                "public_document": reverse("site:document_download", args=[public.pk]),
                "exempt_document": reverse("site:document_download", args=[exempt.pk]),
                "exempt_document_for_staff": reverse("staff:document-file", args=[exempt.pk]),
            }
        )
    )


if __name__ == "__main__":
    command, *arguments = sys.argv[1:]
    {"setup": setup}[command](*arguments)
