import datetime
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from scrutiny.core.outbound import FAILED
from scrutiny.imports.errors import ImportRefused
from scrutiny.imports.moderngov import parse_meeting
from scrutiny.imports.moderngov_client import FilesSource, HttpSource, web_service_url
from tests.imports.conftest import FIXTURES


class _ModernGovHandler(BaseHTTPRequestHandler):
    """Serves the saved fixtures the way mgWebService.asmx would, failing on request."""

    def do_GET(self) -> None:
        server = self.server
        url = urlsplit(self.path)
        server.requests.append((url.path, parse_qs(url.query)))
        if getattr(server, "redirect_to", ""):
            self.send_response(302)
            self.send_header("Location", server.redirect_to + self.path)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if server.failures_left:
            server.failures_left -= 1
            self.send_error(503, "Service Unavailable")
            return
        operation = url.path.rsplit("/", 1)[-1]
        query = parse_qs(url.query)
        names = {
            "GetCommittees": "GetCommittees.xml",
            "GetMeetings": f"GetMeetings_{query.get('lCommitteeId', [''])[0]}.xml",
            "GetMeeting": f"GetMeeting_{query.get('lMeetingId', [''])[0]}.xml",
        }
        path = FIXTURES / "moderngov" / names.get(operation, "missing")
        if not path.is_file():
            self.send_error(404, "Not Found")
            return
        body = path.read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", "text/xml; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _ModernGovHandler)
    httpd.requests = []
    httpd.failures_left = 0
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()
    thread.join(timeout=5)


@pytest.fixture
def waits():
    return []


@pytest.fixture
def source(server, waits, settings):
    host, port = server.server_address[:2]
    settings.SCRUTINY_MODERNGOV_SITES = [f"{host}:{port}"]
    settings.SCRUTINY_OUTBOUND_ALLOW_PRIVATE = [f"{host}:{port}"]
    return HttpSource(
        base_url=f"http://{host}:{port}/",
        timeout=5,
        retries=2,
        backoff=0.5,
        delay=0.2,
        sleep=waits.append,
    )


def test_url_carries_the_web_service_parameters():
    url = web_service_url(
        base_url="https://democracy.example.gov.uk/",
        operation="GetMeetings",
        params={"lCommitteeId": "123", "sFromDate": "01/09/2024", "sToDate": "31/08/2025"},
    )
    assert url == (
        "https://democracy.example.gov.uk/mgWebService.asmx/GetMeetings"
        "?lCommitteeId=123&sFromDate=01/09/2024&sToDate=31/08/2025"
    )


def test_get_meetings_sends_dates_as_day_month_year(source, server):
    source.get_meetings(
        committee_id="123", from_date=datetime.date(2024, 9, 1), to_date=datetime.date(2025, 8, 31)
    )
    path, query = server.requests[-1]
    assert path == "/mgWebService.asmx/GetMeetings"
    assert query == {
        "lCommitteeId": ["123"],
        "sFromDate": ["01/09/2024"],
        "sToDate": ["31/08/2025"],
    }


def test_get_meeting_returns_the_xml(source, server):
    meeting = parse_meeting(xml=source.get_meeting(meeting_id="4567"))
    assert meeting.source_id == "4567"
    assert server.requests[-1][1] == {"lMeetingId": ["4567"]}


def test_a_503_is_retried_after_a_wait(source, server, waits):
    server.failures_left = 1
    assert b"<committees>" in source.get_committees()
    assert len(server.requests) == 2
    assert 0.5 in waits


def test_gives_up_after_the_retries(source, server):
    server.failures_left = 10
    with pytest.raises(ImportRefused) as refused:
        source.get_committees()
    assert refused.value.reason == FAILED
    assert len(server.requests) == 3


def test_a_404_is_refused_at_once(source, server):
    with pytest.raises(ImportRefused) as refused:
        source.get_meeting(meeting_id="999")
    assert refused.value.reason == FAILED
    assert len(server.requests) == 1


def test_a_redirect_off_the_site_is_refused_and_not_followed(source, server):
    canary = ThreadingHTTPServer(("127.0.0.1", 0), _ModernGovHandler)
    canary.requests, canary.failures_left = [], 0
    thread = threading.Thread(target=canary.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        server.redirect_to = f"http://127.0.0.1:{canary.server_address[1]}"
        with pytest.raises(ImportRefused) as refused:
            source.get_committees()
    finally:
        canary.shutdown()
        canary.server_close()
        thread.join(timeout=5)
    assert refused.value.reason == FAILED
    assert canary.requests == []
    assert len(server.requests) == 1  # a refusal, not a transient failure: not retried


def test_requests_are_spaced_by_the_polite_delay(source, waits):
    source.get_committees()
    source.get_committees()
    assert waits and all(0 < wait <= 0.2 for wait in waits)


def test_unreachable_server_is_refused(waits, settings):
    settings.SCRUTINY_MODERNGOV_SITES = settings.SCRUTINY_OUTBOUND_ALLOW_PRIVATE = ["127.0.0.1:9"]
    source = HttpSource(base_url="http://127.0.0.1:9/", timeout=1, retries=1, sleep=waits.append)
    with pytest.raises(ImportRefused) as refused:
        source.get_committees()
    assert refused.value.reason == FAILED


def test_only_allow_listed_http_addresses_are_accepted(settings):
    settings.SCRUTINY_MODERNGOV_SITES = ["democracy.example.gov.uk"]
    for url in ("file:///etc/passwd", "https://other.example.gov.uk", "http://127.0.0.1/"):
        with pytest.raises(ImportRefused) as refused:
            HttpSource(base_url=url)
        assert refused.value.reason == FAILED


def test_a_loopback_site_is_refused_without_the_private_setting(server, settings):
    host, port = server.server_address[:2]
    settings.SCRUTINY_MODERNGOV_SITES = [f"{host}:{port}"]
    settings.SCRUTINY_OUTBOUND_ALLOW_PRIVATE = []
    source = HttpSource(base_url=f"http://{host}:{port}/", retries=0, delay=0)
    with pytest.raises(ImportRefused) as refused:
        source.get_committees()
    assert refused.value.reason == FAILED
    assert server.requests == []


def test_files_source_reads_the_documented_names():
    source = FilesSource(directory=FIXTURES / "moderngov")
    assert b"<committees>" in source.get_committees()
    assert b"<getmeetings>" in source.get_meetings(
        committee_id="123", from_date=datetime.date(2024, 1, 1), to_date=datetime.date(2025, 1, 1)
    )
    assert b"<meetingid>4568</meetingid>" in source.get_meeting(meeting_id="4568")


def test_files_source_refuses_missing_files_and_path_like_ids():
    source = FilesSource(directory=FIXTURES / "moderngov")
    with pytest.raises(ImportRefused) as missing:
        source.get_meeting(meeting_id="1")
    assert missing.value.place.endswith("GetMeeting_1.xml")
    with pytest.raises(ImportRefused):
        source.get_meeting(meeting_id="../../secrets")
