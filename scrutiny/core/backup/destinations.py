"""Where backups and exports may be written: never under a folder the site serves or
stores uploads in, never over something already there, and readable by their owner only
(they hold the exempt and confidential record)."""

import os
from pathlib import Path

from django.conf import settings

from scrutiny.core.backup.errors import BackupRefused


def refuse_unless_private_place(path: Path) -> None:
    resolved = path.resolve()
    for setting in ("STATIC_ROOT", "MEDIA_ROOT"):
        root = getattr(settings, setting, None)
        if root and resolved.is_relative_to(Path(root).resolve()):
            raise BackupRefused(
                f"{path} is inside {setting} ({root}), which the site serves or stores "
                "uploads in; write it somewhere else."
            )


def private_file(path: Path):
    """A new file only its owner may read; refused if one is already there."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise BackupRefused(f"{path} already exists; nothing was written.") from None
    return os.fdopen(descriptor, "wb")


def private_folder(path: Path) -> None:
    """Make `path` (only its owner may open it); refused if it exists and is not empty."""
    if path.exists() and (not path.is_dir() or any(path.iterdir())):
        raise BackupRefused(f"{path} is not an empty folder; nothing was written.")
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    path.chmod(0o700)
