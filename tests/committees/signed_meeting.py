"""A meeting with a full record (minutes, attendance, declarations, motions, resolutions,
actions), brought in from a saved ModernGov answer and then signed: the record every door
must leave alone."""

from pathlib import Path

from scrutiny.committees.models import Meeting
from scrutiny.committees.services import minutes_set_status
from scrutiny.imports.moderngov import parse_meeting
from scrutiny.imports.writers import RecordImporter

MODERNGOV = Path(__file__).parent.parent / "imports" / "fixtures" / "moderngov"
MEETING_XML = (MODERNGOV / "GetMeeting_4567.xml").read_bytes()
BASE_URL = "https://democracy.example.gov.uk/"


def import_moderngov_meeting(xml: bytes = MEETING_XML):
    return RecordImporter().import_meetings([parse_meeting(xml=xml, base_url=BASE_URL)])


def make_signed_meeting() -> Meeting:
    import_moderngov_meeting()
    meeting = Meeting.objects.get()
    minutes_set_status(actor=None, meeting=meeting, status=Meeting.MinutesStatus.SIGNED)
    meeting = Meeting.objects.get(pk=meeting.pk)
    assert meeting.minutes_locked
    assert meeting.items.exclude(minutes="").exists()
    assert meeting.attendance.exists()
    return meeting


def public_meeting_page(meeting: Meeting) -> str:
    """The meeting's public page as the public reads it (less its per-response nonces)."""
    import re

    from django.test import Client
    from django.urls import reverse

    response = Client().get(reverse("site:meeting_detail", args=[meeting.pk]))
    assert response.status_code == 200
    return re.sub(r'nonce="[^"]*"', "", response.content.decode())
