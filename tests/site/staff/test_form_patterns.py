"""The GOV.UK form patterns on the staff pages: times as the hint shows them, the
committee the officer works for offered first, the Schedule 12A fields revealed under
"Exempt", chosen files asked for again after an error, and edit forms filled in with
what is recorded."""

import datetime as dt
from pathlib import Path

import pytest
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.staticfiles import finders
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from scrutiny.committees.models import Committee, Meeting, Membership
from scrutiny.committees.selectors import committee_worked_for
from scrutiny.core.forms import GovukForm
from scrutiny.people.models import Person
from tests.fuzz.forms import as_filled_in, forms_on
from tests.site.staff.conftest import (
    date_data,
    inline_error,
    page,
    rec,
    signed_in,
    summary_errors,
)

JANUARY = dt.date(2025, 1, 20)


def january() -> Meeting:
    return Meeting.objects.get(starts_at__date=JANUARY)


def an_item():
    """An item of the January meeting, added as a clerk adds one."""
    meeting = january()
    if not meeting.items.exists():
        data = {"number": "9", "title": "Staffing", "visibility": "public"}
        clerk = signed_in("clerk")
        response = clerk.post(reverse("staff:item-create", args=[meeting.pk]), data)
        assert response.status_code == 302, summary_errors(response)
        item = meeting.items.get()
        data = {"version": item.version, "minutes": "The committee noted the report."}
        response = clerk.post(reverse("staff:minutes", args=[item.pk]), data)
        assert response.status_code == 302, summary_errors(response)
    return meeting.items.first()


# Times ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("6pm", (18, 0)), ("6.30pm", (18, 30)), ("6:30 pm", (18, 30)), ("18:30", (18, 30))],
)
def test_a_meeting_starts_at_the_time_typed_as_the_hint_shows(clerk_client, demo, typed, expected):
    data = {"committee": demo.committee.pk, "time": typed, "status": "scheduled"}
    data |= date_data("date", dt.date(2025, 9, 15))
    response = clerk_client.post(reverse("staff:meeting-create"), data)
    assert response.status_code == 302, summary_errors(response)
    meeting = Meeting.objects.get(starts_at__date=dt.date(2025, 9, 15))
    assert timezone.localtime(meeting.starts_at).time() == dt.time(*expected)


def test_the_time_hint_shows_what_is_accepted(clerk_client, demo):
    html = page(clerk_client.get(reverse("staff:meeting-create")))
    assert html.xpath('//div[@id="id_time-hint"]/text()') == ["For example, 6pm, 6.30pm or 18:30"]
    assert "govuk-input--width-5" in html.xpath('//input[@id="id_time"]/@class')[0]


# Defaults ------------------------------------------------------------------------------


def selected_committee(response) -> list[str]:
    return page(response).xpath('//select[@name="committee"]/option[@selected]/text()')


def test_a_review_is_offered_the_committee_its_officer_supports(officer_client, demo):
    response = officer_client.get(reverse("staff:review-create"))
    assert selected_committee(response) == [demo.committee.name]
    assert demo.committee.name != "Cabinet"


def test_a_clerk_is_offered_the_committee_they_sit_on(clerk_client, demo):
    cabinet = Committee.objects.get(slug="cabinet")
    clerk = get_user_model().objects.get(username="clerk")
    person = Person.objects.filter(user=clerk).first() or Person.objects.create(
        name="Clerk", kind=Person.Kind.OFFICER, user=clerk
    )
    assert committee_worked_for(clerk, timezone.localdate()) is None
    response = clerk_client.get(reverse("staff:meeting-create"))
    # No committee of theirs: a prompt, never the first committee.
    options = page(response).xpath('//select[@name="committee"]/option')
    assert options[0].text == "Select a committee" and options[0].get("value") == ""
    assert selected_committee(response) in ([], ["Select a committee"])
    Membership.objects.create(committee=demo.committee, person=person, role="member")
    response = clerk_client.get(reverse("staff:meeting-create"))
    assert selected_committee(response) == [demo.committee.name]
    assert cabinet.name not in selected_committee(response)


def test_the_committee_worked_for_is_the_supported_one_before_a_seat(demo):
    officer = get_user_model().objects.get(username="scrutiny.officer")
    assert committee_worked_for(officer, timezone.localdate()) == demo.committee
    councillor = get_user_model().objects.get(username="councillor")
    assert committee_worked_for(councillor, timezone.localdate()) == demo.committee
    assert committee_worked_for(get_user_model()(), timezone.localdate()) is None


# Conditional reveal --------------------------------------------------------------------


def test_the_schedule_12a_fields_are_revealed_under_exempt(clerk_client, demo):
    html = page(clerk_client.get(reverse("staff:item-create", args=[january().pk])))
    exempt = html.xpath('//input[@name="visibility"][@value="exempt"]')[0]
    area = html.xpath(f'//div[@id="{exempt.get("data-app-reveals")}"]')[0]
    assert area.get("class").split() == [
        "govuk-radios__conditional",
        "govuk-radios__conditional--hidden",
    ]
    # The area follows the Exempt radio's item, inside the radios.
    assert area.getprevious().xpath('.//input[@value="exempt"]')
    assert len(area.xpath('.//input[@name="exempt_paragraphs"]')) == 7
    assert area.xpath('.//textarea[@name="public_interest_reason"]')
    # Each drawn once: only inside the area.
    assert len(html.xpath('//input[@name="exempt_paragraphs"]')) == 7
    assert len(html.xpath('//textarea[@name="public_interest_reason"]')) == 1
    public = html.xpath('//input[@name="visibility"][@value="public"]')[0]
    assert public.get("data-app-reveals") is None


