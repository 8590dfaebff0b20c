"""The one store for what an import keeps between its steps: a tracker between upload,
mapping, preview and import; a ModernGov archive's answers and a minutes page between
preview and confirmation. Every importer's staff pages keep their uploads here and
nowhere else (not in the session, not in a folder of their own).

Layout: one folder per upload, ``MEDIA_ROOT/imports-pending/<kind>-<token>/``, holding
the files as its importer lays them out. The token is random and known only to the
officer's session (and the confirm form), or, for an import run in the background worker,
to its job (``ImportJob.token``); no name the user's computer gave a file is ever used. A
kind's token opens only that kind's folder.

Expiry: a folder is deleted when its import is confirmed, cancelled or replaced by a new
upload in the same session, and in any case a day after it was last written
(``KEEP_SECONDS``). Expired folders are swept whenever a new one is made, and an expired
folder not yet swept cannot be opened."""

import contextlib
import re
import secrets
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

FOLDER = "imports-pending"
TRACKER = "tracker"
MODERNGOV = "moderngov"
MINUTES = "minutes"
KINDS = (TRACKER, MODERNGOV, MINUTES)
TOKEN = re.compile(r"^[A-Za-z0-9_-]{32,64}$")
KEEP_SECONDS = 24 * 60 * 60
SINGLE_FILE = "upload"


class PendingGone(LookupError):
    """No such upload is kept: the token is wrong, or the upload was finished with or
    has expired."""


@dataclass(frozen=True)
class PendingUpload:
    kind: str
    token: str
    directory: Path


def pending_new(kind: str) -> PendingUpload:
    """A new, empty folder for one upload of this kind."""
    sweep()
    token = secrets.token_urlsafe(32)
    directory = _directory(kind, token)
    directory.mkdir()
    return PendingUpload(kind=kind, token=token, directory=directory)


def pending_token_matches(kept: str, given: str) -> bool:
    """Whether the token a form sent back is the one the session keeps, compared in
    constant time. Anything else a form can send, text in any script included, is simply
    not the token."""
    return bool(kept) and secrets.compare_digest(kept.encode(), given.encode())


def pending_open(kind: str, token: str, *, now: float | None = None) -> PendingUpload:
    if not TOKEN.match(token or ""):
        raise PendingGone("not an upload token")
    directory = _directory(kind, token)
    if not directory.is_dir() or _expired(directory, now):
        raise PendingGone("this upload is no longer kept")
    return PendingUpload(kind=kind, token=token, directory=directory)


def pending_delete(kind: str, token: str) -> None:
    if TOKEN.match(token or ""):
        shutil.rmtree(_directory(kind, token), ignore_errors=True)


def pending_keep_bytes(kind: str, data: bytes) -> str:
    """Keep one file's bytes; returns the token that reads them back."""
    kept = pending_new(kind)
    (kept.directory / SINGLE_FILE).write_bytes(data)
    return kept.token


def pending_read_bytes(kind: str, token: str) -> bytes:
    try:
        return (pending_open(kind, token).directory / SINGLE_FILE).read_bytes()
    except FileNotFoundError:
        raise PendingGone("this upload is no longer kept") from None


def sweep(now: float | None = None) -> None:
    """Delete every upload, of any kind, last written more than a day ago."""
    for path in _root().iterdir():
        with contextlib.suppress(OSError):
            if _expired(path, now):
                if path.is_dir():
                    shutil.rmtree(path, ignore_errors=True)
                else:
                    path.unlink(missing_ok=True)


def _expired(path: Path, now: float | None) -> bool:
    return path.stat().st_mtime < (now or time.time()) - KEEP_SECONDS


def _root() -> Path:
    root = Path(settings.MEDIA_ROOT) / FOLDER
    root.mkdir(parents=True, exist_ok=True)
    return root


def _directory(kind: str, token: str) -> Path:
    if kind not in KINDS:
        raise ValueError(f"unknown kind of pending upload: {kind!r}")
    return _root() / f"{kind}-{token}"
