"""A council's ModernGov site on 127.0.0.1 for the companion sync's tests: a real HTTP
server in a thread answering mgWebService.asmx from saved answers in a folder, which a
test may change between runs (as the council edits its record)."""

import datetime
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone

COMMITTEE_ID = "123"
COMMITTEE = "Customer Services Scrutiny Committee"


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        url = urlsplit(self.path)
        query = parse_qs(url.query)
        self.server.requests.append((url.path.rsplit("/", 1)[-1], query))
        names = {
            "GetCommittees": "GetCommittees.xml",
            "GetMeetings": f"GetMeetings_{query.get('lCommitteeId', [''])[0]}.xml",
            "GetMeeting": f"GetMeeting_{query.get('lMeetingId', [''])[0]}.xml",
        }
        path = self.server.folder / names.get(url.path.rsplit("/", 1)[-1], "missing")
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


class Site:
    """The server, its folder of answers and the meetings it lists, by id."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.httpd.folder = folder
        self.httpd.requests = []
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.meetings: dict[str, dict] = {}

    @property
    def host_port(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"{host}:{port}"

    @property
    def url(self) -> str:
        return f"http://{self.host_port}/"

    @property
    def requests(self) -> list:
        return self.httpd.requests

    def start(self) -> "Site":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)

    def committees(self, *ids_titles: tuple[str, str]) -> None:
        rows = "".join(
            f"<committee><committeeid>{cid}</committeeid><committeetitle>{title}"
            "</committeetitle><committeedeleted>False</committeedeleted></committee>"
            for cid, title in ids_titles
        )
        self._write("GetCommittees.xml", f"<committees>{rows}</committees>")

    def meeting(self, meeting_id: str, *, days_from_today: int, minutes: str, title: str) -> None:
        """A meeting of committee 123, ``days_from_today`` from today (negative: held), with
        one item whose minutes are ``minutes`` (none for a meeting yet to be held)."""
        day = timezone.localdate() + datetime.timedelta(days=days_from_today)
        held = days_from_today < 0
        self.meetings[meeting_id] = {
            "day": day,
            "held": held,
            "minutes": minutes,
            "title": title,
        }
        self._write_meeting(meeting_id)
        self._write_list()

    def change_minutes(self, meeting_id: str, minutes: str) -> None:
        self.meetings[meeting_id]["minutes"] = minutes
        self._write_meeting(meeting_id)

    def _write_list(self) -> None:
        rows = "".join(
            f"<meeting><meetingid>{mid}</meetingid><meetingdate>{m['day']:%d/%m/%Y}</meetingdate>"
            f"<meetingstatus>{'Held' if m['held'] else 'Confirmed'}</meetingstatus>"
            "<meetingtime>10:00</meetingtime></meeting>"
            for mid, m in self.meetings.items()
        )
        self._write(
            f"GetMeetings_{COMMITTEE_ID}.xml",
            f"<getmeetings><committee><committeeid>{COMMITTEE_ID}</committeeid>"
            f"<committeetitle>{COMMITTEE}</committeetitle></committee>"
            f"<committeemeetings>{rows}</committeemeetings></getmeetings>",
        )

    def _write_meeting(self, meeting_id: str) -> None:
        m = self.meetings[meeting_id]
        minutes = f"&lt;p&gt;{m['minutes']}&lt;/p&gt;" if m["held"] and m["minutes"] else ""
        self._write(
            f"GetMeeting_{meeting_id}.xml",
            f"""<meeting>
  <meetingid>{meeting_id}</meetingid>
  <committeeid>{COMMITTEE_ID}</committeeid>
  <committeetitle>{COMMITTEE}</committeetitle>
  <meetingdate>{m["day"]:%d/%m/%Y}</meetingdate>
  <meetingstatus>{"Held" if m["held"] else "Confirmed"}</meetingstatus>
  <meetingtime>10:00</meetingtime>
  <meetinglocation>Council Chamber</meetinglocation>
  <agendapublished>True</agendapublished>
  <minutepublished>{"True" if m["held"] else "False"}</minutepublished>
  <attendees>
    <attendee memberid="501" name="Councillor Vicky Wapplington" roledescription="Chair"
      attendance="{"Present" if m["held"] else "Expected"}" politicalparty="Labour"
      ward="Central" />
  </attendees>
  <agendaitems>
    <agendaitem>
      <agendaitemid>{meeting_id}01</agendaitemid>
      <agendaitemtitle>{m["title"]}</agendaitemtitle>
      <agendatext>&lt;p&gt;To consider the report.&lt;/p&gt;</agendatext>
      <agendaitemnumber>5</agendaitemnumber>
      <agendaitemsubnumber>0</agendaitemsubnumber>
      <fulldisplaynumberformat>5.</fulldisplaynumberformat>
      <minutesnonemptyhtmlbody>{minutes}</minutesnonemptyhtmlbody>
      <isrestricted>False</isrestricted>
      <isdecision>False</isdecision>
      <linkeddocuments>
        <linkeddoc>
          <attachmentid>{meeting_id}1</attachmentid>
          <title>{m["title"]} report</title>
          <url>/documents/s{meeting_id}1/Report.pdf</url>
          <isrestricted>False</isrestricted>
          <publicationdate>{m["day"] - datetime.timedelta(days=7):%d/%m/%Y}</publicationdate>
        </linkeddoc>
      </linkeddocuments>
    </agendaitem>
  </agendaitems>
</meeting>""",
        )

    def _write(self, name: str, xml: str) -> None:
        (self.folder / name).write_text(f'<?xml version="1.0" encoding="utf-8"?>\n{xml}')

    def remove(self, name: str) -> None:
        (self.folder / name).unlink()


@pytest.fixture(name="site")
def moderngov_site(tmp_path, settings):
    """The council's site on 127.0.0.1, with the sync set up to read it (committee 123,
    30 days back, no pause between requests): two meetings held, one to come."""
    served = Site(tmp_path).start()
    settings.SCRUTINY_MODERNGOV_SITES = [served.host_port]
    settings.SCRUTINY_OUTBOUND_ALLOW_PRIVATE = [served.host_port]
    settings.SCRUTINY_MODERNGOV_SYNC_URL = served.url
    settings.SCRUTINY_MODERNGOV_SYNC_COMMITTEES = [COMMITTEE_ID]
    settings.SCRUTINY_MODERNGOV_SYNC_DAYS = 30
    settings.SCRUTINY_MODERNGOV_FETCH_DELAY = 0
    served.committees((COMMITTEE_ID, COMMITTEE), ("98", "Member ICT Working Group"))
    served.meeting(
        "701", days_from_today=-20, minutes="The committee noted the report.", title="Libraries"
    )
    served.meeting(
        "702", days_from_today=-6, minutes="The committee noted the figures.", title="Waste"
    )
    served.meeting("703", days_from_today=14, minutes="", title="Parks")
    yield served
    served.stop()
