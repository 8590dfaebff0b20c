import datetime as dt

import pytest

from scrutiny.core.models import AuditEvent
from scrutiny.imports.spreadsheets.refusals import SpreadsheetRefused
from scrutiny.imports.spreadsheets.tracker import tracker_import, tracker_preview
from scrutiny.people.models import Directorate, Person
from scrutiny.reviews.models import Extension, ProgressUpdate, Recommendation
from tests.helpers import assert_database_unchanged
from tests.imports.spreadsheets.conftest import (
    COUNCIL_A_HEADINGS,
    COUNCIL_B_HEADINGS,
    council_a_rows,
    council_a_xlsx,
    council_b_csv,
    council_b_rows,
    csv_bytes,
)

pytestmark = pytest.mark.django_db


def run(review, data, **options):
    exclude = options.pop("exclude", ())
    preview = tracker_preview(review=review, data=data, **options)
    return preview, tracker_import(actor=None, preview=preview, exclude=exclude)


def test_council_a_workbook_creates_the_recommendations(review):
    _preview, result = run(review, council_a_xlsx(), filename="a.xlsx")
    assert result.as_dict() == {"created": 3, "updated": 0, "unchanged": 0, "refused": 0}
    one, two, three = review.recommendations.order_by("number")
    assert one.owner.name == "Jo Smith"
    assert one.directorate.name == "Resources"
    assert (one.agreed_on, one.original_target_date) == (dt.date(2024, 3, 11), dt.date(2024, 9, 30))
    assert one.current_target_date == one.original_target_date
    assert one.status.code == "on-track"
    assert one.updates.get().narrative == "Hours drafted."
    assert two.owner.name == "Sam Okafor"  # "sam okafor" matched without regard to case
    assert (two.status.code, two.original_target_date) == ("not-started", dt.date(2024, 12, 31))
    assert three.owner.name == "Jo Smith"  # "Jo  Smith" matched without regard to spaces


def test_a_closing_status_without_a_resolution_becomes_the_proposed_status(review):
    preview = tracker_preview(review=review, data=council_a_xlsx())
    note = preview.rows[2].notes[0]
    assert "'Achieved' closes a recommendation" in note
    assert "imported as the proposed status" in note
    tracker_import(actor=None, preview=preview)
    rec = review.recommendations.get(number=3)
    assert (rec.status.code, rec.proposed_status.code) == ("not-started", "achieved")
    assert rec.closed_by is None
    event = AuditEvent.objects.filter(action="recommendation.import", object_id=str(rec.pk)).get()
    assert event.after["proposed_status_id"] == rec.proposed_status_id


def test_any_status_may_be_imported_as_the_services_position(review):
    headings = ["Ref", "Recommendation", "Status", "Proposed status"]
    run(review, csv_bytes(headings, [["R1", "Do it.", "Not started", "On track"]]))
    rec = review.recommendations.get(number=1)
    assert (rec.status.code, rec.proposed_status.code, rec.proposed_on) == (
        "not-started",
        "on-track",
        None,
    )


def test_council_b_csv_creates_by_reference_and_records_response_and_extension(review):
    _preview, result = run(review, council_b_csv(), filename="b.csv")
    assert result.created == 2
    first, second = review.recommendations.order_by("number")
    assert (first.number, first.reference) == (1, "CSSC (23/24) 01")
    assert (first.response, first.response_received_on) == ("accepted", dt.date(2024, 6, 1))
    assert first.status.code == "on-track"
    assert second.original_target_date == dt.date(2025, 3, 31)
    assert second.current_target_date == dt.date(2025, 6, 30)
    assert second.status.code == "extended"
    extension = Extension.objects.get(recommendation=second)
    assert "b.csv" in extension.reason


def test_a_sign_off_reference_closes_the_recommendation(review, resolution):
    headings = ["Ref", "Recommendation", "Lead officer", "Target date", "Status",
                "Date completed", "Signed off by"]  # fmt: skip
    rows = [["R1", "Do it.", "Jo Smith", "31/03/2024", "Done", "02/04/2024",
             resolution.reference]]  # fmt: skip
    run(review, csv_bytes(headings, rows))
    rec = review.recommendations.get()
    assert (rec.status.code, rec.closed_by, rec.completed_on) == (
        "achieved", resolution, dt.date(2024, 4, 2),
    )  # fmt: skip
    assert rec.achieved_late


