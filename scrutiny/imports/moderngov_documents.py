"""Fetch the files of imported ModernGov documents into the tracker's storage.

An import records each paper with the address of the council's copy. With
``--fetch-documents`` (or the staff page's checkbox) the files themselves are fetched
after the import has committed, each through the one outbound fetcher
(``scrutiny.core.outbound``: allow-listed sites only, each redirect checked, private
addresses refused unless ``SCRUTINY_OUTBOUND_ALLOW_PRIVATE`` names them, a size cap), and
kept through ``committees.services.document_store_file``, which records the size and
SHA-256. Each document stands alone: one the site refuses or fails to serve is reported
and left as it was (its page still links to the council's copy), and the rest go on.

A restricted document's file is fetched like any other and kept private by the same
rules as every stored file: the download checks who may see it.
"""

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from django.conf import settings

from scrutiny.committees.models import Document
from scrutiny.committees.services import document_store_file
from scrutiny.core import outbound
from scrutiny.core.errors import Refused

USER_AGENT = "ScrutinyTracker-import/1.0"
Progress = Callable[[int, int], None]
Fetch = Callable[..., bytes]


@dataclass
class DocumentsFetched:
    """What fetching did: counts, and a line for each document left without its file."""

    fetched: int = 0
    already_held: int = 0
    failed: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        lines = [f"Documents fetched into storage: {self.fetched}"]
        if self.already_held:
            lines.append(f"Documents already held: {self.already_held}")
        return lines + [f"Not fetched: {line}" for line in self.failed]

    def as_dict(self) -> dict:
        return {
            "fetched": self.fetched,
            "already_held": self.already_held,
            "failed": list(self.failed),
            "lines": self.lines(),
        }


def documents_to_fetch(*, meeting_ids: Sequence[str]) -> list[Document]:
    """The documents with a council address and no file, of the meetings with these
    ModernGov ids, in agenda order."""
    return list(
        Document.objects.filter(item__meeting__source_id__in=list(meeting_ids))
        .exclude(source_url="")
        .select_related("item__meeting")
        .order_by("item__meeting__starts_at", "item__position", "id")
    )


def fetch_documents(
    *,
    documents: Iterable[Document],
    sites: Sequence[str],
    actor=None,
    progress: Progress | None = None,
    fetch: Fetch = outbound.fetch,
    delay: float | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> DocumentsFetched:
    """Fetch each document's file from its address, when the address is on ``sites``."""
    documents = list(documents)
    done = DocumentsFetched()
    pause = getattr(settings, "SCRUTINY_MODERNGOV_FETCH_DELAY", 1.0) if delay is None else delay
    asked = False
    for number, document in enumerate(documents, start=1):
        if document.file:
            done.already_held += 1
        elif not outbound.is_allowed_site(document.source_url, sites):
            done.failed.append(
                f"{document.title}: {document.source_url} is not on an allowed ModernGov site "
                "(SCRUTINY_MODERNGOV_SITES)"
            )
        else:
            if asked and pause:
                sleep(pause)  # polite to the council's server, as the web-service reads are
            asked = True
            _fetch_one(document, sites=sites, actor=actor, fetch=fetch, done=done)
        if progress is not None:
            progress(number, len(documents))
    return done


def _fetch_one(document: Document, *, sites, actor, fetch: Fetch, done: DocumentsFetched):
    try:
        content = fetch(
            document.source_url,
            sites=sites,
            max_bytes=int(settings.SCRUTINY_UPLOAD_MAX_BYTES),
            headers={"User-Agent": USER_AGENT},
        )
    except outbound.FetchFailed:
        done.failed.append(f"{document.title}: {outbound.FAILED}")
        return
    try:
        document_store_file(
            actor=actor, document=document, content=content, name=file_name(document)
        )
    except Refused as error:
        done.failed.append(f"{document.title}: {error.reason}")
        return
    done.fetched += 1


def file_name(document: Document) -> str:
    """The name the file is stored under: the last part of its address when that names a
    file, else the document's id with its format ("document-12.pdf"). Storage adds its
    own folder and makes the name unique."""
    last = unquote(urlsplit(document.source_url).path).rsplit("/", 1)[-1]
    stem = "".join(c for c in last if c.isalnum() or c in "-_. ")[:80].strip(" .")
    extension = document.file_format.lower()
    if stem and "." in stem and not stem.lower().endswith((".aspx", ".asp", ".ashx")):
        return stem
    return f"document-{document.pk}.{extension or 'bin'}"
