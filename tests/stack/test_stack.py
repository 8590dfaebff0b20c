"""The production stack as docs/deploy.md builds it, tried as a council's systems team would:
static files, sessions and stored files across two application instances, exempt papers,
an instance lost, the worker killed mid-run, and PostgreSQL stopped for ten seconds.

The tests run in this order on one stack; the later ones break parts of it."""

from __future__ import annotations

import io
import re
import secrets
import signal
import time
from http.cookies import SimpleCookie

import pytest
import requests
from pypdf import PdfWriter

from tests.stack.conftest import REMINDER_COMMITTEES, Stack
from tests.stack.services import SERVER_NAME, wait_until

pytestmark = [
    pytest.mark.stack,
    # One stack: its tests run in order, in one process.
    pytest.mark.xdist_group("stack"),
    # Its certificate is made by the test, so nothing can verify it.
    pytest.mark.filterwarnings("ignore::urllib3.exceptions.InsecureRequestWarning"),
]

ORIGIN = f"https://{SERVER_NAME}"


class Visitor:
    """A browser: keeps its cookies and sends them wherever it is pointed, through nginx
    or straight to one application instance (then with the headers nginx would add)."""

    def __init__(self) -> None:
        self.cookies: dict[str, str] = {}

    def request(self, method: str, url: str, **kwargs) -> requests.Response:
        headers = {"Host": SERVER_NAME, "Origin": ORIGIN, "Referer": f"{ORIGIN}/"}
        if url.startswith("http://"):
            headers |= {"X-Forwarded-Proto": "https", "X-Real-IP": "127.0.0.1"}
        response = requests.request(
            method,
            url,
            headers=headers | kwargs.pop("headers", {}),
            cookies=self.cookies,
            verify=False,
            allow_redirects=False,
            timeout=30,
            **kwargs,
        )
        for header in response.raw.headers.getlist("Set-Cookie"):
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return response

    def get(self, url: str, **kwargs) -> requests.Response:
        return self.request("GET", url, **kwargs)

    def form_token(self, url: str) -> str:
        """Open the form at `url`: its CSRF token."""
        page = self.get(url)
        assert page.status_code == 200, page.text[:500]
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)

    def post_form(
        self, url: str, data: dict, files: dict | None = None, token: str = ""
    ) -> requests.Response:
        """Send the form at `url` with `data`, as opened now (or earlier, giving `token`)."""
        data = {**data, "csrfmiddlewaretoken": token or self.form_token(url)}
        return self.request("POST", url, data=data, files=files)


def sign_in(visitor: Visitor, base: str, stack: Stack) -> None:
    credentials = {"username": stack.record["username"], "password": stack.record["password"]}
    answer = visitor.post_form(f"{base}/accounts/login/", credentials)
    assert answer.status_code == 302, answer.text[:2000]


def unique_pdf(title: str) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": title})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def upload_form(base: str, stack: Stack) -> str:
    return f"{base}/staff/items/{stack.record['item']}/documents/new/"


def upload(
    visitor: Visitor, base: str, stack: Stack, title: str, token: str = ""
) -> tuple[requests.Response, bytes]:
    content = unique_pdf(f"{title} {secrets.token_hex(8)}")
    answer = visitor.post_form(
        upload_form(base, stack),
        {"title": title, "kind": "report"},
        files={"file": (f"{title}.pdf", content, "application/pdf")},
        token=token,
    )
    return answer, content


def documents_titled(visitor: Visitor, base: str, stack: Stack, title: str) -> list[str]:
    """The staff's download addresses of the meeting's unpublished documents titled so."""
    page = visitor.get(f"{base}/staff/meetings/{stack.record['meeting']}/")
    assert page.status_code == 200, page.text[:500]
    # Each unpublished document's "publish" link names it for screen readers.
    found = re.findall(
        rf'/staff/documents/(\d+)/publish/">publish<span class="govuk-visually-hidden"> '
        rf"{re.escape(title)}</span>",
        page.text,
    )
    return [f"/staff/documents/{pk}/file/" for pk in found]


