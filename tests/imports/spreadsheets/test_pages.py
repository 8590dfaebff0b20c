import lxml.html
import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from scrutiny.imports import pending
from scrutiny.imports.models import ColumnMapping
from scrutiny.people.roles import Role
from tests.factories import make_user
from tests.helpers import assert_database_unchanged
from tests.imports.spreadsheets.conftest import council_a_rows, council_a_xlsx, council_b_csv
from tests.site.conftest import css

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_client(client):
    user = make_user("officer")
    user.groups.add(Group.objects.get(name=Role.SCRUTINY_OFFICER.label))
    client.force_login(user)
    return client


def page(response):
    return lxml.html.document_fromstring(response.content.decode())


def upload(client, review, data, name="tracker.xlsx", **extra):
    return client.post(
        reverse("imports:upload"),
        {"review": review.pk, "tracker": SimpleUploadedFile(name, data), **extra},
    )


def test_only_scrutiny_officers_may_use_the_pages(client, review):
    response = client.get(reverse("imports:upload"))
    assert response.status_code == 302
    assert "next=/staff/imports/" in response.url
    client.force_login(make_user("councillor"))
    assert client.get(reverse("imports:upload")).status_code == 403
    export = reverse("imports:export", args=[review.slug, "csv"])
    assert client.get(export).status_code == 403


def test_upload_map_preview_and_import(officer_client, review, settings):
    response = upload(officer_client, review, council_a_xlsx())
    assert response.status_code == 302
    assert response.url == reverse("imports:mapping")

    mapping_page = page(officer_client.get(response.url))
    selects = css(mapping_page, "select.govuk-select")
    assert len(selects) == 9
    chosen = {css(s.getparent(), "label")[0].text_content().strip():
              css(s, "option[selected]")[0].get("value") for s in selects}  # fmt: skip
    assert chosen["Rec No"] == "number"
    assert chosen["Progress/Action taken"] == "action_taken"
    assert css(mapping_page, "#id_name")[0].get("value") == "tracker"

    form = {f"column_{i}": value for i, value in enumerate(chosen.values())}
    response = officer_client.post(reverse("imports:mapping"), {**form, "name": "Council A"})
    assert response.status_code == 302
    assert ColumnMapping.objects.get().name == "Council A"

    with assert_database_unchanged():
        preview_page = page(officer_client.get(reverse("imports:preview")))
    rows = css(preview_page, "tbody tr")
    assert [css(r, "th")[0].text_content() for r in rows] == ["4", "5", "6"]
    assert "New" in rows[0].text_content()
    assert "imported as the proposed status" in rows[2].text_content()
    assert not css(preview_page, ".govuk-error-summary")

    token = officer_client.session["tracker_import"]["token"]
    response = officer_client.post(reverse("imports:preview"))
    assert response.url == reverse("imports:done")
    done = page(officer_client.get(response.url))
    assert "Tracker imported" in css(done, ".govuk-panel__title")[0].text_content()
    assert [d.text_content() for d in css(done, "dd")] == ["3", "0", "0", "0"]
    assert review.recommendations.count() == 3
    with pytest.raises(pending.PendingGone):
        pending.pending_read_bytes(pending.TRACKER, token)


def test_a_remembered_layout_fills_in_the_mapping(officer_client, review):
    ColumnMapping.objects.create(name="Council B", layout="x", columns={})
    upload(officer_client, review, council_a_xlsx())
    chosen = {f"column_{i}": "" for i in range(9)} | {"column_0": "number", "column_1": "text"}
    officer_client.post(reverse("imports:mapping"), {**chosen, "name": "Council A"})
    upload(officer_client, review, council_a_xlsx())
    mapping_page = page(officer_client.get(reverse("imports:mapping")))
    assert "Council A" in css(mapping_page, ".govuk-inset-text")[0].text_content()
    lead_officer = css(mapping_page, "#id_column_2 option[selected]")[0]
    assert lead_officer.get("value") == ""  # as saved, not as guessed


def test_an_unreadable_file_is_an_error_on_the_upload_field(officer_client, review):
    response = upload(officer_client, review, b"not a tracker", name="t.xlsx")
    summary = css(page(response), ".govuk-error-summary a")
    assert summary[0].get("href") == "#id_tracker"
    assert "named .xlsx but is not an Excel workbook" in summary[0].text_content()


def test_an_empty_submission_is_refused_with_the_reasons(officer_client, review):
    """A POST with no fields (or a body that is no form at all) is a submission: the
    page says what is missing, rather than showing the blank form again."""
    response = officer_client.post(reverse("imports:upload"))
    summary = css(page(response), ".govuk-error-summary")[0].text_content()
    assert "Choose the review the tracker belongs to" in summary
    assert "Choose the tracker file to upload" in summary
    upload(officer_client, review, council_a_xlsx())
    response = officer_client.post(
        reverse("imports:mapping"), b"\xff\xfe", content_type="application/octet-stream"
    )
    summary = css(page(response), ".govuk-error-summary")[0].text_content()
    assert "Enter a name for this layout" in summary


def test_rows_with_errors_must_be_left_out_explicitly(officer_client, review):
    rows = council_a_rows()
    rows[1][2] = "J Smyth"
    upload(officer_client, review, council_a_xlsx(rows))
    officer_client.post(
        reverse("imports:mapping"),
        {"column_0": "number", "column_1": "text", "column_2": "owner", "name": "A"},
    )
    preview_page = page(officer_client.get(reverse("imports:preview")))
    links = css(preview_page, ".govuk-error-summary a")
    assert [(a.get("href"), a.text_content()) for a in links] == [
        ("#row-5", "row 5, column 'Lead Officer': no officer called 'J Smyth' — did you mean "
         "'Jo Smith'?"),
    ]  # fmt: skip
    with assert_database_unchanged():
        response = officer_client.post(reverse("imports:preview"))
    assert "Leave out row 5" in css(page(response), ".govuk-error-summary")[0].text_content()
    response = officer_client.post(reverse("imports:preview"), {"exclude": ["5"]})
    assert response.url == reverse("imports:done")
    assert sorted(review.recommendations.values_list("number", flat=True)) == [1, 3]


def test_cancelling_forgets_the_upload(officer_client, review):
    upload(officer_client, review, council_b_csv(), name="b.csv")
    token = officer_client.session["tracker_import"]["token"]
    officer_client.post(reverse("imports:cancel"))
    assert "tracker_import" not in officer_client.session
    with pytest.raises(pending.PendingGone):
        pending.pending_read_bytes(pending.TRACKER, token)
    assert officer_client.get(reverse("imports:preview")).status_code == 404


@pytest.mark.parametrize(("file_format", "starts"), [("xlsx", b"PK"), ("csv", b"\xef\xbb\xbfNo.")])
def test_export_links(officer_client, review, file_format, starts):
    upload_page = page(officer_client.get(reverse("imports:upload")))
    url = reverse("imports:export", args=[review.slug, file_format])
    assert css(upload_page, f'a[href="{url}"]')
    response = officer_client.get(url)
    assert response.status_code == 200
    assert response.content.startswith(starts)
    assert f"{review.slug}-tracker.{file_format}" in response["Content-Disposition"]
