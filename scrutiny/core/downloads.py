"""Answering a download of a stored file (a meeting's document, an evidence file) once the
view has decided the person may have it.

Files are read through Django's storage API only, so they may live on the filesystem or
in an object store (`SCRUTINY_STORAGE`); no file is ever given a public address. Either
the file is streamed through the application, or, when `SCRUTINY_X_ACCEL_REDIRECT` names
nginx's internal location for the stored files, the answer carries only the headers and
an `X-Accel-Redirect` to the file, and nginx sends it, sparing the application process.
The view's own headers (the file name, `Cache-Control`) go with either answer.
"""

import mimetypes
from urllib.parse import quote

from django.conf import settings
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpResponse
from django.utils.http import content_disposition_header


def stored_file_response(
    stored: FieldFile, *, filename: str, as_attachment: bool = True
) -> HttpResponse | FileResponse:
    """The file as a download named `filename` (inline when `as_attachment` is False).
    404 when the record has no file, or (when streamed) the storage has lost it."""
    if not stored:
        raise Http404("No file is stored for this record")
    prefix = settings.SCRUTINY_X_ACCEL_REDIRECT
    if prefix:
        content_type, _ = mimetypes.guess_type(stored.name)
        response = HttpResponse(content_type=content_type or "application/octet-stream")
        response["Content-Disposition"] = content_disposition_header(as_attachment, filename)
        response["X-Accel-Redirect"] = prefix + quote(stored.name)
        return response
    try:
        handle = stored.open("rb")
    except FileNotFoundError:
        raise Http404("This record's file is missing from the store") from None
    return FileResponse(handle, as_attachment=as_attachment, filename=filename)