def heading(response: requests.Response) -> str:
    return re.search(r"<h1[^>]*>(.*?)</h1>", response.text, re.S).group(1).strip()


# Static files, sessions, stored files


def test_static_files_are_compressed_with_hashed_names_and_cached_for_a_year(stack):
    home = Visitor().get(f"{stack.url}/")
    assert home.status_code == 200, stack.logs()
    [stylesheet] = re.findall(r'href="(/static/[^"]+\.css)"', home.text)[:1]
    assert re.search(r"\.[0-9a-f]{12}\.css$", stylesheet), stylesheet
    answer = Visitor().get(f"{stack.url}{stylesheet}", headers={"Accept-Encoding": "br, gzip"})
    assert answer.status_code == 200
    assert answer.headers["Content-Encoding"] in {"br", "gzip"}
    max_age = int(re.search(r"max-age=(\d+)", answer.headers["Cache-Control"]).group(1))
    assert max_age >= 365 * 24 * 60 * 60
    assert "public" in answer.headers["Cache-Control"]
    assert len(answer.content) > 1000


def test_a_person_signed_in_through_one_instance_carries_on_through_the_other(stack):
    first, second = (instance.url for instance in stack.instances)
    visitor = Visitor()
    assert visitor.get(f"{second}/staff/").status_code == 302  # to the sign-in page
    sign_in(visitor, first, stack)
    dashboard = visitor.get(f"{second}/staff/")
    assert dashboard.status_code == 200
    assert "Sign out" in dashboard.text


def test_a_document_uploaded_through_one_instance_downloads_through_the_other(stack):
    first, second = (instance.url for instance in stack.instances)
    visitor = Visitor()
    sign_in(visitor, first, stack)
    keys_before = set(stack.store.keys())
    answer, content = upload(visitor, first, stack, "Bus contract report")
    assert answer.status_code == 302, answer.text[:3000]
    [key] = set(stack.store.keys()) - keys_before
    assert key.startswith("tracker/") and stack.store.read(key) == content

    [link] = documents_titled(visitor, second, stack, "Bus contract report")
    download = visitor.get(f"{second}{link}")
    assert download.status_code == 200 and download.content == content


def test_an_exempt_paper_is_not_found_for_the_public_and_read_by_the_clerk(stack):
    public = Visitor().get(f"{stack.url}{stack.record['public_document']}")
    assert public.status_code == 200 and public.content.startswith(b"%PDF")

    refused = Visitor().get(f"{stack.url}{stack.record['exempt_document']}")
    assert refused.status_code == 404
    assert heading(refused) == "Page not found"
    assert "%PDF" not in refused.text

    # Staff read it, and their copy is kept by no cache for anyone else.
    clerk = Visitor()
    sign_in(clerk, stack.url, stack)
    for address in ("exempt_document", "exempt_document_for_staff"):
        staff = clerk.get(f"{stack.url}{stack.record[address]}")
        assert staff.status_code == 200 and staff.content.startswith(b"%PDF")
        assert "private" in staff.headers["Cache-Control"]
    again = Visitor().get(f"{stack.url}{stack.record['exempt_document']}")
    assert again.status_code == 404 and "%PDF" not in again.text


# Parts of the stack lost


def test_with_one_instance_killed_the_site_keeps_answering(stack):
    visitor = Visitor()
    sign_in(visitor, stack.url, stack)
    lost = stack.instances[0]
    lost.kill()
    try:
        answers = [visitor.get(f"{stack.url}/staff/").status_code for _ in range(10)]
        answers += [Visitor().get(f"{stack.url}/").status_code for _ in range(10)]
        assert answers == [200] * 20, stack.logs()
    finally:
        lost.start()  # as systemd starts it again
    assert visitor.get(f"{lost.url}/staff/").status_code == 200


