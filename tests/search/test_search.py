"""Search: ranking, document text, filters, the API, and that nothing exempt or unpublished
is ever found. Run on SQLite (FTS5) and on PostgreSQL (DATABASE_URL) alike."""

import datetime as dt
import io

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone

from scrutiny.committees.models import (
    Action,
    AgendaItem,
    Document,
    Meeting,
    Membership,
    Resolution,
    ResolutionPart,
    Visibility,
)
from scrutiny.people.roles import Role
from scrutiny.search import services
from scrutiny.search.models import DocumentText
from scrutiny.search.selectors import Filters, search
from tests.api.conftest import assert_matches_schema
from tests.factories import make_committee, make_councillor, make_user

pytestmark = pytest.mark.django_db

PAST = timezone.now() - dt.timedelta(days=30)
FUTURE = timezone.now() + dt.timedelta(days=30)


def _docx(text: str) -> bytes:
    from docx import Document as DocxDocument

    out = io.BytesIO()
    document = DocxDocument()
    document.add_paragraph(text)
    document.save(out)
    return out.getvalue()


def _pdf(text: str) -> bytes:
    """A one-page PDF with the text, written by hand (pypdf reads it back)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def _meeting(committee, day, *, agenda=PAST, minutes=Meeting.MinutesStatus.APPROVED):
    starts = timezone.make_aware(dt.datetime.combine(day, dt.time(18)))
    return Meeting.objects.create(
        committee=committee, starts_at=starts, agenda_published_at=agenda, minutes_status=minutes
    )


def _item(meeting, number, title, *, text="", minutes="", visibility=Visibility.PUBLIC):
    return AgendaItem.objects.create(
        meeting=meeting,
        number=number,
        position=int(number),
        title=title,
        text=text,
        minutes=minutes,
        visibility=visibility,
        exempt_paragraphs=[3] if visibility == Visibility.EXEMPT else [],
    )


def _document(item, title, content: bytes, name: str, *, published=PAST, visibility="public"):
    document = Document(item=item, title=title, visibility=visibility, published_at=published)
    document.file.save(name, ContentFile(content), save=False)
    document.save()
    return document


def _words(result_list):
    return [str(result.title) for result in result_list.results]


@pytest.fixture
def record(django_capture_on_commit_callbacks, settings, tmp_path):
    """A public meeting and, beside it, exempt, confidential and unpublished business whose
    every word is unique to it ("zygote", "quokka", ...)."""
    settings.MEDIA_ROOT = tmp_path
    with django_capture_on_commit_callbacks(execute=True):
        chamber = make_committee("Resources Scrutiny")
        other = make_committee("Place Scrutiny")
        held = _meeting(chamber, dt.date(2024, 9, 16))
        _item(held, "1", "Council chamber power supply", text="The chamber's electrics.")
        _item(held, "2", "Budget monitoring", text="Mentions the power supply in passing.")
        minutes_item = _item(
            held, "3", "Libraries", minutes="Members asked about the power supply to libraries."
        )
        resolution = Resolution.objects.create(item=minutes_item)
        ResolutionPart.objects.create(
            resolution=resolution, number=1, text="Keep the mobile library."
        )
        Action.objects.create(
            item=minutes_item,
            meeting=held,
            committee=chamber,
            text="Circulate the lending figures.",
        )
        _document(
            minutes_item, "Libraries report", _pdf("Footfall rose at Aldermoor branch"), "r.pdf"
        )
        _document(minutes_item, "Appendix", _docx("Mobile library timetable Lordswood"), "a.docx")
        # Secret business, every word unique: exempt and confidential items, an unpublished
        # agenda, a draft document, an exempt document on a public item, draft minutes.
        _item(
            held,
            "4",
            "Zygote property disposal",
            text="Quokka valuation",
            visibility=Visibility.EXEMPT,
            minutes="Wombat bidder named",
        )
        _item(
            held,
            "5",
            "Xylophone contract",
            text="Narwhal terms",
            visibility=Visibility.CONFIDENTIAL,
        )
        _document(minutes_item, "Ocelot draft", _pdf("Pangolin figures"), "d.pdf", published=None)
        _document(minutes_item, "Tapir annex", _pdf("Capybara names"), "e.pdf", visibility="exempt")
        _document(minutes_item, "Future gecko", _pdf("Axolotl plans"), "f.pdf", published=FUTURE)
        unpublished = _meeting(
            other, dt.date(2025, 6, 2), agenda=None, minutes=Meeting.MinutesStatus.NONE
        )
        _item(unpublished, "1", "Marmoset strategy", text="Lemur options")
        draft = _meeting(other, dt.date(2025, 1, 13), minutes=Meeting.MinutesStatus.DRAFT)
        _item(draft, "1", "Parks", text="Public parks text.", minutes="Jackal remarks in draft")
    return {"chamber": chamber, "other": other, "held": held}


SECRETS = [
    "quokka",
    "wombat",
    "xylophone",
    "narwhal",
    "ocelot",
    "pangolin",
    "tapir",
    "capybara",
    "gecko",
    "axolotl",
    "marmoset",
    "lemur",
    "jackal",
]


def test_relevance_puts_title_matches_first(record):
    found = search("power supply")
    titles = _words(found)
    assert found.total == 3
    # The title match first, then the item's text, the minutes, by the weight of where
    # the words are.
    assert titles[0] == "Item 1: Council chamber <mark>power</mark> <mark>supply</mark>"
    assert {titles[1], titles[2]} == {"Item 2: Budget monitoring", "Minutes, item 3: Libraries"}
    assert "<mark>power</mark>" in str(found.results[1].snippet)


def test_document_text_is_found_in_pdf_and_docx(record):
    pdf = search("Aldermoor footfall")
    assert [str(r.title) for r in pdf.results] == ["Libraries report"]
    assert "<mark>Aldermoor</mark>" in str(pdf.results[0].snippet)
    assert pdf.results[0].url.endswith("/download/")
    docx = search("Lordswood")
    assert [str(r.title) for r in docx.results] == ["Appendix"]
    # And the exempt document's, which members may read; not the unpublished ones.
    assert DocumentText.objects.filter(state=DocumentText.State.READ).count() == 3


def test_filters(record):
    chamber, other = record["chamber"], record["other"]
    assert search("parks").total == 1
    assert search("parks", Filters(committee_id=chamber.pk)).total == 0
    assert search("parks", Filters(committee_id=other.pk)).total == 1
    assert search("library", Filters(kinds=("resolution",))).total == 1
    assert search("library", Filters(kinds=("document",))).total == 2
    assert search("power", Filters(municipal_year="2024/25")).total == 3
    assert search("power", Filters(municipal_year="2023/24")).total == 0
    assert search("power", Filters(on_or_after=dt.date(2024, 9, 17))).total == 0
    assert search("power", Filters(on_or_before=dt.date(2024, 9, 16))).total == 3


def test_the_write_path_keeps_the_index_current(record, django_capture_on_commit_callbacks):
    assert search("quokka").total == 0
    item = AgendaItem.objects.get(title="Budget monitoring")
    with django_capture_on_commit_callbacks(execute=True):
        item.title = "Budget and quokka monitoring"
        item.save()
    assert search("quokka").total == 1
    with django_capture_on_commit_callbacks(execute=True):
        item.visibility = Visibility.CONFIDENTIAL
        item.save()
    assert search("quokka").total == 0
    assert search("budget").total == 0


def test_an_agenda_published_for_later_is_found_once_its_time_passes(record):
    meeting = Meeting.objects.get(items__title="Marmoset strategy")
    Meeting.objects.filter(pk=meeting.pk).update(agenda_published_at=timezone.now())
    assert search("marmoset").total == 0  # nothing written through save(): not yet swept
    services.catch_up(timezone.now() - dt.timedelta(seconds=1))  # an older sweep
    from scrutiny.search.models import IndexSweep

    IndexSweep.objects.update(swept_to=timezone.now() - dt.timedelta(minutes=1))
    assert search("marmoset").total == 1


def test_an_unreadable_file_is_marked_not_retried(record, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    item = AgendaItem.objects.get(title="Libraries")
    document = _document(item, "Broken", b"%PDF-1.4 not really", "broken.pdf")
    services.document_text_read(document.pk)
    marked = DocumentText.objects.get(document_id=document.pk)
    assert marked.state in {DocumentText.State.UNREADABLE, DocumentText.State.READ}
    assert services.document_text_read(document.pk) is None  # never again
    settings.SCRUTINY_SEARCH_MAX_FILE_BYTES = 10
    big = _document(item, "Big", _pdf("Large"), "big.pdf")
    services.document_text_read(big.pk)
    assert DocumentText.objects.get(document_id=big.pk).state == DocumentText.State.TOO_LARGE


def _signed_in(client, record, who: str):
    """Sign the client in as `who`: a user of no committee, a member of the record's
    committee, or a clerk (staff, who read everything)."""
    user = make_user()
    if who == "member":
        person = make_councillor()
        person.user = user
        person.save()
        Membership.objects.create(committee=record["chamber"], person=person)
    elif who == "clerk":
        user.groups.add(Group.objects.get(name=Role.CLERK.label))
    client.force_login(user)
    return user


@pytest.mark.parametrize("who", ["anonymous", "non-member"])
def test_no_exempt_or_unpublished_word_is_ever_found(record, client, who):
    user = None if who == "anonymous" else _signed_in(client, record, who)
    for word in SECRETS:
        assert search(word).total == 0, word
        assert search(word, user=user).total == 0, word
        page = client.get("/search/", {"q": word})
        assert page.status_code == 200
        body = page.content.decode().lower()
        # The page names the query back (title, box, count) and nothing more of it: as
        # often as for a word in no record at all.
        control = client.get("/search/", {"q": "unfoundword"}).content.decode().lower()
        assert "no results" in body
        assert body.count(word) == control.count("unfoundword"), word
        answer = client.get("/api/v1/search", {"q": word})
        assert answer.status_code == 200
        assert answer.json()["count"] == 0, word
    # An exempt item's number and title are published by law, as its agenda shows them:
    # found by its title, with nothing of its content.
    exempt = search("zygote", user=user)
    assert [str(r.title) for r in exempt.results] == [
        "Item 4: <mark>Zygote</mark> property disposal"
    ]
    assert str(exempt.results[0].snippet) == ""
    # And the public words of the same meeting are found, so the test can fail.
    assert client.get("/api/v1/search", {"q": "mobile library"}).json()["count"] >= 1


# What a member of the record's committee reads on its pages: the exempt and confidential
# items, the exempt item's minutes and the exempt document, once published. Not the
# unpublished or future documents, nor the other committee's unpublished agenda or draft
# minutes, which only staff read.
MEMBER_READS = {"quokka", "wombat", "xylophone", "narwhal", "tapir", "capybara"}
# Staff read everything, but a document's file is read for its text once it is published.
STAFF_READS = set(SECRETS) - {"pangolin", "axolotl"}


@pytest.mark.parametrize("who", ["member", "clerk"])
def test_members_and_staff_find_what_their_pages_show(record, client, who):
    user = _signed_in(client, record, who)
    reads = MEMBER_READS if who == "member" else STAFF_READS
    for word in SECRETS:
        found = search(word, user=user)
        assert (found.total > 0) == (word in reads), word
        body = client.get("/search/", {"q": word}).content.decode()
        if word in reads:
            assert "Not public" in body, word
            assert all(not result.public for result in found.results), word
            # What the result links to is this reader's to read: the page shows the word,
            # the document downloads.
            opened = client.get(found.results[0].url.split("#")[0])
            assert opened.status_code == 200, word
            if not opened.streaming:
                assert word in opened.content.decode().lower(), word
        else:
            assert "No results" in body, word
        # The API answers for the public, whoever asks.
        assert client.get("/api/v1/search", {"q": word}).json()["count"] == 0, word
    # The exempt item once, as the reader reads it (its text, not the public's title
    # alone), and its minutes.
    exempt = search("zygote", user=user)
    assert sorted(str(r.title) for r in exempt.results) == [
        "Item 4: <mark>Zygote</mark> property disposal",
        "Minutes, item 4: <mark>Zygote</mark> property disposal",
    ]
    item = next(r for r in exempt.results if r.kind == "item")
    assert "Quokka valuation" in str(item.snippet)
    assert search("power supply", user=user).total == 3
    assert all(result.public for result in search("power supply", user=user).results)


def test_the_page_and_the_api_agree(record, client):
    page = client.get("/search/", {"q": "power supply"})
    assert page.status_code == 200
    body = page.content.decode()
    assert "3 results" in body
    assert "<mark>power</mark>" in body
    api = client.get("/api/v1/search", {"q": "power supply"}).json()
    assert api["count"] == 3
    assert_matches_schema(api, "SearchResults")
    assert next(r["title"] for r in api["results"]) == "Item 1: Council chamber power supply"
    assert client.get("/api/v1/search", {"q": "power", "kind": "nonsense"}).status_code == 404
    assert client.get("/search/", {"q": "power", "from": "31/2/2024"}).status_code == 200


def test_a_broad_query_ranks_its_newest_matches(
    django_capture_on_commit_callbacks, client, monkeypatch
):
    """Past `RANKED` matches the newest are the results, best first, and the count says
    "more than": the oldest title match drops out, though it would rank second of all."""
    committee = make_committee("Environment Scrutiny")
    with django_capture_on_commit_callbacks(execute=True):
        for year, title, text in [
            (2020, "Heron colony", "Nesting."),
            (2021, "Ponds", "A heron was seen."),
            (2022, "Rivers", "Heron numbers."),
            (2023, "Woods", "No heron this year."),
            (2024, "Heron survey", "Counted."),
        ]:
            _item(_meeting(committee, dt.date(year, 6, 1)), "1", title, text=text)
    everything = search("heron")
    assert (everything.total, everything.more) == (5, False)
    assert _words(everything)[:2] == [
        "Item 1: <mark>Heron</mark> survey",
        "Item 1: <mark>Heron</mark> colony",
    ]

    monkeypatch.setattr("scrutiny.search.selectors.RANKED", 3)
    newest = search("heron")
    assert (newest.total, newest.more) == (3, True)
    titles = _words(newest)
    assert titles[0] == "Item 1: <mark>Heron</mark> survey"
    assert set(titles[1:]) == {"Item 1: Woods", "Item 1: Rivers"}
    page = client.get("/search/", {"q": "heron"}).content.decode()
    assert "More than 3 results" in page
    assert "The 3 most recent are shown" in page
    api = client.get("/api/v1/search", {"q": "heron"}).json()
    assert (api["count"], api["more"], api["pages"]) == (3, True, 1)
    assert_matches_schema(api, "SearchResults")
