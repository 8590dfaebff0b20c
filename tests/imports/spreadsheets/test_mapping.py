import pytest

from scrutiny.core.models import AuditEvent
from scrutiny.imports.models import ColumnMapping
from scrutiny.imports.spreadsheets.mapping import (
    check_mapping,
    guess_mapping,
    layout_key,
    mapping_for,
    mapping_save,
)
from scrutiny.imports.spreadsheets.refusals import SpreadsheetRefused
from scrutiny.imports.spreadsheets.tracker import tracker_preview
from tests.imports.spreadsheets.conftest import (
    COUNCIL_A_HEADINGS,
    COUNCIL_B_HEADINGS,
    csv_bytes,
)


def test_council_a_headings_are_guessed():
    assert guess_mapping(COUNCIL_A_HEADINGS) == {
        "Rec No": "number",
        "Recommendation": "text",
        "Lead Officer": "owner",
        "Directorate": "directorate",
        "Date agreed": "agreed_on",
        "Target Date": "original_target_date",
        "Status": "status",
        "Progress/Action taken": "action_taken",
        "RAG": "rag",
    }


def test_council_b_headings_are_guessed():
    assert guess_mapping(COUNCIL_B_HEADINGS) == {
        "Ref": "reference",
        "Committee": "committee",
        "Portfolio": "directorate",
        "Recommendation": "text",
        "Exec Response": "response",
        "Response date": "response_received_on",
        "Responsible Officer": "owner",
        "Deadline": "original_target_date",
        "Revised deadline": "current_target_date",
        "Status": "status",
    }


@pytest.mark.parametrize(
    ("heading", "field"),
    [
        ("Ref.", "reference"),
        ("REC NO.", "number"),
        ("Target date (dd/mm/yyyy)", "original_target_date"),
        ("Progress / action taken", "action_taken"),
        ("Lead officer(s)", "owner"),
        ("RAG status", "rag"),
        ("Executive response date", "response_received_on"),
        ("Date of the executive response", "response_received_on"),
        ("Comments from the chair", ""),
        ("Notes", ""),
    ],
)
def test_headings_are_compared_without_case_punctuation_or_notes(heading, field):
    assert guess_mapping([heading]) == {heading: field}


def test_a_field_goes_to_the_first_heading_that_wants_it():
    assert guess_mapping(["Status", "Current status"]) == {"Status": "status", "Current status": ""}


def test_the_layout_key_ignores_order_and_case():
    assert layout_key(["Ref", "Status", "Who"]) == layout_key(["who", "STATUS", "ref."])
    assert layout_key(["Ref", "Status"]) != layout_key(["Ref", "Status", "Who"])


@pytest.mark.django_db
def test_a_saved_mapping_is_used_for_the_same_layout_next_time():
    headings = ["Item", "What we asked", "Who", "Ref"]
    assert mapping_for(headings) == (guess_mapping(headings), None)
    saved = mapping_save(
        actor=None,
        name="Council C",
        mapping={"Item": "", "What we asked": "text", "Who": "owner", "Ref": "reference"},
    )
    mapping, found = mapping_for(["ref", "Who", "What we asked", "Item"][::-1])
    assert found == saved
    assert mapping["What we asked"] == "text"
    assert AuditEvent.objects.filter(action="column_mapping.save").count() == 1


@pytest.mark.django_db
def test_saving_again_under_the_name_replaces_the_mapping():
    mapping_save(actor=None, name="Council C", mapping={"Ref": "reference", "Words": "text"})
    mapping_save(actor=None, name="Council C", mapping={"Ref": "reference", "Rec": "text"})
    assert ColumnMapping.objects.get().columns == {"Ref": "reference", "Rec": "text"}


@pytest.mark.django_db
def test_a_remembered_layout_lets_unknown_headings_be_found(review):
    mapping_save(
        actor=None,
        name="Council C",
        mapping={"Item": "number", "What we asked": "text", "Who": "owner"},
    )
    data = csv_bytes(["Item", "What we asked", "Who"], [["1", "Do it", "Jo Smith"]])
    preview = tracker_preview(review=review, data=data)
    assert preview.saved_mapping.name == "Council C"
    assert preview.counts()["create"] == 1


@pytest.mark.django_db
def test_an_unknown_mapping_name_is_refused(review):
    data = csv_bytes(["Ref", "Recommendation", "Status"], [["1", "x", "Done"]])
    with pytest.raises(SpreadsheetRefused) as refused:
        tracker_preview(review=review, data=data, mapping_name="Nope")
    assert refused.value.place == "column mapping"
    assert "no saved mapping called 'Nope'" in refused.value.reason


@pytest.mark.parametrize(
    ("mapping", "reason"),
    [
        ({"A": "text", "B": "text", "C": "number"}, "columns 'A' and 'B' both fill"),
        ({"A": "text"}, "number or reference"),
        ({"A": "number"}, "wording"),
        ({"A": "number", "B": "text", "C": "colour"}, "'colour' is not a field"),
    ],
)
def test_mappings_that_cannot_work_are_refused(mapping, reason):
    with pytest.raises(SpreadsheetRefused, match=reason):
        check_mapping(mapping)