def test_a_worker_killed_mid_run_is_restarted_and_every_reminder_goes_exactly_once(stack):
    """The mail server holds the second reminder's connection; the worker process sending
    it is killed, and started again as systemd starts the worker unit again."""
    smtp = stack.smtp
    smtp.hold_at = smtp.seen["connecting"] + 2
    before = len(smtp.messages)
    starts = [worker.starts for worker in stack.workers]
    stack.manage(
        "-m",
        "tests.worker.control",
        "enqueue",
        "scrutiny.reminders.tasks.send_due_reminders",
        env=stack.worker_env(),
    )
    assert smtp.holding.wait(timeout=120), stack.logs()
    [(pid,)] = stack.rows("SELECT pid FROM core_workerheartbeat WHERE task <> ''")
    [killed] = [worker for worker in stack.workers if worker.child.pid == pid]
    killed.child.send_signal(signal.SIGKILL)
    smtp.released.set()
    wait_until(
        lambda: killed.starts == starts[stack.workers.index(killed)] + 1,
        timeout=60,
        what="the worker started again",
    )
    smtp.wait_for(before + 2 * REMINDER_COMMITTEES, timeout=120)

    def all_sent() -> bool:
        states = [s for (s,) in stack.rows("SELECT state FROM reminders_remindersent")]
        return states == ["sent"] * (2 * REMINDER_COMMITTEES)

    wait_until(all_sent, timeout=60, what="every reminder recorded as sent")
    time.sleep(3)  # time enough for a second copy to arrive, were one sent
    received = smtp.messages[before:]
    recipients = sorted(address for message in received for address in message.recipients)
    assert len(recipients) == len(set(recipients)) == 2 * REMINDER_COMMITTEES
    # Only the killed worker was started again.
    expected = list(starts)
    expected[stack.workers.index(killed)] += 1
    assert [worker.starts for worker in stack.workers] == expected


def test_with_postgresql_stopped_the_site_answers_503_and_recovers_with_no_write_lost(stack):
    visitor = Visitor()
    sign_in(visitor, stack.url, stack)
    before, _ = upload(visitor, stack.url, stack, "Written before the outage")
    assert before.status_code == 302

    token = visitor.form_token(upload_form(stack.url, stack))
    worker_starts = [worker.starts for worker in stack.workers]
    last_beat = stack.rows("SELECT max(beat_at) FROM core_workerheartbeat")[0][0]
    stack.postgresql.stop()
    stopped_at = time.monotonic()
    try:
        down = visitor.get(f"{stack.url}/staff/")
        assert down.status_code == 503
        assert heading(down) == "Sorry, the service is unavailable"
        assert 'class="govuk-header' in down.text
        assert int(down.headers["Retry-After"]) > 0
        refused, _ = upload(visitor, stack.url, stack, "Written during the outage", token)
        assert refused.status_code == 503
        assert Visitor().get(f"{stack.url}/healthz").text == "ok"
        time.sleep(max(0.0, 10 - (time.monotonic() - stopped_at)))
    finally:
        stack.postgresql.start()

    wait_until(
        lambda: visitor.get(f"{stack.url}/staff/").status_code == 200,
        timeout=30,
        what="the site to answer again",
    )
    # Every application process is back, not only the one that answered first.
    answers = [visitor.get(f"{stack.url}/staff/").status_code for _ in range(12)]
    assert answers == [200] * 12, stack.logs()
    again, _ = upload(visitor, stack.url, stack, "Written during the outage")
    assert again.status_code == 302
    for title in ("Written before the outage", "Written during the outage"):
        [link] = documents_titled(visitor, stack.url, stack, title)
        assert visitor.get(f"{stack.url}{link}").status_code == 200
    # The workers carried on through it, in the same processes.
    wait_until(
        lambda: stack.rows("SELECT max(beat_at) FROM core_workerheartbeat")[0][0] > last_beat,
        timeout=90,  # it waits longer after each failure, up to a minute
        what="a worker's heartbeat after the outage",
    )
    assert [worker.starts for worker in stack.workers] == worker_starts
