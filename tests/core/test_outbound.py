"""The outbound fetcher against real local HTTP servers: an allow-listed site that
redirects, and a loopback "canary" that must never be reached through it."""

import re
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from scrutiny.core import outbound
from scrutiny.core.outbound import FAILED, FetchFailed, fetch, is_allowed_site


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        server = self.server
        server.hits.append(self.path)
        route = server.routes.get(self.path.split("?", 1)[0])
        if route is None:
            self._answer(200, b"canary" if server.name == "canary" else b"not found")
            return
        route(self)

    def _answer(self, status: int, body: bytes = b"", **headers: str) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


def _serve(name: str):
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    httpd.name, httpd.hits, httpd.routes = name, [], {}
    httpd.release = threading.Event()
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    return httpd, thread


def _stop(httpd, thread) -> None:
    httpd.release.set()
    httpd.shutdown()
    httpd.server_close()
    thread.join(timeout=5)


@pytest.fixture
def canary():
    httpd, thread = _serve("canary")
    yield httpd
    _stop(httpd, thread)


@pytest.fixture
def site(canary, settings):
    """The allow-listed site, with private addresses allowed for it alone."""
    httpd, thread = _serve("site")
    port, canary_port = httpd.server_address[1], canary.server_address[1]

    def redirect(to: str):
        return lambda handler: handler._answer(302, Location=to)

    def slow(handler) -> None:
        handler.server.release.wait(10)
        handler._answer(200, b"late")

    def dripping_headers(handler) -> None:
        handler.wfile.write(b"HTTP/1.1 200 OK\r\n")
        handler.wfile.flush()
        for _ in range(100):
            if handler.server.release.wait(0.05):
                return
            handler.wfile.write(b"X-Slow: 1\r\n")
            handler.wfile.flush()

    def undeclared_big(handler) -> None:
        handler.send_response(200)
        handler.send_header("Connection", "close")
        handler.end_headers()
        handler.wfile.write(b"x" * 5000)

    httpd.routes = {
        "/ok": lambda handler: handler._answer(200, b"hello"),
        "/hop": redirect("/ok"),
        "/to-canary": redirect(f"http://127.0.0.1:{canary_port}/canary"),
        "/to-localhost": redirect(f"http://localhost:{port}/ok"),
        "/to-file": redirect("file:///etc/passwd"),
        "/loop": redirect("/loop"),
        "/big": lambda handler: handler._answer(200, b"x" * 5000),
        "/undeclared-big": undeclared_big,
        "/slow": slow,
        "/dripping": dripping_headers,
        "/missing": lambda handler: handler._answer(404, b"no"),
        "/busy": lambda handler: handler._answer(503, b"busy"),
    }
    settings.SCRUTINY_MODERNGOV_SITES = [f"127.0.0.1:{port}"]
    settings.SCRUTINY_OUTBOUND_ALLOW_PRIVATE = [f"127.0.0.1:{port}"]
    httpd.base = f"http://127.0.0.1:{port}"
    yield httpd
    _stop(httpd, thread)


def refusal(url: str, **options) -> FetchFailed:
    with pytest.raises(FetchFailed) as failed:
        fetch(url, **options)
    return failed.value


def test_an_allowed_site_is_read_and_its_own_redirects_followed(site):
    assert fetch(f"{site.base}/ok") == b"hello"
    assert fetch(f"{site.base}/hop") == b"hello"
    assert site.hits == ["/ok", "/hop", "/ok"]


def test_a_redirect_to_a_loopback_canary_is_refused_and_the_canary_never_hit(
    site, canary, settings
):
    refusal(f"{site.base}/to-canary")
    # Even with the canary's port allow-listed, private addresses are allowed only for
    # the exact host:port the setting names.
    settings.SCRUTINY_MODERNGOV_SITES += [f"127.0.0.1:{canary.server_address[1]}"]
    refusal(f"{site.base}/to-canary")
    assert canary.hits == []
    assert site.hits == ["/to-canary", "/to-canary"]


def test_a_redirect_to_another_host_or_scheme_is_refused(site):
    refusal(f"{site.base}/to-localhost")
    refusal(f"{site.base}/to-file")
    assert site.hits == ["/to-localhost", "/to-file"]


def test_a_port_not_on_the_allow_list_is_refused(site, canary):
    refusal(f"http://127.0.0.1:{canary.server_address[1]}/")
    assert canary.hits == []


def test_loopback_is_refused_unless_the_setting_names_it(site, settings):
    settings.SCRUTINY_OUTBOUND_ALLOW_PRIVATE = []
    refusal(f"{site.base}/ok")
    assert site.hits == []


