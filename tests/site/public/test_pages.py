"""The public pages with the demo council: the seed's story appears as published."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from scrutiny.committees import services as record
from scrutiny.committees.models import AgendaItem, Document, Issue, Meeting
from scrutiny.demo import facts as f
from tests.site.public.conftest import page_text

REVIEW = reverse("site:review_detail", args=[f.REVIEW_SLUG])


@pytest.fixture
def item_27(demo):
    return AgendaItem.objects.select_related("meeting").get(number="27")


def test_meeting_page_shows_the_seed_meeting(client, item_27):
    response = client.get(reverse("site:meeting_detail", args=[item_27.meeting.pk]))
    assert response.status_code == 200
    text = page_text(response)
    assert "Meeting, 16 September 2024" in text
    assert f"27 {f.SECOND_INTERIM['title']}" in text
    assert "PDF, 556 KB" in text
    assert "Moved by Councillor Vicky Wapplington and seconded by Councillor Phil Smith" in text
    assert "RESOLVED that:" in text
    for number, part in enumerate(f.RESOLUTIONS_27, start=1):
        assert f"{number}) {part}" in text
    for paragraph in f.MINUTES_27:
        assert paragraph in text
    assert f.ACTION_27 in text


def test_meeting_page_lists_attendance_and_apologies(client, item_27):
    text = page_text(client.get(reverse("site:meeting_detail", args=[item_27.meeting.pk])))
    assert "Present Councillor David Price" in text
    assert "Apologies Councillor Gill Barnes" in text
    assert "In attendance Amy Clarke, Democratic Services Officer" in text


def test_meeting_page_lists_declarations_and_motion_outcomes(client, demo):
    meeting = Meeting.objects.filter(status="scheduled").order_by("starts_at").first()
    record.meeting_update(
        actor=None, meeting=meeting, expected_version=None,
        agenda_published_at=meeting.starts_at.replace(year=2024, month=1),
    )  # fmt: skip
    item = record.agenda_item_create(actor=None, meeting=meeting, number="3", title="Budget")
    councillor, other = (p for p in meeting.committee.members.order_by("name")[:2])
    record.declaration_record(
        actor=None, item=item, person=councillor, kind="dpi", text="Owns a shop on the high street."
    )
    record.motion_record(
        actor=None, item=item, mover=councillor, seconder=other, outcome="lost",
        votes_for=2, votes_against=5, abstentions=0,
    )  # fmt: skip
    record.minutes_set_status(actor=None, meeting=meeting, status="approved")
    text = page_text(client.get(reverse("site:meeting_detail", args=[meeting.pk])))
    assert (
        f"Declarations of interest {councillor.display_name}: Disclosable pecuniary interest. "
        "Owns a shop on the high street." in text
    )
    assert "Lost 2 for, 5 against, 0 abstaining" in text


def test_meeting_page_says_when_the_agenda_is_not_published(client, demo):
    meeting = Meeting.objects.filter(agenda_published_at__isnull=True).first()
    text = page_text(client.get(reverse("site:meeting_detail", args=[meeting.pk])))
    assert "The agenda for this meeting has not been published yet." in text


def next_meeting_with_its_agenda_out(item_27) -> Meeting:
    """The meeting after item 27's, agenda published: its minutes are not signed, so an
    item may still be added (item 27's minutes are signed and lock its meeting's items)."""
    meeting = (
        Meeting.objects.filter(
            committee=item_27.meeting.committee, starts_at__gt=item_27.meeting.starts_at
        )
        .order_by("starts_at")
        .first()
    )
    return record.meeting_update(
        actor=None, meeting=meeting, expected_version=None,
        agenda_published_at=meeting.starts_at - dt.timedelta(days=10),
    )  # fmt: skip


def test_exempt_item_shows_its_number_title_and_paragraph_only(client, item_27):
    exempt = record.agenda_item_create(
        actor=None, meeting=next_meeting_with_its_agenda_out(item_27), number="28",
        title="ICT contract",
        text="Supplier prices.", visibility="exempt", exempt_paragraphs=[3],
        public_interest_reason="Commercially sensitive.",
    )  # fmt: skip
    text = page_text(client.get(reverse("site:meeting_detail", args=[exempt.meeting.pk])))
    assert "28 ICT contract This item is exempt under paragraph 3 of Schedule 12A" in text
    assert "Supplier prices." not in text
    assert "Commercially sensitive." not in text


def test_unknown_meeting_is_not_found(client, db):
    assert client.get(reverse("site:meeting_detail", args=[999999])).status_code == 404


def test_issue_page_lists_every_meeting_newest_first(client, demo):
    issue = Issue.objects.get()
    response = client.get(reverse("site:issue_detail", args=[issue.slug]))
    text = page_text(response)
    assert issue.title in text
    first = text.index("16 September 2024, Customer Services Scrutiny Committee (item 27)")
    second = text.index("18 March 2024, Customer Services Scrutiny Committee (item 45)")
    third = text.index("13 March 2023, Customer Services Scrutiny Committee (item 52)")
    assert first < second < third
    assert "PDF, 556 KB" in text
    assert f"4) {f.RESOLUTIONS_27[3]}" in text
    assert f.MINUTES_27[0] in text


def test_committee_list_links_each_committee(client, demo):
    text = page_text(client.get(reverse("site:committee_list")))
    assert f.COMMITTEE in text
    assert "Cabinet" in text


def test_committee_page_shows_members_meetings_by_year_and_work_programme(client, demo):
    response = client.get(
        reverse("site:committee_detail", args=["customer-services-scrutiny-committee"])
    )
    text = page_text(response)
    assert "Councillor Helen Marsh Chair" in text
    assert "Councillor David Price Vice-Chair" in text
    assert text.index("Chair") < text.index("Vice-Chair") < text.index("Councillor Gill Barnes")
    for year in ("2025/26", "2024/25", "2023/24", "2022/23"):
        assert year in text
    assert text.index("2024/25") < text.index("16 September 2024") < text.index("2023/24")
    assert f"{f.REVIEW_TITLE} 16 March 2025 17 March 2025" in text


def test_work_programme_says_when_no_meeting_is_scheduled(client, demo):
    Meeting.objects.filter(starts_at__year=2025).delete()
    text = page_text(
        client.get(reverse("site:committee_detail", args=["customer-services-scrutiny-committee"]))
    )
    assert f"{f.REVIEW_TITLE} 16 March 2025 No meeting scheduled" in text


def test_reviews_list_gives_each_review_its_summary(client, demo):
    text = page_text(client.get(reverse("site:review_list")))
    assert f.REVIEW_TITLE in text
    assert "9 out of 13 recommendations achieved (2 completed behind schedule); 4 extended" in text


def test_review_page_shows_summary_chart_and_recommendations(client, demo):
    response = client.get(REVIEW)
    text = page_text(response)
    # The four extended targets (the latest 31 March 2025) have passed.
    assert (
        "9 out of 13 recommendations achieved (2 completed behind schedule); 4 extended; "
        "4 overdue." in text
    )
    assert "Recommendations by status" in text
    assert "Extended 4 (31%)" in text
    assert "Achieved 9 (69%)" in text
    row = (
        "10 That necessary works be completed in the Council Chamber to upgrade the power supply. "
        "Mark Dunn Property and Facilities 31 December 2023 31 December 2024 "
        "Extended Overdue Amber 2 September 2024: Works tendered; contractor appointed for the "
        "winter recess."
    )  # its extended target, 31 December 2024, has passed
    assert row in text
    html = response.content.decode()
    assert 'class="govuk-tag govuk-tag--orange">Extended</strong>' in html
    assert 'class="govuk-tag govuk-tag--blue">Achieved</strong>' in html


def test_recommendation_page_tells_its_whole_story(client, demo):
    response = client.get(reverse("site:recommendation_detail", args=[f.REVIEW_SLUG, 13]))
    text = page_text(response)
    assert "Recommendation 13" in text
    assert "Executive response: partially accepted 13 June 2023" in text
    assert f.PARTIAL_RESPONSES[13] in text
    assert "Target date extended 18 March 2024 From 31 March 2024 to 31 May 2025" in text
    assert f.EXTENSIONS[13][1] in text
    assert f.SEPTEMBER_UPDATES[13] in text
    assert text.index("Agreed by the committee") < text.index("Executive response: ")
    assert text.index("Executive response: ") < text.index("Target date extended")


def test_recommendation_page_shows_the_sign_off(client, demo):
    text = page_text(client.get(reverse("site:recommendation_detail", args=[f.REVIEW_SLUG, 8])))
    assert "Completed behind schedule" in text
    assert (
        "Signed off: achieved 16 September 2024 By resolution of the Customer Services "
        "Scrutiny Committee, 16 September 2024, item 27." in text
    )


def test_unknown_recommendation_is_not_found(client, demo):
    url = reverse("site:recommendation_detail", args=[f.REVIEW_SLUG, 99])
    assert client.get(url).status_code == 404


def test_home_page_shows_decisions_and_reviews_being_monitored(client, demo):
    text = page_text(client.get(reverse("site:home")))
    assert "Latest decisions" in text
    assert f"1) {f.RESOLUTIONS_27[0]}" in text
    assert (
        "9 out of 13 recommendations achieved (2 completed behind schedule); 4 extended; "
        "4 overdue." in text
    )


def test_user_text_is_escaped(client, item_27):
    item = record.agenda_item_create(
        actor=None, meeting=next_meeting_with_its_agenda_out(item_27), number="29",
        title="<script>alert(1)</script>",
        text="<b>bold</b> & more",
    )  # fmt: skip
    html = client.get(reverse("site:meeting_detail", args=[item.meeting.pk])).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; more" in html


def test_evidence_links_are_only_web_links(client, demo):
    from scrutiny.reviews.models import Evidence, ProgressUpdate

    update = ProgressUpdate.objects.filter(recommendation__number=13).first()
    Evidence.objects.create(update=update, title="Survey results", link="https://example.org/s")
    Evidence.objects.create(update=update, title="Bad link", link="javascript:alert(1)")
    html = client.get(
        reverse("site:recommendation_detail", args=[f.REVIEW_SLUG, 13])
    ).content.decode()
    assert 'href="https://example.org/s"' in html
    assert "javascript:alert(1)" not in html
    assert "Bad link" in html


def _document(item, **kwargs):
    kwargs.setdefault("published_at", item.meeting.agenda_published_at)
    return record.document_add(actor=None, item=item, **kwargs)


def test_document_download_sends_the_file_with_a_safe_name(client, item_27):
    document = _document(
        item_27,
        title='Appendix "A": costs/\r\nbudget',
        file=SimpleUploadedFile("../../etc/x.pdf", b"%PDF-1.4 costs"),
    )
    response = client.get(reverse("site:document_download", args=[document.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 costs"
    assert response["Content-Disposition"] == 'inline; filename="appendix-a-costs-budget.pdf"'
    assert response["Content-Type"] == "application/pdf"


def test_documents_other_than_pdf_are_downloaded_not_shown(client, item_27):
    document = _document(
        item_27, title="Notes", file=SimpleUploadedFile("notes.html", b"<script>x</script>")
    )
    response = client.get(reverse("site:document_download", args=[document.pk]))
    assert response["Content-Disposition"] == 'attachment; filename="notes.html"'


def test_document_without_a_file_is_not_found(client, item_27):
    document = Document.objects.get(item=item_27)
    assert not document.file
    assert client.get(reverse("site:document_download", args=[document.pk])).status_code == 404


def test_document_whose_file_is_missing_is_not_found(client, item_27):
    document = _document(item_27, title="Gone", file=SimpleUploadedFile("gone.pdf", b"%PDF"))
    document.file.storage.delete(document.file.name)
    assert client.get(reverse("site:document_download", args=[document.pk])).status_code == 404


def test_unpublished_document_is_not_found(client, item_27):
    document = _document(
        item_27, title="Draft", file=SimpleUploadedFile("d.pdf", b"%PDF"), published_at=None
    )
    assert client.get(reverse("site:document_download", args=[document.pk])).status_code == 404


def test_title_with_no_ascii_letters_still_gives_a_filename(client, item_27):
    document = _document(item_27, title="Бюджет", file=SimpleUploadedFile("b.PDF", b"%PDF"))
    response = client.get(reverse("site:document_download", args=[document.pk]))
    assert response["Content-Disposition"] == f'inline; filename="document-{document.pk}.pdf"'


def meeting_page(client, day) -> str:
    meeting = Meeting.objects.get(starts_at__date=day)
    if meeting.agenda_published_at is None:
        record.meeting_update(
            actor=None,
            meeting=meeting,
            expected_version=None,
            agenda_published_at=meeting.starts_at - dt.timedelta(days=7),
        )
    return page_text(client.get(reverse("site:meeting_detail", args=[meeting.pk])))


def test_an_open_action_is_a_matter_arising_until_it_is_reported_closed(client, item_27):
    november, january, march = dt.date(2024, 11, 18), dt.date(2025, 1, 20), dt.date(2025, 3, 17)
    arising = f"{f.ACTION_27} 16 September 2024 meeting, item 27"
    text = meeting_page(client, november)
    assert text.index("Matters arising from earlier meetings") < text.index(arising)
    assert text.index(arising) < text.index("Agenda There are no items")
    assert text.split(arising, 1)[1].startswith(
        " Jo Bennett, Scrutiny Officer, due 17 March 2025 Open"
    )

    action = item_27.actions.get()
    record.action_close(
        actor=None,
        action=action,
        status="done",
        response="Laptops with SIM cards offered to every Member.",
        closed_on=dt.date(2025, 1, 6),
    )
    # November's page shows it as it was then; January's reports it done; March's is past it.
    assert "Done" not in meeting_page(client, november).split(arising, 1)[1][:60]
    assert (
        "Done 6 January 2025: Laptops with SIM cards offered to every Member."
        in meeting_page(client, january).split(arising, 1)[1]
    )
    assert f.ACTION_27 not in meeting_page(client, march)


def test_a_committees_first_meeting_has_no_matters_arising(client, item_27):
    first = Meeting.objects.filter(committee=item_27.meeting.committee).order_by("starts_at")[0]
    text = page_text(client.get(reverse("site:meeting_detail", args=[first.pk])))
    assert "Matters arising" not in text
