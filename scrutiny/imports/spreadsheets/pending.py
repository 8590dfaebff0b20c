"""Uploaded trackers kept between the steps of an import (mapping, preview, confirm).

Each file is saved under MEDIA_ROOT/imports-pending/ with a random name that the officer's
session alone knows, never the name it was uploaded with, and is deleted when the import
finishes or is abandoned for a day."""

import contextlib
import re
import secrets
import time
from pathlib import Path

from django.conf import settings

FOLDER = "imports-pending"
TOKEN = re.compile(r"^[A-Za-z0-9_-]{32,64}$")
KEEP_SECONDS = 24 * 60 * 60


def _folder() -> Path:
    folder = Path(settings.MEDIA_ROOT) / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _path(token: str) -> Path:
    if not TOKEN.match(token or ""):
        raise FileNotFoundError("not an upload token")
    return _folder() / f"{token}.upload"


def pending_save(data: bytes) -> str:
    sweep()
    token = secrets.token_urlsafe(32)
    _path(token).write_bytes(data)
    return token


def pending_read(token: str) -> bytes:
    return _path(token).read_bytes()


def pending_delete(token: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        _path(token).unlink(missing_ok=True)


def sweep(now: float | None = None) -> None:
    """Delete uploads abandoned for longer than a day."""
    cutoff = (now or time.time()) - KEEP_SECONDS
    for path in _folder().glob("*.upload"):
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink(missing_ok=True)
        except OSError:
            continue
