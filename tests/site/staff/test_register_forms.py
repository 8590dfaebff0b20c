"""The clerk's register, declarations of interest and corrections to signed minutes, and
the scrutiny officer's timeline entries: each form's happy path and its refusals."""

import datetime as dt

import pytest
from django.urls import reverse

from scrutiny.committees import services as record
from scrutiny.committees.models import Attendance, Declaration, Meeting, MinutesCorrection
from scrutiny.people.models import Person
from tests.factories import make_item, make_officer
from tests.helpers import assert_database_unchanged
from tests.site.staff.conftest import assert_refused, banner, date_data, page, summary_errors

pytestmark = pytest.mark.django_db
SIGNED_DAY, LATER_DAY = dt.date(2024, 9, 16), dt.date(2025, 1, 20)


@pytest.fixture
def january(demo):
    return Meeting.objects.get(starts_at__date=LATER_DAY)


@pytest.fixture
def signed(demo):
    return Meeting.objects.get(starts_at__date=SIGNED_DAY)


def register_rows(response) -> list[str]:
    return [
        " ".join(legend.text_content().split())
        for legend in page(response).xpath("//form//fieldset/legend")
    ]


def test_the_register_lists_the_committees_members(clerk_client, january):
    response = clerk_client.get(reverse("staff:attendance", args=[january.pk]))
    members = Person.objects.filter(memberships__committee=january.committee).distinct()
    rows = register_rows(response)
    assert members.count() > 1
    assert [person.display_name for person in members.order_by("name")] == rows[: len(rows) - 1]
    assert rows[-1] == "How they attended"
    first = members.order_by("name").first()
    choices = page(response).xpath(f'//input[@name="status_{first.pk}"]/@value')
    assert choices == ["", "present", "apologies", "absent"]


def test_clerk_records_the_register_with_an_officer_in_attendance(clerk_client, january):
    ann, bob = Person.objects.filter(memberships__committee=january.committee).order_by("name")[:2]
    director = make_officer("Dana Director")
    data = {
        f"status_{ann.pk}": "present",
        f"status_{bob.pk}": "apologies",
        "other": director.pk,
        "other_status": "in-attendance",
        "other_role": "Director of ICT",
    }
    url = reverse("staff:attendance", args=[january.pk])
    response = clerk_client.post(url, data, follow=True)
    assert banner(response) == (
        "Attendance of 3 people recorded: not public until the minutes are approved"
    )
    recorded = {a.person: (a.status, a.role) for a in Attendance.objects.filter(meeting=january)}
    assert recorded == {
        ann: ("present", ""),
        bob: ("apologies", ""),
        director: ("in-attendance", "Director of ICT"),
    }
    text = page(response).xpath('string(//*[@id="attendance"]/following-sibling::dl[1])')
    assert "Director of ICT" in text and "Apologies" in text
    headings = page(response).xpath('//*[@id="attendance"]/following-sibling::dl[1]//dt/text()')
    assert headings == ["Present", "Apologies", "In attendance"]
    # The officer now has a row of their own, their answer chosen.
    again = page(clerk_client.get(url))
    assert again.xpath(f'//input[@name="status_{director.pk}"][@checked]/@value') == [
        "in-attendance"
    ]


def test_someone_else_without_their_attendance_is_refused(clerk_client, january):
    data = {"other": make_officer("Dana Director").pk}
    with assert_database_unchanged():
        response = clerk_client.post(reverse("staff:attendance", args=[january.pk]), data)
    assert_refused(response, "Say whether they attended or substituted", "id_other_status")


def test_an_empty_register_is_refused(clerk_client, january):
    with assert_database_unchanged():
        response = clerk_client.post(reverse("staff:attendance", args=[january.pk]), {})
    assert summary_errors(response) == ["Record the attendance of at least one person."]


def test_the_register_of_a_meeting_with_signed_minutes_is_refused(clerk_client, signed):
    member = Person.objects.filter(memberships__committee=signed.committee).first()
    with assert_database_unchanged():
        response = clerk_client.post(
            reverse("staff:attendance", args=[signed.pk]), {f"status_{member.pk}": "absent"}
        )
    assert f"The minutes of {signed} are signed and locked." in summary_errors(response)[0]


def test_clerk_records_a_declaration_of_interest(clerk_client, january):
    item = make_item(january, "6", title="Library services")
    member = Person.objects.filter(memberships__committee=january.committee).first()
    data = {"person": member.pk, "kind": "other-registrable", "text": "Friend of the library."}
    response = clerk_client.post(reverse("staff:declaration", args=[item.pk]), data, follow=True)
    assert banner(response) == (
        f"Declaration by {member} on item 6 recorded: not public until the minutes are approved"
    )
    assert Declaration.objects.get(item=item).text == "Friend of the library."
    assert "Friend of the library." in page(response).xpath(f'string(//*[@id="item-{item.pk}"])')


