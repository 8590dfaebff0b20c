"""One upload limit, SCRUTINY_UPLOAD_MAX_BYTES, on every path a file comes in by: each
refuses an oversized file with the same message, writes nothing, keeps nothing, and gives
back everything else the person entered."""

import datetime as dt
from pathlib import Path

import lxml.html
import pytest
import time_machine
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.forms import modelform_factory
from django.urls import reverse

from scrutiny.committees.models import Document, Meeting
from scrutiny.imports.errors import ImportRefused
from scrutiny.imports.minutes_page import parse_minutes_page
from scrutiny.imports.pending import FOLDER
from scrutiny.imports.spreadsheets.reading import read_table
from scrutiny.imports.spreadsheets.refusals import SpreadsheetRefused
from scrutiny.reviews.models import Evidence
from tests.core.test_uploads import pdf_bytes
from tests.factories import make_item
from tests.helpers import assert_database_unchanged
from tests.site.staff.conftest import assert_refused, date_data, rec, summary_errors

pytestmark = pytest.mark.django_db

LIMIT = 4096
MESSAGE = "The file is 8 KB; the limit is 4 KB."
TOO_BIG = 8 * 1024


@pytest.fixture(autouse=True)
def small_limit(settings, tmp_path):
    settings.SCRUTINY_UPLOAD_MAX_BYTES = LIMIT
    settings.MEDIA_ROOT = str(tmp_path / "media")


def kept_uploads() -> list[Path]:
    root = Path(django_settings.MEDIA_ROOT) / FOLDER
    return sorted(root.iterdir()) if root.exists() else []


def field_value(response, name: str) -> str:
    html = lxml.html.document_fromstring(response.content.decode())
    (element,) = html.xpath(f'//*[@name="{name}"]')
    return element.value if element.tag != "textarea" else element.text_content()


def oversized_pdf(name: str = "big.pdf") -> SimpleUploadedFile:
    data = pdf_bytes()
    return SimpleUploadedFile(name, data + b"0" * (TOO_BIG - len(data)))


def test_a_document_over_the_limit_is_refused_and_its_title_kept(clerk_client, demo):
    item = make_item(Meeting.objects.get(starts_at__date=dt.date(2025, 1, 20)), "2")
    data = {"title": "Cabinet report", "kind": "report", "file": oversized_pdf()}
    with assert_database_unchanged():
        response = clerk_client.post(reverse("staff:document-add", args=[item.pk]), data)
    assert_refused(response, MESSAGE, "id_file")
    assert field_value(response, "title") == "Cabinet report"


def test_evidence_over_the_limit_is_refused_and_the_update_kept(owner_client, demo):
    r = rec(demo, 12)
    data = {
        "version": r.version,
        "proposed_status": "achieved",
        "narrative": "The new microphones are installed and working.",
        **date_data("as_of", dt.date(2025, 2, 7)),
        "evidence_files": [oversized_pdf()],
    }
    today = dt.datetime(2025, 2, 10, 12, tzinfo=dt.UTC)
    with time_machine.travel(today, tick=False), assert_database_unchanged():
        response = owner_client.post(reverse("staff:progress-update", args=[r.pk]), data)
    assert_refused(response, MESSAGE, "id_evidence_files")
    assert "The new microphones are installed and working." in field_value(response, "narrative")


def test_a_tracker_over_the_limit_is_refused_and_nothing_kept(officer_client, demo):
    rows = b"No.;Recommendation\n" + b"1;x\n" * 2048
    big = SimpleUploadedFile("tracker.csv", rows[:TOO_BIG])
    with assert_database_unchanged():
        response = officer_client.post(
            reverse("imports:upload"), {"review": demo.pk, "tracker": big}
        )
    assert MESSAGE in summary_errors(response)
    assert "tracker_import" not in officer_client.session
    assert kept_uploads() == []
    html = lxml.html.document_fromstring(response.content.decode())
    assert html.xpath('//select[@name="review"]/option[@selected]/@value') == [str(demo.pk)]


def test_a_minutes_page_over_the_limit_is_refused_and_nothing_kept(officer_client, demo):
    text = b"Issue - meetings\n" + b"x" * TOO_BIG
    page = SimpleUploadedFile("page.txt", text[:TOO_BIG])
    with assert_database_unchanged():
        response = officer_client.post(reverse("record_imports:upload"), {"page": page})
    assert MESSAGE in response.content.decode()
    assert kept_uploads() == []


def test_moderngov_answers_over_the_limit_are_refused_and_nothing_kept(officer_client, demo):
    answers = SimpleUploadedFile("answers.zip", b"0" * TOO_BIG)
    with assert_database_unchanged():
        response = officer_client.post(reverse("moderngov_imports:upload"), {"saved": answers})
    assert MESSAGE in response.content.decode()
    assert kept_uploads() == []


def test_several_moderngov_files_are_counted_together(officer_client, demo):
    files = [SimpleUploadedFile(f"GetMeeting_{n}.xml", b"<x/>" + b" " * 3000) for n in range(3)]
    response = officer_client.post(reverse("moderngov_imports:upload"), {"saved": files})
    assert "The files come to 9 KB; the limit is 4 KB." in response.content.decode()


def test_the_readers_behind_the_commands_keep_the_same_limit(tmp_path):
    with pytest.raises(SpreadsheetRefused) as refused:
        read_table(b"a;b\n" * 2048, is_known_heading=lambda heading: True)
    assert MESSAGE in refused.value.reason
    with pytest.raises(ImportRefused) as refused:
        parse_minutes_page(content=b"x" * TOO_BIG)
    assert refused.value.reason == MESSAGE
    big = tmp_path / "issue.txt"
    big.write_bytes(b"x" * TOO_BIG)
    with pytest.raises(CommandError, match="the limit is 4 KB"):
        call_command("import_minutes_page", str(big), "--dry-run")


@pytest.mark.parametrize("model", [Document, Evidence])
def test_forms_built_from_the_models_keep_the_limit_too(model, db):
    """The admin's forms are built from the models: a stored file's field keeps the limit."""
    form_class = modelform_factory(model, fields=["file"])
    form = form_class(data={}, files={"file": oversized_pdf()})
    assert not form.is_valid()
    assert form.errors["file"] == [MESSAGE]
    small = form_class(data={}, files={"file": SimpleUploadedFile("small.pdf", pdf_bytes())})
    small.is_valid()
    assert "file" not in small.errors
