"""Reaching every URL as one user, and reading each answer as its reader would.

The URLs: every URL pattern filled with every object in the database (the public site's,
the API's and the workspace's own lists, which fail when a pattern is missing, and the
rest here), the check pages of issuing a report with their answers, every path of the
API's OpenAPI document filled the same way, and every link found on the way (HTML `a` and
`link`, the API's addresses, redirects), to a fixed point.

The answers: HTML, JSON and CSV as text; a PDF by its extracted text (pypdf); Word, Excel
and OpenDocument files by the text of their XML parts; and the raw bytes and the
`Location` and `Content-Disposition` headers of every answer too."""

import io
import json
import uuid
import zipfile
from collections import deque
from urllib.parse import urldefrag, urlencode, urljoin, urlsplit

import lxml.etree
import lxml.html
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from pypdf import PdfReader

from scrutiny.committees.models import Committee, Meeting
from scrutiny.imports.models import ImportJob, SyncRun
from scrutiny.reviews.models import Recommendation, Review
from tests.api.test_leaks import every_api_url
from tests.site.public.test_leaks import every_public_url
from tests.site.staff.test_workspace_leaks import every_staff_url

HOST = "http://testserver"
# Sign-in pages are asked for once (`other_urls`), not once for every page they lead back to.
NOT_CRAWLED = ("/static/", "/media/", "/admin/", "/accounts/")
CRAWL_LIMIT = 2000  # per user; reaching it fails the crawl, so nothing is left unread

# URL names asked for by the lists this module reuses, by namespace.
LISTED_ELSEWHERE = {"site": every_public_url, "api": every_api_url, "staff": every_staff_url}
# URL names never asked for, and why.
NOT_ASKED = {
    "admin": "the Django admin: for staff accounts (administrators, clerks, scrutiny "
    "officers), each of whom may read everything; who reaches it is in "
    "tests/site/staff/test_authorisation_matrix.py",
    "logout": "would end the session being crawled",
}


def _review_slugs() -> list[str]:
    return list(Review.objects.values_list("slug", flat=True))


def _followable() -> list[tuple[str, int]]:
    """Every committee, review and recommendation, as the follow form names them."""
    return [
        (kind, pk)
        for kind, model in (
            ("committee", Committee),
            ("review", Review),
            ("recommendation", Recommendation),
        )
        for pk in model.objects.values_list("pk", flat=True)
    ]


def other_urls() -> dict[str, list[str]]:
    """The URL names of no list elsewhere, each with every object in the database; and the
    workspace's draft report as PDF (its list asks for the DOCX)."""
    slugs = _review_slugs()
    jobs = [(job,) for job in ImportJob.objects.values_list("pk", flat=True)]
    jobs.append((uuid.UUID(int=0),))  # and one that is not
    args = {
        "healthz": [()],
        "readyz": [()],
        "sign-in-unlock-request": [()],
        "sign-in-unlock-sent": [()],
        "sign-in-unlock": [("not-a-link",)],
        "password-reset": [()],
        "password-reset-sent": [()],
        "password-reset-confirm": [("MQ", "not-a-token")],
        "password-invitation": [("MQ", "not-a-token")],
        "password-set": [()],
        "login": [()],
        "imports:upload": [()],
        "imports:mapping": [()],
        "imports:preview": [()],
        "imports:done": [()],
        "imports:cancel": [()],
        "imports:export": [(slug, form) for slug in slugs for form in ("csv", "xlsx")],
        "moderngov_imports:upload": [()],
        "moderngov_sync:runs": [()],
        "moderngov_sync:run": [(run,) for run in SyncRun.objects.values_list("pk", flat=True)]
        + [(0,)],
        "record_imports:upload": [()],
        "api:search": [()],
        # Following by email: forms posted from the public pages, and emailed links.
        "site:follow": _followable(),
        "site:follow_sent": _followable(),
        "site:follow_confirm": [("not-a-link",)],
        "site:unsubscribe": [("not-a-link",)],
        **{
            f"{importer}:{page}": jobs
            for importer in ("moderngov_imports", "record_imports")
            for page in ("job", "confirm", "retry")
        },
        "staff:report-draft-download": [(slug, "pdf") for slug in slugs],
    }
    return {name: [reverse(name, args=a) for a in every] for name, every in args.items()}


def answered_checks() -> list[str]:
    """The check step of issuing and reissuing a report, as its form sends an officer
    there: a GET with the answers (nothing is written until the check is confirmed).
    Issuing each review's next report to each of its committee's meetings; reissuing
    each of its reports."""
    today = timezone.localdate()
    dated = {"issued_on_day": today.day, "issued_on_month": today.month}
    dated["issued_on_year"] = today.year
    urls = []
    for review in Review.objects.all():
        check = reverse("staff:report-issue-check", args=[review.slug])
        for meeting in Meeting.objects.filter(committee_id=review.committee_id):
            urls.append(f"{check}?{urlencode({'meeting': meeting.pk, 'item_number': '', **dated})}")
        for sequence in set(review.monitoring_reports.values_list("sequence", flat=True)):
            check = reverse("staff:report-reissue-check", args=[review.slug, sequence])
            urls.append(f"{check}?{urlencode({'reason': 'Corrected.', **dated})}")
    return urls