def test_clerk_records_that_the_member_left_the_room(clerk_client, january):
    item = make_item(january, "7", title="School places")
    member = Person.objects.filter(memberships__committee=january.committee).first()
    url = reverse("staff:declaration", args=[item.pk])
    assert "They left the room for this item" in clerk_client.get(url).content.decode()
    data = {"person": member.pk, "kind": "dpi", "text": "Governor of a school.", "left_room": "on"}
    response = clerk_client.post(url, data, follow=True)
    assert Declaration.objects.get(item=item).left_room is True
    assert "Governor of a school. Left the room for this item." in page(response).xpath(
        f'string(//*[@id="item-{item.pk}"])'
    )
    data = {"person": member.pk, "kind": "dpi", "text": "Parent at a school."}
    clerk_client.post(url, data)
    assert Declaration.objects.get(text="Parent at a school.").left_room is False


def test_a_declaration_without_words_is_refused(clerk_client, january):
    item = make_item(january, "6")
    member = Person.objects.filter(memberships__committee=january.committee).first()
    data = {"person": member.pk, "kind": "dpi", "text": ""}
    with assert_database_unchanged():
        response = clerk_client.post(reverse("staff:declaration", args=[item.pk]), data)
    assert_refused(response, "Say what the interest is", "id_text")


def test_clerk_records_a_correction_published_with_the_later_minutes(
    clerk_client, client, signed, january
):
    item = signed.items.get(number="27")
    data = {"agreed_at": january.pk, "item": item.pk, "text": "For 'iPad' read 'iPads'."}
    response = clerk_client.post(reverse("staff:correction", args=[signed.pk]), data, follow=True)
    assert banner(response) == "Correction agreed on 20 January 2025 recorded"
    assert MinutesCorrection.objects.get(meeting=signed).item == item
    public = reverse("site:meeting_detail", args=[signed.pk])
    # Public once January's minutes are: not before.
    assert "For 'iPad' read 'iPads'." not in client.get(public).content.decode()
    for status in ("draft", "approved"):
        january = record.minutes_set_status(actor=None, meeting=january, status=status)
    corrections = page(client.get(public)).xpath(
        'string(//ul[preceding-sibling::h2[@id="corrections"]])'
    )
    assert " ".join(corrections.split()) == (
        "Agreed at the meeting of 20 January 2025, on item 27: For 'iPad' read 'iPads'."
    )


def test_the_correction_form_offers_only_later_meetings_of_the_committee(clerk_client, signed):
    response = clerk_client.get(reverse("staff:correction", args=[signed.pk]))
    offered = page(response).xpath('//input[@name="agreed_at"]/@value')
    later = Meeting.objects.filter(committee=signed.committee, starts_at__gt=signed.starts_at)
    assert sorted(map(int, offered)) == sorted(later.values_list("pk", flat=True))
    assert later.exists()


def test_a_correction_to_minutes_not_yet_signed_is_refused(clerk_client, january):
    later = Meeting.objects.filter(
        committee=january.committee, starts_at__gt=january.starts_at
    ).first()
    data = {"agreed_at": later.pk, "text": "Fix."}
    with assert_database_unchanged():
        response = clerk_client.post(reverse("staff:correction", args=[january.pk]), data)
    assert summary_errors(response) == [
        f"The minutes of {january} are not signed yet: change them directly instead."
    ]


def test_officer_adds_to_the_reviews_timeline(officer_client, demo):
    data = {"kind": "paused", "period_label": "2021/22", "text": "Paused for the elections."}
    data |= date_data("happened_on", dt.date(2021, 4, 1))
    response = officer_client.post(
        reverse("staff:timeline-entry", args=[demo.slug]), data, follow=True
    )
    assert banner(response) == "Paused on 1 April 2021 added to the timeline"
    timeline = page(response).xpath('string(//*[@id="timeline"]/following-sibling::dl[1])')
    assert "1 April 2021 (2021/22)" in timeline and "Paused for the elections." in timeline


def test_a_timeline_entry_without_words_is_refused(officer_client, demo):
    data = {"kind": "note", "text": ""} | date_data("happened_on", dt.date(2021, 4, 1))
    with assert_database_unchanged():
        response = officer_client.post(reverse("staff:timeline-entry", args=[demo.slug]), data)
    assert_refused(response, "Enter a description of what happened", "id_text")


def test_only_clerks_record_the_register_and_only_officers_the_timeline(demo, january):
    from tests.site.staff.conftest import signed_in

    item = january.items.first() or make_item(january, "1")
    clerk_urls = [
        reverse("staff:attendance", args=[january.pk]),
        reverse("staff:correction", args=[january.pk]),
        reverse("staff:declaration", args=[item.pk]),
    ]
    for username in ("owner", "councillor", "scrutiny.officer"):
        client = signed_in(username)
        assert {client.get(url).status_code for url in clerk_urls} == {403}, username
    timeline = reverse("staff:timeline-entry", args=[demo.slug])
    assert signed_in("clerk").get(timeline).status_code == 403
    assert signed_in("owner").get(timeline).status_code == 403
