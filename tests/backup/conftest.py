"""Backups really commit, read the database from other connections (pg_dump) and replace
it, so these tests are transactional and each has its own storage folder."""

import datetime as dt
import hashlib
import io
import tarfile
from collections.abc import Callable
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection

from scrutiny.committees.services import document_add
from scrutiny.core.backup.stored_files import open_stored, stored_file_names
from scrutiny.people.roles import Role
from scrutiny.reviews.models import Status
from scrutiny.reviews.vocabulary import install_default_statuses
from tests.factories import make_committee, make_item, make_meeting, make_user

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def backups(tmp_path) -> Path:
    return tmp_path / "backups"


@pytest.fixture
def migrated(transactional_db):
    """What migrations install (a flush by an earlier transactional test empties it), and
    the tables put back after a test that dropped them and failed before restoring."""
    for role in Role:
        Group.objects.get_or_create(name=role.label)
    install_default_statuses(Status)
    yield
    if "auth_user" not in connection.introspection.table_names():
        call_command("migrate", verbosity=0)


@pytest.fixture
def small_record(migrated, media):
    """A user, a meeting and a document with its file: enough for a refusal to lose."""
    user = make_user("clerk.small")
    meeting = make_meeting(make_committee(), dt.date(2024, 5, 1))
    item = make_item(meeting)
    document_add(actor=user, item=item, title="Report", file=ContentFile(PDF, name="r.pdf"))
    return user


def table_digests() -> dict[str, tuple[int, str]]:
    """Every table's row count and a checksum of its rows in order."""
    quote = connection.ops.quote_name
    digests = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            width = len(connection.introspection.get_table_description(cursor, table))
            order = ", ".join(str(n) for n in range(1, width + 1))
            cursor.execute(f"SELECT * FROM {quote(table)} ORDER BY {order}")
            rows = cursor.fetchall()
            digests[table] = (len(rows), hashlib.sha256(repr(rows).encode()).hexdigest())
    return digests


def file_digests() -> dict[str, str]:
    digests = {}
    for name in stored_file_names():
        with open_stored(name) as stream:
            digests[name] = hashlib.sha256(stream.read()).hexdigest()
    return digests


def wipe_database() -> None:
    quote = connection.ops.quote_name
    cascade = " CASCADE" if connection.vendor == "postgresql" else ""
    with connection.constraint_checks_disabled(), connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"DROP TABLE IF EXISTS {quote(table)}{cascade}")
    assert connection.introspection.table_names() == []


def wipe_storage() -> None:
    for name in stored_file_names():
        default_storage.delete(name)
    assert stored_file_names() == []


def only_archive(folder: Path) -> Path:
    [archive] = folder.glob("*.tar.gz")
    return archive


def rewrite_archive(
    source: Path, target: Path, change: Callable[[str, bytes], bytes | None]
) -> Path:
    """Copy a backup archive member by member through `change(name, data)`, which returns
    the member's new bytes or None to leave it out."""
    with tarfile.open(source, "r:gz") as old, tarfile.open(target, "w:gz") as new:
        for member in old:
            data = change(member.name, old.extractfile(member).read())
            if data is not None:
                info = tarfile.TarInfo(member.name)
                info.size = len(data)
                new.addfile(info, io.BytesIO(data))
    return target