def url_names() -> set[str]:
    """Every named URL pattern of the site, with its namespace."""
    found = set()

    def walk(patterns, namespace):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                walk(
                    entry.url_patterns,
                    f"{namespace}{entry.namespace}:" if entry.namespace else namespace,
                )
            elif isinstance(entry, URLPattern) and entry.name:
                found.add(namespace + entry.name)

    walk(get_resolver().url_patterns, "")
    return found


# The objects an OpenAPI path's parameter names, by the path's first segment.
API_PATH_OBJECTS = {
    "committees": lambda: Committee.objects.values_list("slug", flat=True),
    "meetings": lambda: Meeting.objects.values_list("pk", flat=True),
    "reviews": _review_slugs,
}


def openapi_urls(document: dict) -> list[str]:
    """Every path of the API's description with every object in the database, and each
    value of every query parameter that lists its values."""
    base = urlsplit(document["servers"][0]["url"]).path
    urls = []
    for path, operations in document["paths"].items():
        parameters = operations["get"].get("parameters", [])
        filled = [path]
        if "{" in path:
            segment = path.strip("/").split("/")[0]
            assert segment in API_PATH_OBJECTS, f"Say which objects fill {path} in the crawler"
            name = path.split("{")[1].split("}")[0]
            filled = [path.replace(f"{{{name}}}", str(v)) for v in API_PATH_OBJECTS[segment]()]
        queries = [""] + [
            f"?{p['name']}={value}"
            for p in parameters
            if p["in"] == "query"
            for value in p["schema"].get("enum", [])
        ]
        urls += [f"{base}{one}{query}" for one in filled for query in queries]
    return urls


def every_url(client) -> list[str]:
    """Every URL to ask for, whoever asks (`client` reads the API's description)."""
    names = url_names()
    listed = {n for n in names if n.split(":")[0] in LISTED_ELSEWHERE}
    others = other_urls()
    skipped = {n for n in names if n.split(":")[0] in NOT_ASKED}
    missing = sorted(names - listed - set(others) - skipped)
    assert not missing, f"Add these URLs to the leak crawler: {missing}"
    urls = [url for every in LISTED_ELSEWHERE.values() for url in every()]
    urls += [url for every in others.values() for url in every] + answered_checks()
    document = client.get(reverse("api:openapi")).json()
    return urls + openapi_urls(document)


def content_of(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def xml_text(data: bytes) -> str:
    """The text of an XML part, its runs joined (Word splits a word across runs)."""
    return "".join(lxml.etree.fromstring(data).itertext())


def readable(response, content: bytes) -> str:
    """Everything the answer says to whoever reads it, as text."""
    parts = [
        content.decode("utf-8", errors="replace"),
        response.get("Location", ""),
        response.get("Content-Disposition", ""),
    ]
    if content.startswith(b"%PDF"):
        parts += [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]
    elif content.startswith(b"PK\x03\x04"):
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            xml_parts = [n for n in archive.namelist() if n.endswith(".xml")]
            parts += [xml_text(archive.read(name)) for name in xml_parts]
    return "\n".join(parts)


def _addresses(value) -> list[str]:
    """Every string in a JSON answer that is an address on this site."""
    if isinstance(value, dict):
        return [a for v in value.values() for a in _addresses(v)]
    if isinstance(value, list):
        return [a for v in value for a in _addresses(v)]
    return [value] if isinstance(value, str) and value.startswith(f"{HOST}/") else []


def links(url: str, response, content: bytes) -> list[str]:
    """The site's own URLs the answer leads to, as paths with their queries."""
    content_type = response.get("Content-Type", "")
    if response.status_code in (301, 302, 303, 307, 308):
        hrefs = [response["Location"]]
    elif content_type.startswith("text/html") and content.strip():
        hrefs = lxml.html.document_fromstring(content).xpath("//a/@href | //link/@href")
    elif content_type.startswith("application/json"):
        hrefs = _addresses(json.loads(content))
    else:
        return []
    found = []
    for href in hrefs:
        target, _ = urldefrag(urljoin(f"{HOST}{url}", href))
        parts = urlsplit(target)
        if f"{parts.scheme}://{parts.netloc}" != HOST:
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if not path.startswith(NOT_CRAWLED):
            found.append(path)
    return found


def crawl(client, seeds: list[str]) -> dict[str, str]:
    """Every seed and every link found, breadth first, each once: what each URL says."""
    pages: dict[str, str] = {}
    queue = deque(seeds)
    while queue:
        url = queue.popleft()
        if url in pages:
            continue
        assert len(pages) < CRAWL_LIMIT, "the crawl did not end: raise the limit if it should"
        response = client.get(url)
        content = content_of(response)
        pages[url] = readable(response, content)
        queue.extend(link for link in links(url, response, content) if link not in pages)
    return pages