def test_a_host_resolving_to_a_private_address_is_refused_before_connecting(settings, monkeypatch):
    settings.SCRUTINY_MODERNGOV_SITES = ["democracy.example.gov.uk"]
    connections = []
    monkeypatch.setattr(
        socket,
        "getaddrinfo",
        lambda *args, **kwargs: [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.1.2.3", 443))],
    )
    monkeypatch.setattr(socket, "create_connection", lambda *a, **k: connections.append(a))
    refusal("https://democracy.example.gov.uk/mgWebService.asmx/GetCommittees")
    assert connections == []


def test_too_many_redirects_are_refused(site):
    refusal(f"{site.base}/loop")
    assert len(site.hits) == outbound.MAX_REDIRECTS + 1


def test_an_oversize_answer_is_refused_declared_or_not(site):
    assert refusal(f"{site.base}/big", max_bytes=1000).transient is False
    refusal(f"{site.base}/undeclared-big", max_bytes=1000)
    assert fetch(f"{site.base}/big", max_bytes=5000) == b"x" * 5000


def test_a_slow_answer_times_out(site):
    assert refusal(f"{site.base}/slow", total_timeout=0.3).transient is True


def test_the_deadline_holds_while_headers_drip_in(site):
    refusal(f"{site.base}/dripping", connect_timeout=5, total_timeout=0.3)


def test_busy_answers_are_transient_and_missing_ones_are_not(site):
    assert refusal(f"{site.base}/busy").transient is True
    assert refusal(f"{site.base}/missing").transient is False


def test_every_refusal_reads_the_same(site, canary, settings):
    outcomes = [
        refusal(f"{site.base}/to-canary"),
        refusal(f"{site.base}/to-localhost"),
        refusal(f"{site.base}/loop"),
        refusal(f"{site.base}/big", max_bytes=10),
        refusal(f"{site.base}/slow", total_timeout=0.3),
        refusal(f"{site.base}/missing"),
        refusal(f"{site.base}/busy"),
        refusal(f"http://127.0.0.1:{canary.server_address[1]}/"),
        refusal("http://127.0.0.1:9/"),
        refusal("file:///etc/passwd"),
        refusal("http://no-such-host.invalid/"),
        refusal("http://[::1/"),
    ]
    settings.SCRUTINY_MODERNGOV_SITES += ["127.0.0.1:9", "no-such-host.invalid"]
    settings.SCRUTINY_OUTBOUND_ALLOW_PRIVATE += ["127.0.0.1:9"]
    outcomes += [refusal("http://127.0.0.1:9/"), refusal("http://no-such-host.invalid/")]
    assert {str(outcome) for outcome in outcomes} == {FAILED}
    assert {outcome.args for outcome in outcomes} == {(FAILED,)}
    assert len({outcome.detail for outcome in outcomes}) > 5  # the log still tells them apart


def test_the_details_go_to_the_log(site, caplog):
    refusal(f"{site.base}/to-canary")
    assert "not an allowed site" in caplog.text


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("https://democracy.example.gov.uk/x", True),
        ("http://democracy.example.gov.uk/x", True),
        ("https://DEMOCRACY.example.gov.uk:443/x", True),
        ("https://democracy.example.gov.uk:8443/x", False),
        ("http://democracy.example.gov.uk:443/x", False),
        ("https://other.example.gov.uk/x", False),
        ("https://democracy.example.gov.uk.evil.example/x", False),
        ("https://user@democracy.example.gov.uk/x", True),
        ("https://test.example.gov.uk:8443/x", True),
        ("https://test.example.gov.uk/x", False),
        ("ftp://democracy.example.gov.uk/x", False),
        ("https://[::1/x", False),
        ("https://democracy.example.gov.uk:99999/x", False),
        ("democracy.example.gov.uk", False),
    ],
)
def test_the_allow_list_is_by_host_and_port(url, allowed):
    sites = ["democracy.example.gov.uk", "test.example.gov.uk:8443"]
    assert is_allowed_site(url, sites) is allowed


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("127.0.0.1", False),
        ("10.0.0.1", False),
        ("172.16.5.4", False),
        ("192.168.1.1", False),
        ("169.254.169.254", False),
        ("100.64.0.1", False),
        ("0.0.0.0", False),
        ("224.0.0.1", False),
        ("240.0.0.1", False),
        ("::1", False),
        ("fe80::1", False),
        ("fd00::1", False),
        ("::ffff:127.0.0.1", False),
        ("8.8.8.8", True),
        ("2a00:1450:4009:81d::200e", True),
    ],
)
def test_non_public_addresses_are_recognised(address, public):
    assert outbound._is_public(address) is public


def test_no_other_module_opens_a_connection_of_its_own():
    """Every network read goes through core.outbound, so its rules cannot be skipped."""
    root = Path(outbound.__file__).resolve().parent.parent
    doors = re.compile(
        r"\b(urllib\.request|urlopen|http\.client|import requests|httpx"
        r"|import socket|from socket)\b"
    )
    offenders = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if path.name != "outbound.py" and doors.search(path.read_text())
    ]
    assert offenders == []


@pytest.mark.parametrize(
    ("declared", "over"),
    [
        ("100", False),
        ("101", True),
        ("0000000000101", True),
        ("00000000000100", False),
        ("9" * 5000, True),  # more digits than int() reads
        ("²", False),  # a digit to str.isdigit() that int() refuses: left to the size cap
        ("", False),
        ("-1", False),
    ],
)
def test_a_declared_length_is_read_as_digits_or_not_at_all(declared, over):
    assert outbound._declared_over(declared, max_bytes=100) is over
