"""Following by email, through a real SMTP server on loopback: double opt-in (nothing is
followed, and no address kept, before the link is confirmed), one digest per subscriber per
day whatever runs again, nothing exempt in it, one-click unsubscribe deleting everything,
and staff seeing counts, never addresses."""

import datetime as dt
import re
import subprocess
from html import unescape
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail as django_mail
from django.core import signing
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from scrutiny.alerts import selectors, services
from scrutiny.alerts.models import DigestSent, Follow, Subscriber
from scrutiny.alerts.tasks import send_alert_digests
from scrutiny.committees import services as record
from scrutiny.core.processes import HOST
from scrutiny.people.roles import Role
from tests.factories import (
    make_committee,
    make_meeting,
    make_recommendation,
    make_review,
    post_update,
)
from tests.publishing.records import MARK, signed_in

LONDON = ZoneInfo("Europe/London")
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def london(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=LONDON)


ASKED = london(2025, 5, 5, 9, 0)  # the address asks, and confirms
PUBLISHED = london(2025, 5, 5, 12, 0)  # the committee publishes
DIGEST = london(2025, 5, 6, 7, 30)  # the next morning's digest


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def place(db):
    committee = make_committee("Place Scrutiny Committee")
    review = make_review(committee, title="Bus shelters")
    recommendation = make_recommendation(review)
    return committee, review, recommendation


def link_in(body: str, name: str) -> str:
    """The path of the first link in an email to the named page."""
    prefix = reverse(name, args=["TOKEN"]).replace("TOKEN/", "")
    match = re.search(re.escape(prefix) + r"[^\s\"<>]+", body)
    assert match, f"no {name} link in:\n{body}"
    return match.group(0)


def ask(client, target, email: str):
    kind = type(target).__name__.lower()
    return client.post(reverse("site:follow", args=[kind, target.pk]), {"email": email})


def follow(client, smtp_server, target, email: str) -> None:
    """Ask and confirm, as a person does."""
    before = len(smtp_server.messages)
    assert ask(client, target, email).status_code == 302
    confirmation = smtp_server.wait_for(before + 1)[before]
    answer = client.post(link_in(confirmation.body, "site:follow_confirm"))
    assert answer.status_code == 200


def publish(committee) -> None:
    """An agenda with a public paper and an exempt item with its own paper, both
    published at PUBLISHED."""
    meeting = make_meeting(committee, dt.date(2025, 5, 19))
    record.meeting_update(
        actor=None, meeting=meeting, expected_version=None, agenda_published_at=PUBLISHED
    )
    public = record.agenda_item_create(
        actor=None, meeting=meeting, number="3", title="Bus shelter repairs"
    )
    record.document_add(
        actor=None, item=public, title="Shelter repairs report", published_at=PUBLISHED
    )
    exempt = record.agenda_item_create(
        actor=None, meeting=meeting, number="4", title=f"{MARK}-depot-lease",
        text=f"{MARK}-lease-text", visibility="exempt", exempt_paragraphs=[3],
        public_interest_reason="Commercial terms.",
    )  # fmt: skip
    record.document_add(
        actor=None, item=exempt, title=f"{MARK}-lease-paper", published_at=PUBLISHED
    )
    record.document_add(
        actor=None, item=exempt, title=f"{MARK}-public-paper-on-exempt-item",
        visibility="public", published_at=PUBLISHED,
    )  # fmt: skip


def readable(message) -> str:
    """Everything a reader of the email sees, decoded: its headers, plain text and HTML
    (the raw message carries its parts in quoted-printable or base64, which a search of
    it would not see through)."""
    parts = [f"{name}: {value}" for name, value in message.message.items()]
    parts += [part.get_content() for part in message.message.walk() if not part.is_multipart()]
    return "\n".join(parts)


def digests(received):
    """The digests among the messages received (a server's, or a list of them)."""
    messages = getattr(received, "messages", received)
    return [m for m in messages if "what is new" in m.subject]


def test_nothing_is_followed_or_sent_before_the_link_is_confirmed(place, smtp_server, client):
    committee, _, _ = place
    with time_machine.travel(ASKED, tick=False):
        answer = ask(client, committee, " Reader@Example.org ")
        assert answer.status_code == 302
        assert answer["Location"] == reverse("site:follow_sent", args=["committee", committee.pk])
        assert "Check your email" in client.get(answer["Location"]).content.decode()
    [confirmation] = smtp_server.wait_for(1)
    assert confirmation.recipients == ["reader@example.org"]
    assert "Place Scrutiny Committee" in confirmation.subject
    assert Subscriber.objects.count() == 0  # nothing kept before confirmation
    with time_machine.travel(PUBLISHED, tick=False):
        publish(committee)
    with time_machine.travel(DIGEST, tick=False):
        assert send_alert_digests.call()["sent"] == 0
        link = link_in(confirmation.body, "site:follow_confirm")
        page = client.get(link)  # a mail program opening the link confirms nothing
        assert page.status_code == 200
        assert "Confirm you want emails about Place Scrutiny Committee" in page.content.decode()
        assert Follow.objects.count() == 0
        assert client.post(link).status_code == 200
    assert Follow.objects.get().committee == committee
    assert digests(smtp_server) == []


