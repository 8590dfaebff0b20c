"""A meeting's webcast or recording, as ModernGov gives it, is kept by the import."""

import io
import shutil

import pytest
from django.core.management import call_command

from scrutiny.committees.models import Meeting
from scrutiny.imports.moderngov import parse_meeting, parse_meetings
from tests.imports.conftest import FIXTURES

pytestmark = pytest.mark.django_db

MODERNGOV = FIXTURES / "moderngov"
BASE = "https://democracy.example.gov.uk/"
WEBCAST = f"{BASE}mgWebcast.aspx?ID=4567"
RECORDING = "https://webcasts.example.gov.uk/archive/4568"


def _saved_with_webcasts(tmp_path):
    """The saved answers, the meeting of 4567 naming its webcast in its own answer, and
    4568's only in the committee's list of meetings."""
    files = tmp_path / "saved"
    shutil.copytree(MODERNGOV, files)
    meeting = files / "GetMeeting_4567.xml"
    meeting.write_text(
        meeting.read_text().replace(
            "<meetingstatus>Held</meetingstatus>",
            f"<meetingstatus>Held</meetingstatus><webcastlink>{WEBCAST}</webcastlink>",
            1,
        )
    )
    listing = files / "GetMeetings_123.xml"
    listing.write_text(
        listing.read_text().replace(
            "<iswebcast>False</iswebcast>",
            f"<iswebcast>True</iswebcast>\n      <webcastlink>{RECORDING}</webcastlink>",
        )
    )
    return files


def test_the_meeting_answer_gives_the_link_made_absolute():
    xml = (MODERNGOV / "GetMeeting_4567.xml").read_text()
    xml = xml.replace(
        "<meetingstatus>", "<webcasturl>/mgWebcast.aspx?ID=1</webcasturl><meetingstatus>"
    )
    assert parse_meeting(xml=xml, base_url=BASE).webcast_url == f"{BASE}mgWebcast.aspx?ID=1"


def test_a_link_that_is_not_http_is_left_out():
    xml = (MODERNGOV / "GetMeeting_4567.xml").read_text()
    xml = xml.replace(
        "<meetingstatus>", "<webcastlink>javascript:alert(1)</webcastlink><meetingstatus>"
    )
    assert parse_meeting(xml=xml, base_url="").webcast_url == ""


def test_the_list_of_meetings_gives_its_links(tmp_path):
    files = _saved_with_webcasts(tmp_path)
    listed = parse_meetings(xml=(files / "GetMeetings_123.xml").read_bytes())
    assert [(m.source_id, m.webcast, m.webcast_url) for m in listed] == [
        ("4567", True, ""),
        ("4568", True, RECORDING),
    ]


def test_the_import_keeps_each_meetings_webcast_and_a_later_one_replaces_it(tmp_path):
    files = _saved_with_webcasts(tmp_path)
    call_command("import_moderngov", "--files", str(files), stdout=io.StringIO())
    assert Meeting.objects.get(source_id="4567").webcast_url == WEBCAST
    assert Meeting.objects.get(source_id="4568").webcast_url == RECORDING

    moved = files / "GetMeetings_123.xml"
    moved.write_text(moved.read_text().replace(RECORDING, RECORDING + "-final"))
    call_command("import_moderngov", "--files", str(files), stdout=io.StringIO())
    assert Meeting.objects.get(source_id="4568").webcast_url == RECORDING + "-final"
