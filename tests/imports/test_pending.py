"""The one pending-upload store: what an import keeps between its steps, for how long,
and that every importer keeps its uploads there."""

import io
import os
import time
import zipfile
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from scrutiny.imports import pending
from scrutiny.imports.models import ImportJob
from scrutiny.people.roles import Role
from tests.factories import make_user
from tests.imports.conftest import FIXTURES
from tests.imports.spreadsheets.conftest import council_b_csv, make_review_shell

ROOT = Path(__file__).resolve().parents[2]
DAY = 24 * 60 * 60


@pytest.fixture(autouse=True)
def own_media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def kept() -> list[str]:
    root = Path(django_settings.MEDIA_ROOT) / pending.FOLDER
    return sorted(path.name for path in root.iterdir()) if root.exists() else []


def age(upload: pending.PendingUpload, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(upload.directory, (then, then))


def test_an_upload_is_read_back_by_its_kind_and_token_only():
    token = pending.pending_keep_bytes(pending.TRACKER, b"No.;Recommendation\n")
    assert pending.pending_read_bytes(pending.TRACKER, token) == b"No.;Recommendation\n"
    with pytest.raises(pending.PendingGone):
        pending.pending_read_bytes(pending.MINUTES, token)
    for wrong in ("", "../../etc", "x" * 31, token[:-1] + "!"):
        with pytest.raises(pending.PendingGone):
            pending.pending_read_bytes(pending.TRACKER, wrong)
    assert kept() == [f"tracker-{token}"]


def test_deleting_forgets_the_upload():
    token = pending.pending_keep_bytes(pending.MINUTES, b"page")
    pending.pending_delete(pending.MINUTES, token)
    with pytest.raises(pending.PendingGone):
        pending.pending_read_bytes(pending.MINUTES, token)
    assert kept() == []


def test_an_upload_expires_a_day_after_it_was_last_written():
    fresh = pending.pending_new(pending.MODERNGOV)
    old = pending.pending_new(pending.TRACKER)
    age(fresh, DAY - 60)
    age(old, DAY + 60)
    assert pending.pending_open(pending.MODERNGOV, fresh.token).directory == fresh.directory
    with pytest.raises(pending.PendingGone):
        pending.pending_open(pending.TRACKER, old.token)
    assert len(kept()) == 2  # expired but not yet swept: still refused above

    pending.pending_new(pending.MINUTES)  # each new upload sweeps every kind
    names = kept()
    assert f"moderngov-{fresh.token}" in names
    assert f"tracker-{old.token}" not in names
    assert len(names) == 2


def test_sweep_removes_stray_files_too():
    root = Path(django_settings.MEDIA_ROOT) / pending.FOLDER
    root.mkdir(parents=True)
    stray = root / "abandoned.upload"
    stray.write_bytes(b"x")
    then = time.time() - 2 * DAY
    os.utime(stray, (then, then))
    pending.sweep()
    assert not stray.exists()


def signed_in_officer(client):
    user = make_user("officer")
    user.groups.add(Group.objects.get(name=Role.SCRUTINY_OFFICER.label))
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_every_importer_keeps_its_upload_in_the_one_store(client):
    officer = signed_in_officer(client)
    review = make_review_shell()

    officer.post(
        reverse("imports:upload"),
        {"review": review.pk, "tracker": SimpleUploadedFile("b.csv", council_b_csv())},
    )
    text = (FIXTURES / "issue_customer_services.txt").read_text(encoding="utf-8")
    officer.post(reverse("record_imports:upload"), {"text": text})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted((FIXTURES / "moderngov").glob("*.xml")):
            archive.writestr(path.name, path.read_bytes())
    answers = SimpleUploadedFile("answers.zip", buffer.getvalue())
    officer.post(reverse("moderngov_imports:upload"), {"saved": answers})

    session = officer.session
    tokens = {
        "tracker": session["tracker_import"]["token"],
        "minutes": ImportJob.objects.get(pk=session["record_imports_minutes"]["job"]).token,
        "moderngov": ImportJob.objects.get(pk=session["record_imports_moderngov"]["job"]).token,
    }
    assert kept() == sorted(f"{kind}-{token}" for kind, token in tokens.items())
    # The session holds a token and choices (the minutes page and ModernGov answers: their
    # jobs' ids), never the content itself.
    assert session["record_imports_minutes"].keys() == {"job"}
    assert session["record_imports_moderngov"].keys() == {"job"}
    assert all(len(str(value)) < 200 for value in session["tracker_import"].values())


def test_no_other_module_keeps_uploads_of_its_own():
    """Only the store names its folder or writes under MEDIA_ROOT for the importers."""
    sources = [
        *(ROOT / "scrutiny" / "imports").rglob("*.py"),
        *(ROOT / "scrutiny" / "site").rglob("*.py"),
    ]
    offenders = [
        str(path.relative_to(ROOT))
        for path in sources
        if path.name != "pending.py"
        and ("imports-pending" in path.read_text() or "MEDIA_ROOT" in path.read_text())
    ]
    assert offenders == []