def test_the_reveal_is_open_when_exempt_is_chosen(clerk_client, demo):
    data = {"number": "9", "title": "Staffing", "visibility": "exempt"}
    response = clerk_client.post(reverse("staff:item-create", args=[january().pk]), data)
    html = page(response)
    exempt = html.xpath('//input[@name="visibility"][@value="exempt"]')[0]
    assert exempt.get("checked") is not None
    area = html.xpath(f'//div[@id="{exempt.get("data-app-reveals")}"]')[0]
    assert "govuk-radios__conditional--hidden" not in area.get("class")
    # The service's refusal is on the revealed field, which the summary links to.
    assert inline_error(response, "id_exempt_paragraphs")
    links = html.xpath('//div[contains(@class,"govuk-error-summary")]//a/@href')
    assert "#id_exempt_paragraphs_0" in links


def test_without_javascript_the_reveal_shows():
    """GOV.UK Frontend hides a closed area only once its script has marked the page."""
    css = Path(finders.find("site/app.css")).read_text()
    assert ".govuk-frontend-supported .govuk-radios__conditional--hidden{display:none}" in css
    assert "\n.govuk-radios__conditional--hidden{display:none}" not in css


# Files ---------------------------------------------------------------------------------


def test_a_chosen_paper_is_asked_for_again_after_an_error(clerk_client, demo):
    item = an_item()
    paper = SimpleUploadedFile("paper.pdf", b"%PDF-1.4 a paper")
    data = {"title": "", "kind": "report", "file": paper}
    response = clerk_client.post(reverse("staff:document-add", args=[item.pk]), data)
    assert response.status_code == 200
    again = "Select the file again: a chosen file is not kept when the form has a problem"
    assert inline_error(response, "id_file") == again
    assert again in summary_errors(response)
    assert "Enter the document's title" in summary_errors(response)


def test_evidence_is_asked_for_again_after_an_error(owner_client, demo):
    r = rec(demo, 11)
    evidence = SimpleUploadedFile("evidence.pdf", b"%PDF-1.4 evidence")
    data = {"version": r.version, "proposed_status": "on-track", "evidence_files": evidence}
    data |= date_data("as_of", dt.date(2025, 1, 5))
    response = owner_client.post(reverse("staff:progress-update", args=[r.pk]), data)
    assert response.status_code == 200
    assert inline_error(response, "id_evidence_files").startswith("Select the evidence files again")


def test_a_file_is_asked_for_again_after_a_refusal_made_after_cleaning():
    class Paper(GovukForm):
        title = forms.CharField()
        file = forms.FileField()

    form = Paper({"title": "Report"}, {"file": SimpleUploadedFile("a.pdf", b"%PDF-1.4")})
    assert form.is_valid()
    form.add_error(None, "The minutes are signed")
    assert form.files_to_choose_again() == ["file"]
    assert Paper({}, {}).files_to_choose_again() == []


def test_a_file_with_its_own_error_is_not_asked_for_twice(clerk_client, demo):
    item = an_item()
    data = {"title": "Paper", "kind": "report", "file": SimpleUploadedFile("a.exe", b"MZ\x90")}
    response = clerk_client.post(reverse("staff:document-add", args=[item.pk]), data)
    error = inline_error(response, "id_file")
    assert error and "again" not in error


# Edit forms ----------------------------------------------------------------------------


def test_the_executive_response_form_shows_the_recorded_answer(officer_client, demo):
    r = rec(demo, 11)
    data = {"version": r.version, "response": "partially-accepted", "reason": "Budget."}
    data |= date_data("received_on", dt.date(2023, 6, 20))
    assert (
        officer_client.post(reverse("staff:executive-response", args=[r.pk]), data).status_code
        == 302
    )
    html = page(officer_client.get(reverse("staff:executive-response", args=[r.pk])))
    assert html.xpath('//input[@name="response"][@checked]/@value') == ["partially-accepted"]
    assert html.xpath('//input[@name="received_on_day"]/@value') == ["20"]
    assert html.xpath('//input[@name="received_on_month"]/@value') == ["6"]
    assert html.xpath('//input[@name="received_on_year"]/@value') == ["2023"]
    assert html.xpath('//textarea[@name="reason"]/text()') == ["\nBudget."] or html.xpath(
        '//textarea[@name="reason"]/text()'
    ) == ["Budget."]


def edit_pages(demo) -> list[tuple[str, str]]:
    meeting = january()
    item = an_item()
    r = rec(demo, 11)
    admin = get_user_model().objects.get(username="owner")
    return [
        ("scrutiny.officer", reverse("staff:review-edit", args=[demo.slug])),
        ("scrutiny.officer", reverse("staff:recommendation-edit", args=[r.pk])),
        ("clerk", reverse("staff:meeting-edit", args=[meeting.pk])),
        ("clerk", reverse("staff:visibility", args=[item.pk])),
        ("clerk", reverse("staff:minutes", args=[item.pk])),
        ("admin", reverse("staff:account-edit", args=[admin.pk])),
    ]


@pytest.mark.parametrize("index", range(6))
def test_every_edit_form_is_filled_in_with_what_is_recorded(demo, index):
    """Sent back as it comes, an edit form is accepted: nothing it shows is left blank."""
    username, url = edit_pages(demo)[index]
    client = signed_in(username)
    form = forms_on(client.get(url), url)[0]
    response = client.post(form.action, as_filled_in(form))
    assert response.status_code == 302, (url, summary_errors(response))