def invalid_council_a_rows():
    rows = council_a_rows()
    rows[0][5] = "31/02/2024"  # row 4
    rows[1][2] = "J Smyth"  # row 5
    rows[2][6] = "Finished"  # row 6
    return rows


def test_every_problem_names_its_row_and_column(review):
    preview = tracker_preview(review=review, data=council_a_xlsx(invalid_council_a_rows()))
    assert preview.errors() == [
        "row 4, column 'Target Date': 31/02/2024 is not a real date",
        "row 5, column 'Lead Officer': no officer called 'J Smyth' — did you mean 'Jo Smith'?",
        "row 6, column 'Status': 'Finished' is not a status we know. Use one of: Not started, "
        "On track, Slipped, Extended, Achieved, Not achieved, Withdrawn",
    ]
    assert preview.invalid_rows() == [4, 5, 6]


@pytest.mark.parametrize(
    ("column", "value", "error"),
    [
        ("Rec No", "R3", "row 4, column 'Rec No': 'R3' is not a whole number, such as 3"),
        ("Rec No", 2, "row 5, column 'Rec No': 2 appears again (first on row 4)"),
        ("Date agreed", "next spring", "row 4, column 'Date agreed': 'next spring' is not a "
         "date; write dates like 31/03/2025"),
        ("Directorate", "Finanse", "row 4, column 'Directorate': no directorate called "
         "'Finanse'"),
        ("Target Date", "01/01/2020", "row 4, column 'Target Date': the target date must not "
         "be before the date agreed, 11 March 2024."),
        ("Recommendation", " ", "row 4, column 'Recommendation': enter the recommendation's "
         "wording."),
    ],
)  # fmt: skip
def test_each_kind_of_cell_problem_is_explained(review, column, value, error):
    rows = council_a_rows()
    rows[0][COUNCIL_A_HEADINGS.index(column)] = value
    preview = tracker_preview(review=review, data=council_a_xlsx(rows))
    assert preview.errors() == [error]


def test_service_rules_are_reported_against_the_column(review):
    rows = council_b_rows()
    rows[0][5] = "01/04/2024"  # before the executive received the report on 18 April
    rows[1][4] = "Partially accepted"  # without a reason, and no column for one
    preview = tracker_preview(review=review, data=council_b_csv(rows))
    assert preview.errors() == [
        "row 2, column 'Response date': the response date must be on or after the date the "
        "executive received the report, 18 April 2024.",
        "row 3: give the executive's reason for not accepting it in full.",
    ]


def test_rows_of_another_committee_are_refused(review):
    rows = council_b_rows()
    rows[1][1] = "Cabinet"
    preview = tracker_preview(review=review, data=council_b_csv(rows))
    assert preview.errors() == [
        "row 3, column 'Committee': this review belongs to Customer Services Scrutiny "
        "Committee, not 'Cabinet'; exclude the row or import it into that committee's review",
    ]


def test_nothing_is_written_while_any_row_is_invalid(review):
    data = council_a_xlsx(invalid_council_a_rows())
    with assert_database_unchanged():
        preview = tracker_preview(review=review, data=data)
        with pytest.raises(SpreadsheetRefused) as refused:
            tracker_import(actor=None, preview=preview, exclude=[4, 5])
    assert refused.value.place == "row 6"
    assert "1 row(s) have errors" in refused.value.reason


def test_the_preview_writes_nothing_even_for_valid_rows(review):
    with assert_database_unchanged():
        preview = tracker_preview(review=review, data=council_a_xlsx(), create_missing=True)
    assert [row.action for row in preview.rows] == ["create", "create", "create"]


def test_excluding_the_invalid_rows_imports_the_rest(review):
    rows = council_a_rows()
    rows[1][5] = "31/02/2024"
    _preview, result = run(review, council_a_xlsx(rows), exclude=[5])
    assert result.as_dict() == {"created": 2, "updated": 0, "unchanged": 0, "refused": 1}
    assert sorted(review.recommendations.values_list("number", flat=True)) == [1, 3]


