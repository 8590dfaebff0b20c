"""Each example on its own: its writes rolled back when it ends, however it ends, and the
uploads an import keeps between its steps put back as they were."""

import contextlib
import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import transaction

from scrutiny.imports.pending import FOLDER


def _pending() -> Path:
    return Path(settings.MEDIA_ROOT) / FOLDER


@contextlib.contextmanager
def undone(kept: Path | None = None):
    """The example's writes, rolled back; and, given `kept` (from `kept_uploads`), the
    kept uploads first put back as they were when it was taken."""
    if kept is not None:
        shutil.rmtree(_pending(), ignore_errors=True)
        shutil.copytree(kept, _pending())
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


@contextlib.contextmanager
def kept_uploads():
    """A copy of the uploads kept between an import's steps, for `undone` to put back."""
    with tempfile.TemporaryDirectory() as copy:
        kept = Path(copy) / FOLDER
        if _pending().exists():
            shutil.copytree(_pending(), kept)
        else:
            kept.mkdir()
        yield kept
