from pathlib import PurePath

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.text import slugify

from scrutiny.committees.models import Document, Visibility
from scrutiny.core.downloads import stored_file_response
from scrutiny.publishing import rules

# Shown in the browser; anything else is saved, so an uploaded HTML or SVG file can never
# run as a page of this site.
INLINE_EXTENSIONS = {".pdf"}


def download_name(document: Document) -> str:
    """A filename safe in any header and any file system: the title in ASCII slug form
    with the stored file's extension."""
    extension = PurePath(document.file.name).suffix.lower()
    if not extension.isascii() or not extension[1:].isalnum():
        extension = ""
    stem = slugify(document.title)[:80].strip("-") or f"document-{document.pk}"
    return f"{stem}{extension}"


def document_download(request: HttpRequest, pk: int) -> HttpResponse:
    document = rules.get_visible_document_or_404(request.user, pk)
    filename = download_name(document)
    response = stored_file_response(
        document.file,
        filename=filename,
        as_attachment=PurePath(filename).suffix not in INLINE_EXTENSIONS,
    )
    restricted = (
        document.visibility != Visibility.PUBLIC or document.item.visibility != Visibility.PUBLIC
    )
    if restricted:
        patch_cache_control(response, private=True, no_store=True)
    return response
