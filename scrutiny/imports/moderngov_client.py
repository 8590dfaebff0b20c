"""Fetch ModernGov web-service answers, live over HTTP or from saved files.

The parsers in ``moderngov`` take XML; this module gets it. Two sources answer the same
three calls, so an import can run against a council's live site or against files a
council saved for us (or that we saved to re-run an import exactly):

- ``HttpSource`` asks ``{base_url}/mgWebService.asmx/{Operation}`` with plain GETs,
  through ``core.outbound.fetch`` (allow-listed sites only, each redirect checked, one
  message for every failure). It is polite to the council's server (a pause between
  requests), patient with it (retries with growing waits after timeouts, 429 and 5xx
  answers), and refuses anything else.
- ``FilesSource`` reads a directory laid out as::

      GetCommittees.xml
      GetMeetings_<committeeid>.xml     e.g. GetMeetings_123.xml
      GetMeeting_<meetingid>.xml        e.g. GetMeeting_4567.xml

  It ignores the date range: a saved GetMeetings file holds whatever range was asked for
  when it was saved.
"""

import datetime
import re
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Protocol
from urllib.parse import quote, urlencode

from scrutiny.core import outbound
from scrutiny.imports.errors import ImportRefused

MAX_RESPONSE_BYTES = outbound.MAX_BYTES
USER_AGENT = "ScrutinyTracker-import/1.0"
_SAFE_ID = re.compile(r"^[A-Za-z0-9_-]{1,40}$")


class ModernGovSource(Protocol):
    """Anything that can answer the three calls an import needs, as raw XML bytes."""

    def get_committees(self) -> bytes: ...

    def get_meetings(
        self, *, committee_id: str, from_date: datetime.date, to_date: datetime.date
    ) -> bytes: ...

    def get_meeting(self, *, meeting_id: str) -> bytes: ...


def web_service_url(*, base_url: str, operation: str, params: dict[str, str] | None = None) -> str:
    """``{base_url}/mgWebService.asmx/{operation}?…``; dates are already dd/mm/yyyy strings."""
    url = f"{base_url.rstrip('/')}/mgWebService.asmx/{operation}"
    if params:
        url += "?" + urlencode(params, quote_via=quote, safe="/")
    return url


class HttpSource:
    """Live answers from a council's ModernGov site."""

    def __init__(
        self,
        *,
        base_url: str,
        timeout: float = 30.0,
        retries: int = 3,
        backoff: float = 2.0,
        delay: float = 1.0,
        sleep: Callable[[float], None] = time.sleep,
        sites: Iterable[str] | None = None,
    ) -> None:
        """``sites`` is the allow-list, ``SCRUTINY_MODERNGOV_SITES`` unless given."""
        self.sites = outbound.configured_sites() if sites is None else list(sites)
        if not outbound.is_allowed_site(base_url, self.sites):
            raise ImportRefused("base URL", outbound.FAILED)
        self.base_url = base_url
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.delay = delay
        self.sleep = sleep
        self._last_request = 0.0

    def get_committees(self) -> bytes:
        return self.get(operation="GetCommittees", params={})

    def get_meetings(
        self, *, committee_id: str, from_date: datetime.date, to_date: datetime.date
    ) -> bytes:
        return self.get(
            operation="GetMeetings",
            params={
                "lCommitteeId": committee_id,
                "sFromDate": from_date.strftime("%d/%m/%Y"),
                "sToDate": to_date.strftime("%d/%m/%Y"),
            },
        )

    def get_meeting(self, *, meeting_id: str) -> bytes:
        return self.get(operation="GetMeeting", params={"lMeetingId": meeting_id})

    def get(self, *, operation: str, params: dict[str, str]) -> bytes:
        """One call, retried after transient failures, each wait twice the one before.
        Every failure reads the same (``outbound.FAILED``); the log has the details."""
        url = web_service_url(base_url=self.base_url, operation=operation, params=params)
        for attempt in range(self.retries + 1):
            if attempt:
                self.sleep(self.backoff * 2 ** (attempt - 1))
            self._pause()
            try:
                return self._fetch(url)
            except outbound.FetchFailed as failure:
                if not failure.transient:
                    break
        raise ImportRefused("base URL", outbound.FAILED)

    def _pause(self) -> None:
        """Leave at least ``delay`` seconds between requests to the same council."""
        waited = time.monotonic() - self._last_request
        if self._last_request and waited < self.delay:
            self.sleep(self.delay - waited)
        self._last_request = time.monotonic()

    def _fetch(self, url: str) -> bytes:
        return outbound.fetch(
            url,
            sites=self.sites,
            connect_timeout=self.timeout,
            total_timeout=self.timeout * 4,  # a long answer may take a while to arrive
            max_bytes=MAX_RESPONSE_BYTES,
            headers={"User-Agent": USER_AGENT},
        )


class FilesSource:
    """Saved answers in a directory (see the module docstring for the file names)."""

    def __init__(self, *, directory: Path) -> None:
        self.directory = Path(directory)

    def get_committees(self) -> bytes:
        return self._read("GetCommittees.xml")

    def get_meetings(
        self, *, committee_id: str, from_date: datetime.date, to_date: datetime.date
    ) -> bytes:
        return self._read(f"GetMeetings_{_checked_id(committee_id)}.xml")

    def get_meeting(self, *, meeting_id: str) -> bytes:
        return self._read(f"GetMeeting_{_checked_id(meeting_id)}.xml")

    def _read(self, name: str) -> bytes:
        path = self.directory / name
        try:
            return path.read_bytes()
        except FileNotFoundError:
            raise ImportRefused(str(path), "this file is missing from the saved answers") from None
        except OSError as error:
            raise ImportRefused(
                str(path), f"the file could not be read ({error.strerror})"
            ) from None


def _checked_id(value: str) -> str:
    """Ids become file names, so only plain ids are accepted (no paths)."""
    if not _SAFE_ID.match(value):
        raise ImportRefused("id", f"{value[:40]!r} is not a ModernGov id")
    return value
