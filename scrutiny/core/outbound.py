"""Every request this server makes to another one goes through ``fetch``.

Staff type addresses that the server then reads (the ModernGov import), so a read must not
become a way to reach the council's internal network or to probe it:

- Only allow-listed sites: each hop's host AND port must be one the administrator named
  in ``SCRUTINY_MODERNGOV_SITES`` ("democracy.example.gov.uk" means ports 443 for https
  and 80 for http only; "democracy.example.gov.uk:8443" means that port).
- The host is resolved once and every address it resolves to must be public (not private,
  loopback, link-local, reserved, multicast or unspecified) unless
  ``SCRUTINY_OUTBOUND_ALLOW_PRIVATE`` names that exact host:port (tests and development).
  The connection goes to the address that was checked, so a second lookup cannot swap in
  another one.
- Redirects are followed by hand, at most ``MAX_REDIRECTS``, each hop checked as above.
- A connect timeout, a deadline for the whole read, and a cap on the answer's size.
- Every refusal and failure reads the same (``FAILED``): the message never says whether a
  host exists, a port is open or what it answered. The details go to the log only.
"""

import contextlib
import http.client
import ipaddress
import logging
import socket
import ssl
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from django.conf import settings

FAILED = "Could not read that address from the allowed ModernGov sites."
MAX_REDIRECTS = 5
MAX_BYTES = 50 * 1024 * 1024
DEFAULT_PORTS = {"https": 443, "http": 80}
REDIRECTS = frozenset({301, 302, 303, 307, 308})
TRANSIENT = frozenset({429, 500, 502, 503, 504})
CHUNK = 64 * 1024
USER_AGENT = "ScrutinyTracker/1.0"

logger = logging.getLogger(__name__)


class FetchFailed(Exception):
    """The one error ``fetch`` raises. ``str()`` is always ``FAILED``; ``detail`` (for the
    log) says what happened; ``transient`` says whether trying again later could help."""

    def __init__(self, detail: str, *, transient: bool = False) -> None:
        super().__init__(FAILED)
        self.detail = detail
        self.transient = transient

    def __str__(self) -> str:
        return FAILED


@dataclass(frozen=True)
class Site:
    """An allow-list entry: a host, and its port if one was named."""

    host: str
    port: int | None

    def allows(self, scheme: str, host: str, port: int) -> bool:
        if host != self.host:
            return False
        return port == self.port if self.port is not None else DEFAULT_PORTS[scheme] == port


def parse_site(entry: str) -> Site | None:
    """ "host", "host:port", "[v6]:port" or a whole address; None for what is not one."""
    entry = entry.strip().lower()
    if not entry:
        return None
    parts = urlsplit(entry if "//" in entry else f"//{entry}")
    try:
        host, port = parts.hostname, parts.port
    except ValueError:
        return None
    return Site(host=host, port=port) if host else None


def _sites(entries: Iterable[str]) -> list[Site]:
    return [site for site in map(parse_site, entries) if site is not None]


def configured_sites() -> list[str]:
    return list(getattr(settings, "SCRUTINY_MODERNGOV_SITES", []) or [])


def _target(url: str) -> tuple[str, str, int]:
    """(scheme, host, port) of an http(s) address, or FetchFailed."""
    try:
        parts = urlsplit(url)
        scheme, host = parts.scheme.lower(), parts.hostname
        port = parts.port if scheme in DEFAULT_PORTS and host else None
    except ValueError:  # a malformed IPv6 host or an impossible port
        raise FetchFailed(f"{url!r} is not a well-formed address") from None
    if scheme not in DEFAULT_PORTS or not host:
        raise FetchFailed(f"{url!r} is not an http or https address")
    return scheme, host.lower(), port or DEFAULT_PORTS[scheme]


def is_allowed_site(url: str, sites: Iterable[str] | None = None) -> bool:
    """Whether ``url``'s host and port are on the allow-list (the setting by default)."""
    try:
        scheme, host, port = _target(url)
    except FetchFailed:
        return False
    allowed = _sites(configured_sites() if sites is None else sites)
    return any(site.allows(scheme, host, port) for site in allowed)


def _is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_reserved
        or ip.is_multicast
        or ip.is_unspecified
    )


def _private_allowed(scheme: str, host: str, port: int) -> bool:
    entries = getattr(settings, "SCRUTINY_OUTBOUND_ALLOW_PRIVATE", []) or []
    return any(site.allows(scheme, host, port) for site in _sites(entries))


