import csv
import datetime as dt
import io

import pytest
from django.core.management import call_command
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from scrutiny.core.audit import field_values
from scrutiny.imports.spreadsheets.exporting import tracker_csv, tracker_xlsx
from scrutiny.imports.spreadsheets.fields import BY_KEY, EXPORT_ORDER
from scrutiny.imports.spreadsheets.tracker import tracker_import, tracker_preview
from scrutiny.imports.spreadsheets.values import FORMULA_STARTS, neutralise, unneutralise
from scrutiny.reviews.models import Recommendation, Review
from tests.factories import make_recommendation, make_review

DEMO = "members-ict-support-and-ict-service-delivery"


@pytest.fixture
def demo(db):
    call_command("load_demo")
    return Review.objects.get(slug=DEMO)


def recommendation_fields(review):
    rows = []
    for rec in review.recommendations.order_by("number"):
        values = field_values(rec)
        del values["id"], values["version"]
        rows.append(values)
    return rows


@pytest.mark.parametrize("export", [tracker_xlsx, tracker_csv])
def test_export_then_import_into_the_review_shell_is_lossless(demo, export):
    before = recommendation_fields(demo)
    data = export(demo)
    # The same review shell (committee, people, meetings and resolutions) with no
    # recommendations, as in a fresh installation that has not yet imported the tracker.
    Recommendation.objects.filter(review=demo).delete()
    assert recommendation_fields(demo) == []
    preview = tracker_preview(review=demo, data=data, filename="tracker")
    assert preview.errors() == []
    result = tracker_import(actor=None, preview=preview)
    assert result.created == 13
    assert recommendation_fields(demo) == before


@pytest.mark.parametrize("export", [tracker_xlsx, tracker_csv])
def test_importing_an_unedited_export_changes_nothing(demo, export):
    preview = tracker_preview(review=demo, data=export(demo))
    assert preview.counts() == {"create": 0, "update": 0, "unchanged": 13, "invalid": 0}


def test_the_workbook_has_headings_frozen_panes_widths_and_real_dates(demo):
    sheet = load_workbook(io.BytesIO(tracker_xlsx(demo))).active
    headings = [cell.value for cell in sheet[1]]
    assert headings == [BY_KEY[key].heading for key in EXPORT_ORDER]
    assert sheet[1][0].font.bold
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["F"].width == 60  # the recommendation's wording
    target = sheet.cell(row=2, column=EXPORT_ORDER.index("original_target_date") + 1)
    assert target.value == dt.datetime(2023, 7, 31)
    assert target.number_format == "dd/mm/yyyy"
    assert sheet.max_row == 14


def test_the_csv_writes_dates_as_day_month_year(demo):
    text = tracker_csv(demo).decode("utf-8-sig")
    row = next(r for r in csv.DictReader(io.StringIO(text)) if r["No."] == "13")
    assert row["Original target date"] == "31/03/2024"
    assert row["Revised target date"] == "31/05/2025"
    assert row["Status"] == "Extended"
    assert row["Executive response"] == "Partially accepted"


FORMULAS = ['=HYPERLINK("http://x.example","Click")', "+44 1234", "-1", "@SUM(A1)",
            "\tindented", "'=already quoted"]  # fmt: skip


@pytest.fixture
def risky_review(db):
    review = make_review()
    make_recommendation(review, number=1)
    make_recommendation(review, number=2)
    Review.objects.filter(pk=review.pk).update(reported_to_executive_on=dt.date(2023, 4, 1))
    Recommendation.objects.filter(review=review).update(
        response="partially-accepted", response_received_on=dt.date(2023, 5, 1)
    )
    Recommendation.objects.filter(review=review, number=1).update(
        text=FORMULAS[0], reference=FORMULAS[1], response_reason=FORMULAS[3]
    )
    Recommendation.objects.filter(review=review, number=2).update(
        text=FORMULAS[2], reference=FORMULAS[4], response_reason=FORMULAS[5]
    )
    review.refresh_from_db()
    return review


def test_cells_a_spreadsheet_would_run_are_neutralised_in_csv(risky_review):
    text = tracker_csv(risky_review).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows[0]["Recommendation"] == "'" + FORMULAS[0]
    assert rows[0]["Reference"] == "'+44 1234"
    assert rows[0]["Response reason"] == "'@SUM(A1)"
    assert rows[1]["Recommendation"] == "'-1"
    assert rows[1]["Reference"] == "'\tindented"
    assert rows[1]["Response reason"] == "''=already quoted"


def test_cells_a_spreadsheet_would_run_are_neutralised_in_xlsx(risky_review):
    sheet = load_workbook(io.BytesIO(tracker_xlsx(risky_review))).active
    text = sheet.cell(row=2, column=EXPORT_ORDER.index("text") + 1)
    assert (text.value, text.data_type) == ("'" + FORMULAS[0], "s")
    for row in sheet.iter_rows(min_row=2, values_only=True):
        for value in row:
            assert not (isinstance(value, str) and value.startswith(FORMULA_STARTS))


@pytest.mark.parametrize("export", [tracker_xlsx, tracker_csv])
def test_the_import_strips_the_neutralising_quote(risky_review, export):
    data = export(risky_review)
    preview = tracker_preview(review=risky_review, data=data)
    assert preview.counts()["unchanged"] == 2, preview.errors()
    Recommendation.objects.filter(review=risky_review).delete()
    tracker_import(actor=None, preview=tracker_preview(review=risky_review, data=data))
    after = recommendation_fields(risky_review)
    assert [r["text"] for r in after] == [FORMULAS[0], FORMULAS[2]]
    assert [r["reference"] for r in after] == [FORMULAS[1], FORMULAS[4]]
    assert [r["response_reason"] for r in after] == [FORMULAS[3], FORMULAS[5]]


@given(st.text())
def test_neutralising_is_undone_exactly_and_never_leaves_a_formula(text):
    safe = neutralise(text)
    assert unneutralise(safe) == text
    assert not safe.startswith(FORMULA_STARTS)