def test_a_confirmation_link_that_is_not_genuine_or_too_old_follows_nothing(place, client):
    committee, _, _ = place
    forged = signing.dumps({"e": "x@example.org", "k": "committee", "p": committee.pk}, salt="x")
    assert client.post(reverse("site:follow_confirm", args=[forged])).status_code == 404
    with time_machine.travel(ASKED, tick=False):
        token = services.follow_request_token(email="x@example.org", target=committee)
    with time_machine.travel(ASKED + dt.timedelta(days=8), tick=False):
        answer = client.post(reverse("site:follow_confirm", args=[token]))
    assert answer.status_code == 404
    assert "This link has expired" in answer.content.decode()
    assert Subscriber.objects.count() == 0


def test_an_address_is_sent_one_confirmation_per_thing_while_the_limit_lasts(
    place, smtp_server, client
):
    committee, review, _ = place
    for _ in range(3):
        ask(client, committee, "reader@example.org")
    ask(client, review, "reader@example.org")
    received = smtp_server.wait_for(2)
    assert sorted(m.subject for m in received) == [
        "Confirm you want emails about Bus shelters",
        "Confirm you want emails about Place Scrutiny Committee",
    ]


def test_a_refused_address_is_explained_on_the_follow_page(place, client):
    committee, _, _ = place
    answer = ask(client, committee, "not an address")
    page = answer.content.decode()
    assert answer.status_code == 200
    assert "govuk-error-summary" in page
    assert "Enter an email address in the correct format" in page
    assert page.count('id="follow-email"') == 1
    assert django_mail.outbox == [] and Subscriber.objects.count() == 0


def test_one_digest_per_subscriber_per_day_across_a_restarted_worker(
    place, smtp_server, client, settings, monkeypatch
):
    committee, review, recommendation = place
    with time_machine.travel(ASKED, tick=False):
        follow(client, smtp_server, committee, "reader@example.org")
        follow(client, smtp_server, review, "reader@example.org")
        follow(client, smtp_server, committee, "editor@example.org")
        follow(client, smtp_server, recommendation, "quiet@example.org")
    with time_machine.travel(PUBLISHED, tick=False):
        publish(committee)
        post_update(recommendation, "on-track", dt.date(2025, 5, 5), narrative="Repairs begun.")
    # The real database worker runs the daily task, which queues tomorrow's first.
    settings.TASKS = DATABASE_TASKS
    from django.core.management import call_command
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    with time_machine.travel(DIGEST, tick=False):
        result = send_alert_digests.enqueue()
        call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
        assert DBTaskResult.objects.get(id=result.id).status == "SUCCESSFUL"
        sent = smtp_server.wait_for(4 + 3)
    # Later that morning the service posts another update, the worker starts again and
    # the run is asked for again: still one digest each today.
    later = DIGEST + dt.timedelta(hours=2)
    with time_machine.travel(later, tick=False):
        post_update(recommendation, "on-track", dt.date(2025, 5, 6), narrative="Half done.")
        send_alert_digests.call()
        services.digests_send()
    received = digests(sent)
    assert sorted(r for m in received for r in m.recipients) == [
        "editor@example.org",
        "quiet@example.org",
        "reader@example.org",
    ]
    assert len(digests(smtp_server)) == 3  # nothing sent twice
    reader = next(m for m in received if m.recipients == ["reader@example.org"])
    assert "Place Scrutiny Committee" in reader.body and "Bus shelters" in reader.body
    assert "Shelter repairs report" in reader.body
    assert "Progress update on recommendation 1 of Bus shelters" in reader.body
    queued = DBTaskResult.objects.filter(task_path=send_alert_digests.module_path, status="READY")
    assert [r.run_after for r in queued] == [london(2025, 5, 7, 7, 30)]
    # The next day the update comes to those following the review or the recommendation,
    # once; the day after, with nothing new, nothing is sent.
    with time_machine.travel(DIGEST + dt.timedelta(days=1), tick=False):
        report = services.digests_send()
    assert (report.sent, report.nothing_new) == (2, 1)
    second = digests(smtp_server.wait_for(4 + 3 + 2))[3:]
    assert sorted(r for m in second for r in m.recipients) == [
        "quiet@example.org",
        "reader@example.org",
    ]
    assert all("6 May 2025: On track" in m.body for m in second)
    assert all("Shelter repairs report" not in m.body for m in second)
    with time_machine.travel(DIGEST + dt.timedelta(days=2), tick=False):
        report = services.digests_send()
    assert (report.sent, report.nothing_new) == (0, 3)
    assert len(digests(smtp_server)) == 5


def _dead_pid() -> int:
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