def test_a_failure_during_the_import_writes_nothing(review):
    preview = tracker_preview(review=review, data=council_a_xlsx())
    # Between the preview and the import someone else records recommendation 2 with
    # another target date, so row 5 is now refused: rows 4 and 6 must not be kept.
    Recommendation.objects.create(
        review=review, number=2, text="Other", status_id=preview.rows[0].values["status"].pk,
        original_target_date=dt.date(2025, 1, 1), current_target_date=dt.date(2025, 1, 1),
    )  # fmt: skip
    with assert_database_unchanged(), pytest.raises(SpreadsheetRefused) as refused:
        tracker_import(actor=None, preview=preview)
    assert refused.value.place == "row 5"
    assert "original target date never changes" in refused.value.reason


def test_importing_again_changes_nothing(review):
    run(review, council_a_xlsx())
    events = AuditEvent.objects.count()
    with assert_database_unchanged():
        _preview, result = run(review, council_a_xlsx())
    assert result.as_dict() == {"created": 0, "updated": 0, "unchanged": 3, "refused": 0}
    assert AuditEvent.objects.count() == events


def test_changed_rows_are_updated_and_counted(review):
    run(review, council_b_csv())
    rows = council_b_rows()
    rows[0][9] = "Delayed"
    rows[0][8] = "31/03/2025"
    _preview, result = run(review, council_b_csv(rows))
    assert result.as_dict() == {"created": 0, "updated": 1, "unchanged": 1, "refused": 0}
    rec = review.recommendations.get(number=1)
    assert (rec.original_target_date, rec.current_target_date) == (
        dt.date(2024, 12, 31), dt.date(2025, 3, 31),
    )  # fmt: skip
    assert rec.status.code == "slipped"


def test_the_original_target_date_never_changes(review):
    run(review, council_b_csv())
    rows = council_b_rows()
    rows[0][7] = "28/02/2025"
    preview = tracker_preview(review=review, data=council_b_csv(rows))
    assert preview.errors() == [
        "row 2, column 'Deadline': the original target date never changes (it is 31 December "
        "2024); give the new date as the revised target date to record an extension"
    ]


def test_missing_officers_and_directorates_are_created_when_asked(review):
    rows = council_a_rows()
    rows[0][2], rows[0][3] = "Priya Shah", "Finance"
    rows[1][2] = "Priya  Shah"
    preview = tracker_preview(review=review, data=council_a_xlsx(rows), create_missing=True)
    assert "Creates the officer 'Priya Shah'." in preview.rows[0].notes
    tracker_import(actor=None, preview=preview)
    priya = Person.objects.get(name="Priya Shah")
    assert (priya.kind, priya.directorate) == ("officer", Directorate.objects.get(name="Finance"))
    assert review.recommendations.filter(owner=priya).count() == 2
    assert AuditEvent.objects.filter(action="person.import").count() == 1


def test_action_taken_is_recorded_once_as_the_owners_update(review):
    run(review, council_a_xlsx())
    rows = council_a_rows()
    rows[0][7] = "Hours published on the intranet."
    _preview, result = run(review, council_a_xlsx(rows))
    assert result.updated == 1
    narratives = ProgressUpdate.objects.filter(recommendation__number=1).values_list(
        "narrative", flat=True
    )
    assert sorted(narratives) == ["Hours drafted.", "Hours published on the intranet."]
    assert AuditEvent.objects.filter(action="progress_update.import").count() == 3


def test_a_closed_recommendation_takes_no_changes(review, resolution):
    headings = ["Ref", "Recommendation", "Status", "Signed off by"]
    run(review, csv_bytes(headings, [["R1", "Do it.", "Done", resolution.reference]]))
    preview = tracker_preview(
        review=review, data=csv_bytes(headings, [["R1", "Do it.", "On track", ""]])
    )
    assert preview.errors() == [
        f"row 2, column 'Status': recommendation 1 was closed by {resolution.reference}; "
        "it takes no further changes"
    ]


def test_extended_needs_a_revised_date(review):
    data = csv_bytes([*COUNCIL_B_HEADINGS[:4], "Status"], [["R1", "", "", "Do it.", "Extended"]])
    preview = tracker_preview(review=review, data=data)
    assert preview.errors() == [
        "row 2, column 'Status': 'Extended' needs a revised target date later than the original one"
    ]
