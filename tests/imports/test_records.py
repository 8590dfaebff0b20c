import dataclasses
import datetime
import json
import pickle

import pytest

from scrutiny.imports.errors import ImportRefused
from scrutiny.imports.records import (
    ImportedDocument,
    ImportedIssue,
    ImportedItem,
    ImportedMeeting,
    ImportedResolution,
)


def test_records_are_frozen():
    document = ImportedDocument(title="Report", format="pdf", size_kb=10)
    with pytest.raises(dataclasses.FrozenInstanceError):
        document.title = "Other"  # type: ignore[misc]


def test_issue_without_stated_figures_gives_nulls_and_serialises():
    item = ImportedItem(
        number="5(a)",
        title="Budget",
        resolutions=(ImportedResolution(kind="recommended", parts=("Council approves",)),),
    )
    meeting = ImportedMeeting(
        source_id="", committee="Cabinet", date=datetime.date(2025, 1, 2), items=(item,)
    )
    data = ImportedIssue(title="Budget", committee="Cabinet", meetings=(meeting,)).to_json_dict()
    assert data == {
        "kind": "issue",
        "title": "Budget",
        "committee": "Cabinet",
        "warnings": [],
        "meetings": [
            {
                "date": "2025-01-02",
                "committee": "Cabinet",
                "item_number": "5(a)",
                "title": "Budget",
                "documents": [],
                "motions": [],
                "resolutions": [
                    {
                        "kind": "recommended",
                        "preamble": "",
                        "parts": ["Council approves"],
                        "unanimous": False,
                    }
                ],
                "actions": [],
            }
        ],
        "stated_figures": {
            "total": None,
            "achieved": None,
            "achieved_late": None,
            "extended": None,
        },
    }
    json.dumps(data)


def test_refusal_reads_place_then_reason():
    refused = ImportRefused("line 12", "the meeting date 31/02/2024 is not a real date")
    assert str(refused) == "line 12: the meeting date 31/02/2024 is not a real date"
    assert (refused.place, refused.reason) == (
        "line 12",
        "the meeting date 31/02/2024 is not a real date",
    )


def test_refusal_always_has_a_place():
    assert ImportRefused("", "x").place == "input"


def test_an_item_uses_the_readers_flattened_minutes_only_while_they_still_match():
    item = ImportedItem(
        number="1",
        title="Budget",
        minutes="<p>Noted.</p>",
        minutes_flattened=("<p>Noted.</p>", "Noted (as read)."),
    )
    assert item.minutes_text() == "Noted (as read)."
    changed = dataclasses.replace(item, minutes="<p>Agreed.</p><ol><li>Go ahead</li></ol>")
    assert changed.minutes_text() == "Agreed.\n1. Go ahead"
    assert ImportedItem(number="2", title="Other", minutes="<p>Seen</p>").minutes_text() == "Seen"


def test_an_item_uses_the_readers_flattened_agenda_text_only_while_it_still_matches():
    item = ImportedItem(
        number="1",
        title="Budget",
        text="<p>To consider.</p>",
        text_flattened=("<p>To consider.</p>", "To consider (as read)."),
    )
    assert item.agenda_text() == "To consider (as read)."
    changed = dataclasses.replace(item, text="<p>To note.</p><ul><li>a</li></ul>")
    assert changed.agenda_text() == "To note.\na"
    assert ImportedItem(number="2", title="Other", text="<p>Seen</p>").agenda_text() == "Seen"


def test_the_web_service_reader_flattens_the_agenda_text_as_the_writer_would():
    from scrutiny.imports.html import html_to_text
    from scrutiny.imports.moderngov import parse_meeting

    meeting = parse_meeting(
        xml="<meeting><meetingid>1</meetingid><meetingdate>01/02/2024</meetingdate>"
        "<agendaitems><agendaitem><agendaitemid>5</agendaitemid>"
        "<agendaitemtitle>Budget</agendaitemtitle>"
        "<fulldisplaynumberformat>1.</fulldisplaynumberformat>"
        "<agendatext>&lt;p&gt;To consider&lt;/p&gt;"
        "&lt;ol&gt;&lt;li&gt;the report&lt;/li&gt;&lt;/ol&gt;"
        "</agendatext></agendaitem></agendaitems></meeting>"
    )
    (item,) = meeting.items
    assert item.text_flattened == (item.text, html_to_text(html=item.text))
    assert item.agenda_text() == "To consider\n1. the report"


def test_records_travel_by_pickle_with_every_field_even_those_not_compared():
    minutes = "<p>RESOLVED that the report be noted.</p>"
    item = ImportedItem(
        number="4",
        title="Budget",
        minutes=minutes,
        documents=(ImportedDocument(title="Report", published=datetime.date(2024, 9, 2)),),
        minutes_flattened=(minutes, "RESOLVED that the report be noted."),
    )
    meeting = ImportedMeeting(
        source_id="9",
        committee="Scrutiny",
        date=datetime.date(2024, 9, 16),
        time=datetime.time(18, 30),
        items=(item,),
    )
    copy = pickle.loads(pickle.dumps(meeting))
    assert copy == meeting and type(copy.items[0]) is ImportedItem
    for field in dataclasses.fields(ImportedItem):
        assert getattr(copy.items[0], field.name) == getattr(item, field.name), field.name