@pytest.mark.parametrize("handed_over", [False, True])
def test_a_digest_left_in_flight_by_a_stopped_worker_is_sent_at_most_once(
    place, smtp_server, client, handed_over
):
    committee, _, _ = place
    with time_machine.travel(ASKED, tick=False):
        follow(client, smtp_server, committee, "reader@example.org")
    with time_machine.travel(PUBLISHED, tick=False):
        publish(committee)
    subscriber = Subscriber.objects.get()
    with time_machine.travel(DIGEST, tick=False):
        DigestSent.objects.create(
            subscriber=subscriber,
            day=DIGEST.date(),
            covers_until=DIGEST,
            claimed_at=DIGEST,
            host=HOST,
            pid=_dead_pid(),
            token="stopped",
            handed_over_at=DIGEST if handed_over else None,
        )
        services.digests_send()
        services.digests_send()
    claim = DigestSent.objects.get()
    if handed_over:  # it may have arrived: never sent again by itself
        assert claim.state == "unconfirmed"
        assert digests(smtp_server) == []
    else:  # it certainly never left: sent, once
        assert claim.state == "sent" and claim.attempts == 2
        assert len(digests(smtp_server)) == 1


def test_nothing_exempt_reaches_a_digest(place, smtp_server, client):
    committee, _, _ = place
    with time_machine.travel(ASKED, tick=False):
        follow(client, smtp_server, committee, "reader@example.org")
    with time_machine.travel(PUBLISHED, tick=False):
        publish(committee)
    with time_machine.travel(DIGEST, tick=False):
        services.digests_send()
    [digest] = digests(smtp_server)
    html = digest.message.get_body(preferencelist=("html",)).get_content()
    assert "Shelter repairs report" in digest.body and "Shelter repairs report" in html
    assert MARK not in readable(digest)
    assert "Shelter repairs report" in readable(digest)  # it reads the decoded parts


def test_unsubscribing_by_the_link_or_in_one_click_deletes_everything(place, smtp_server, client):
    committee, review, _ = place
    with time_machine.travel(ASKED, tick=False):
        follow(client, smtp_server, committee, "reader@example.org")
        follow(client, smtp_server, review, "reader@example.org")
        follow(client, smtp_server, committee, "other@example.org")
    with time_machine.travel(PUBLISHED, tick=False):
        publish(committee)
    with time_machine.travel(DIGEST, tick=False):
        services.digests_send()
    reader, other = sorted(digests(smtp_server), key=lambda m: m.recipients[0], reverse=True)
    assert reader.message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    header = str(reader.message["List-Unsubscribe"]).strip()  # folded onto its own line
    assert header.startswith("<http") and header.endswith(">")
    link = link_in(reader.body, "site:unsubscribe")
    assert link in header
    strict = Client(enforce_csrf_checks=True)  # as a mail program posts: no CSRF token
    page = strict.get(link)
    assert page.status_code == 200
    assert "Stop all these emails" in page.content.decode()
    assert "Bus shelters" in page.content.decode()
    assert Subscriber.objects.count() == 2  # asking deletes nothing
    # The page's button.
    assert strict.post(link).status_code == 200
    assert list(Subscriber.objects.values_list("email", flat=True)) == ["other@example.org"]
    assert Follow.objects.count() == 1
    assert DigestSent.objects.count() == 1  # the reader's digest record went with it
    # A mail program's one-click POST (RFC 8058).
    one_click = link_in(other.body, "site:unsubscribe")
    answer = strict.post(
        one_click, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert answer.status_code == 200
    assert Subscriber.objects.count() == Follow.objects.count() == DigestSent.objects.count() == 0
    assert "No emails to stop" in strict.get(one_click).content.decode()


def test_the_follow_form_is_on_each_public_page_without_a_csrf_token(place, client):
    committee, review, recommendation = place
    pages = {
        reverse("site:committee_detail", args=[committee.slug]): ("committee", committee.pk),
        reverse("site:review_detail", args=[review.slug]): ("review", review.pk),
        reverse("site:recommendation_detail", args=[review.slug, recommendation.number]): (
            "recommendation",
            recommendation.pk,
        ),
    }
    for url, args in pages.items():
        page = client.get(url).content.decode()
        assert "Get emails about this" in page
        assert selectors.DIGEST_HOLDS[args[0]] in unescape(page)  # what they will get
        assert f'action="{reverse("site:follow", args=args)}"' in page
        assert "csrfmiddlewaretoken" not in page  # so the page stays cacheable


def test_staff_see_how_many_follow_never_who(place, smtp_server, client):
    committee, review, recommendation = place
    with time_machine.travel(ASKED, tick=False):
        follow(client, smtp_server, review, "reader@example.org")
        follow(client, smtp_server, recommendation, "reader@example.org")
        follow(client, smtp_server, committee, "other@example.org")
        follow(client, smtp_server, committee, "third@example.org")
    officer = Client()
    officer.force_login(signed_in(Role.SCRUTINY_OFFICER))
    page = officer.get(reverse("staff:review", args=[review.slug])).content.decode()
    assert (
        "1 following the review; 1 following any of its recommendations; "
        "2 following the Place Scrutiny Committee"
    ) in page
    assert "@example.org" not in page