def _checked_address(scheme: str, host: str, port: int) -> str:
    """The address to connect to: every address the host resolves to must be allowed."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as error:
        raise FetchFailed(f"{host} could not be resolved ({error})") from None
    addresses = [info[4][0] for info in infos]
    if not addresses:
        raise FetchFailed(f"{host} resolved to no address")
    if not _private_allowed(scheme, host, port):
        refused = [address for address in addresses if not _is_public(address)]
        if refused:
            raise FetchFailed(f"{host} resolves to a non-public address ({refused[0]})")
    return addresses[0]


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to the address that was checked, while naming the host in the request."""

    def __init__(self, host: str, port: int, *, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self.address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self.address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """As above, with the certificate checked against the host name."""

    def __init__(self, host: str, port: int, *, address: str, timeout: float) -> None:
        self.tls = ssl.create_default_context()
        super().__init__(host, port, timeout=timeout, context=self.tls)
        self.address = address

    def connect(self) -> None:
        raw = socket.create_connection((self.address, self.port), self.timeout)
        self.sock = self.tls.wrap_socket(raw, server_hostname=self.host)


def fetch(
    url: str,
    *,
    sites: Iterable[str] | None = None,
    connect_timeout: float = 10.0,
    total_timeout: float = 30.0,
    max_bytes: int = MAX_BYTES,
    headers: dict[str, str] | None = None,
) -> bytes:
    """GET ``url`` and return the body, or raise ``FetchFailed`` (always reading ``FAILED``).

    ``sites`` is the allow-list (``SCRUTINY_MODERNGOV_SITES`` by default)."""
    allowed = list(configured_sites() if sites is None else sites)
    deadline = time.monotonic() + total_timeout
    try:
        for _hop in range(MAX_REDIRECTS + 1):
            status, location, body = _one_hop(
                url,
                allowed=allowed,
                connect_timeout=connect_timeout,
                deadline=deadline,
                max_bytes=max_bytes,
                headers=headers or {},
            )
            if status in REDIRECTS:
                if not location:
                    raise FetchFailed(f"{url} redirected ({status}) without a Location")
                url = urljoin(url, location)
                continue
            if 200 <= status < 300:
                return body
            raise FetchFailed(f"{url} answered {status}", transient=status in TRANSIENT)
        raise FetchFailed(f"more than {MAX_REDIRECTS} redirects, the last to {url}")
    except FetchFailed as failure:
        logger.warning("Outbound read refused: %s", failure.detail)
        raise


def _one_hop(
    url: str,
    *,
    allowed: list[str],
    connect_timeout: float,
    deadline: float,
    max_bytes: int,
    headers: dict[str, str],
) -> tuple[int, str, bytes]:
    """One request, checked before it is made: (status, Location, body of a 2xx)."""
    scheme, host, port = _target(url)
    if not is_allowed_site(url, allowed):
        raise FetchFailed(f"{scheme}://{host}:{port} is not an allowed site")
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise FetchFailed(f"{url} ran out of time")
    address = _checked_address(scheme, host, port)
    kind = _PinnedHTTPSConnection if scheme == "https" else _PinnedHTTPConnection
    connection = kind(host, port, address=address, timeout=min(connect_timeout, remaining))
    # The deadline holds however slowly the server answers: at it, the socket is shut.
    watchdog = threading.Timer(remaining, _shut, args=(connection,))
    watchdog.daemon = True
    try:
        parts = urlsplit(url)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        connection.connect()
        watchdog.start()
        connection.sock.settimeout(max(0.001, deadline - time.monotonic()))
        connection.request("GET", target, headers={"User-Agent": USER_AGENT, **headers})
        response = connection.getresponse()
        if time.monotonic() >= deadline:
            raise FetchFailed(f"{url} took longer than the deadline", transient=True)
        if response.status in REDIRECTS or not 200 <= response.status < 300:
            return response.status, response.getheader("Location") or "", b""
        declared = response.getheader("Content-Length") or ""
        if _declared_over(declared, max_bytes):
            raise FetchFailed(f"{url} declared {declared} bytes, over {max_bytes}")
        body = bytearray()
        while chunk := response.read(CHUNK):
            body += chunk
            if len(body) > max_bytes:
                raise FetchFailed(f"{url} sent more than {max_bytes} bytes")
            if time.monotonic() > deadline:
                raise FetchFailed(f"{url} took longer than the deadline", transient=True)
        if time.monotonic() >= deadline:
            # The watchdog shut the socket: what arrived is cut short, not an answer.
            raise FetchFailed(f"{url} took longer than the deadline", transient=True)
        return response.status, "", bytes(body)
    except FetchFailed:
        raise
    except (OSError, http.client.HTTPException, ValueError) as error:
        late = time.monotonic() >= deadline
        reason = "took longer than the deadline" if late else f"failed ({error!r})"
        raise FetchFailed(f"{url} {reason}", transient=True) from None
    finally:
        watchdog.cancel()
        connection.close()


def _declared_over(declared: str, max_bytes: int) -> bool:
    """Whether a Content-Length header promises more than `max_bytes`. Decimal digits
    only (not isdigit: int() refuses "²"), and counted before int() reads them, which it
    will not past a few thousand; a header that is no number is left to the size cap."""
    if not declared.isdecimal():
        return False
    digits = declared.lstrip("0")
    return len(digits) > len(str(max_bytes)) or int(digits or "0") > max_bytes


def _shut(connection: http.client.HTTPConnection) -> None:
    sock = connection.sock
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)
