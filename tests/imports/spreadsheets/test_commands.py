import json

import pytest
from django.core.management import CommandError, call_command

from scrutiny.reviews.models import Recommendation
from tests.helpers import assert_database_unchanged
from tests.imports.spreadsheets.conftest import council_a_rows, council_a_xlsx, council_b_csv

pytestmark = pytest.mark.django_db


@pytest.fixture
def tracker(tmp_path):
    def write(data: bytes, name: str = "tracker.xlsx"):
        path = tmp_path / name
        path.write_bytes(data)
        return str(path)

    return write


def test_dry_run_as_json_reports_every_row_and_writes_nothing(review, tracker, capsys):
    with assert_database_unchanged():
        call_command("import_tracker", tracker(council_a_xlsx()), review=review.slug,
                     dry_run=True, json=True)  # fmt: skip
    report = json.loads(capsys.readouterr().out)
    assert report["counts"] == {"create": 3, "update": 0, "unchanged": 0, "invalid": 0}
    assert [row["row"] for row in report["rows"]] == [4, 5, 6]
    assert report["mapping"]["Rec No"] == "number"


def test_import_prints_counts_and_progress(review, tracker, capsys):
    path = tracker(council_b_csv(), "b.csv")
    call_command("import_tracker", path, review=review.slug, progress_every=1)
    out, err = capsys.readouterr()
    assert out.strip() == "Created 2, updated 0, unchanged 0, refused 0."
    assert err.splitlines() == ["Imported 1 of 2 rows", "Imported 2 of 2 rows"]
    call_command("import_tracker", path, review=review.slug, json=True)
    assert json.loads(capsys.readouterr().out) == {
        "created": 0, "updated": 0, "unchanged": 2, "refused": 0,
    }  # fmt: skip


def test_invalid_rows_stop_the_import_unless_excluded(review, tracker, capsys):
    rows = council_a_rows()
    rows[1][5] = "31/02/2024"
    path = tracker(council_a_xlsx(rows))
    with assert_database_unchanged(), pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_tracker", path, review=review.slug)
    assert "row 5, column 'Target Date': 31/02/2024 is not a real date" in capsys.readouterr().err
    call_command("import_tracker", path, review=review.slug, exclude_invalid=True)
    assert "Created 2, updated 0, unchanged 0, refused 1." in capsys.readouterr().out


def test_an_unreadable_file_is_refused_naming_the_place(review, tracker):
    with pytest.raises(CommandError, match=r"t\.xlsx, the file: it is named \.xlsx"):
        call_command("import_tracker", tracker(b"nope", "t.xlsx"), review=review.slug)


def test_an_unknown_review_is_refused(tracker):
    with pytest.raises(CommandError, match="There is no review 'nope'"):
        call_command("import_tracker", tracker(council_a_xlsx()), review="nope")


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_export_then_import_with_the_commands(review, tracker, tmp_path, file_format, capsys):
    call_command("import_tracker", tracker(council_b_csv(), "b.csv"), review=review.slug)
    output = tmp_path / f"out.{file_format}"
    call_command("export_tracker", review=review.slug, format=file_format, output=str(output))
    assert f"Wrote 2 recommendations to {output}." in capsys.readouterr().out
    Recommendation.objects.all().delete()
    call_command("import_tracker", str(output), review=review.slug)
    assert "Created 2" in capsys.readouterr().out
