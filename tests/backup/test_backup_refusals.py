"""A restore checks the whole archive before it touches anything: a damaged archive,
another vendor's, one from a newer version, or a target already holding a record (unless
--yes) is refused with a clear reason and nothing changed. A backup never lands where the
site serves files, never overwrites, and is readable by its owner only."""

import hashlib
import json
import stat
import tarfile
from io import BytesIO, StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection

from scrutiny.core.backup.database import tables_holding_rows
from scrutiny.core.backup.stored_files import store_as, stored_file_names
from tests.backup.conftest import (
    file_digests,
    only_archive,
    rewrite_archive,
    table_digests,
    wipe_database,
    wipe_storage,
)
from tests.factories import make_user

OTHER_VENDOR = {"sqlite": "postgresql", "postgresql": "sqlite"}


@pytest.fixture
def archive(small_record, backups):
    call_command("backup", "--to", str(backups), stdout=StringIO())
    return only_archive(backups)


def restore(archive, *options):
    out = StringIO()
    call_command("restore", "--from", str(archive), *options, stdout=out)
    return out.getvalue()


def refused(archive, *options) -> str:
    """Restore with --yes (so only the archive can be the reason) and return the refusal,
    checking nothing changed."""
    tables, files = table_digests(), file_digests()
    with pytest.raises(CommandError) as refusal:
        restore(archive, "--yes", *options)
    assert (table_digests(), file_digests()) == (tables, files)
    assert "nothing was restored" in str(refusal.value).lower()
    return str(refusal.value)


def changed(archive, tmp_path, change):
    return rewrite_archive(archive, tmp_path / "changed.tar.gz", change)


def test_a_damaged_database_is_refused_by_its_checksum(archive, tmp_path):
    def flip(name, data):
        if name.startswith("database/"):
            return data[:100] + bytes([data[100] ^ 1]) + data[101:]
        return data

    reason = refused(changed(archive, tmp_path, flip))
    assert "The archive is damaged" in reason
    assert "database/" in reason and "does not match its checksum" in reason


def test_a_damaged_stored_file_is_refused_by_its_checksum(archive, tmp_path):
    reason = refused(
        changed(archive, tmp_path, lambda n, d: d + b"x" if n.startswith("files/") else d)
    )
    assert "files/documents/" in reason and "does not match its checksum" in reason


def test_a_cut_short_archive_is_refused(archive, tmp_path):
    cut = tmp_path / "cut.tar.gz"
    cut.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    assert "is damaged or not a backup" in refused(cut)


def test_an_archive_without_its_manifest_is_refused(archive, tmp_path):
    without = changed(archive, tmp_path, lambda n, d: None if n == "manifest.json" else d)
    assert "has no manifest" in refused(without)


def test_a_file_the_manifest_does_not_list_is_refused(archive, tmp_path):
    extra = tmp_path / "extra.tar.gz"
    with tarfile.open(archive) as old, tarfile.open(extra, "w:gz") as new:
        for member in old:
            new.addfile(member, old.extractfile(member))
        info = tarfile.TarInfo("files/slipped-in.exe")
        info.size = 3
        new.addfile(info, BytesIO(b"MZ!"))
    assert "files/slipped-in.exe is not listed in the manifest" in refused(extra)


def test_a_member_outside_the_layout_is_refused(archive, tmp_path):
    escape = tmp_path / "escape.tar.gz"
    with tarfile.open(escape, "w:gz") as new:
        info = tarfile.TarInfo("files/../../etc/cron.d/x")
        info.size = 1
        new.addfile(info, BytesIO(b"x"))
    assert "which no backup holds" in refused(escape)


def test_another_vendors_backup_is_refused(archive, tmp_path):
    def other_vendor(name, data):
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        manifest["database"]["vendor"] = OTHER_VENDOR[connection.vendor]
        return json.dumps(manifest).encode()

    reason = refused(changed(archive, tmp_path, other_vendor))
    assert reason.startswith(
        f"This is a backup of a {OTHER_VENDOR[connection.vendor]} database; "
        f"the configured database is {connection.vendor}."
    )


def test_a_backup_from_a_newer_version_is_refused(archive, tmp_path):
    def newer(name, data):
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        manifest["migrations"].append("reviews.9999_from_the_future")
        return json.dumps(manifest).encode()

    reason = refused(changed(archive, tmp_path, newer))
    assert "made by a newer version" in reason and "reviews.9999_from_the_future" in reason


def test_a_database_the_tools_cannot_read_leaves_the_database_as_it_was(archive, tmp_path):
    garbage = b"not a database at all" * 100

    def unreadable(name, data):
        if name.startswith("database/"):
            return garbage
        if name == "manifest.json":
            manifest = json.loads(data)
            manifest["members"][manifest["database"]["member"]] = {
                "sha256": hashlib.sha256(garbage).hexdigest(),
                "size": len(garbage),
            }
            return json.dumps(manifest).encode()
        return data

    tables = table_digests()
    with pytest.raises(CommandError, match="The database is as it was") as refusal:
        restore(changed(archive, tmp_path, unreadable), "--yes")
    assert "could not read" in str(refusal.value) or "pg_restore failed" in str(refusal.value)
    assert table_digests() == tables


def test_something_else_entirely_is_refused(small_record, tmp_path):
    not_a_backup = tmp_path / "notes.tar.gz"
    not_a_backup.write_bytes(b"Minutes of the meeting")
    assert "is damaged or not a backup" in refused(not_a_backup)
    assert "There is no backup at" in refused(tmp_path / "missing.tar.gz")


def test_a_target_holding_a_record_is_refused_unless_replacing(archive, small_record):
    make_user("added.after.the.backup")
    with ContentFile(b"new") as new:
        store_as("documents/added-after.txt", new)
    tables, files = table_digests(), file_digests()
    with pytest.raises(CommandError, match=r"not empty \(rows in auth_user, .*; 2 stored files\)"):
        restore(archive)
    assert (table_digests(), file_digests()) == (tables, files)

    said = restore(archive, "--yes")
    assert "1 stored file not in the backup were left in place" in said
    assert default_storage.exists("documents/added-after.txt")
    assert not get_user_model().objects.filter(username="added.after.the.backup").exists()


def test_a_freshly_migrated_database_is_empty_and_takes_a_restore(archive):
    tables = table_digests()
    wipe_database()
    wipe_storage()
    call_command("migrate", verbosity=0)
    assert tables_holding_rows() == []  # what migrate writes is not a record
    restore(archive)
    assert table_digests() == tables


def test_a_backup_is_for_its_owner_only_and_never_overwrites(archive, backups):
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    with pytest.raises(CommandError, match="already exists; nothing was written"):
        call_command("backup", "--to", str(archive), stdout=StringIO())
    assert [p.name for p in backups.iterdir()] == [archive.name]  # no partial left


def test_a_backup_is_never_written_where_the_site_keeps_files(small_record, media):
    with pytest.raises(CommandError, match="is inside MEDIA_ROOT"):
        call_command("backup", "--to", str(media / "backups"), stdout=StringIO())
    assert not (media / "backups").exists()


def test_a_file_the_database_refers_to_but_the_storage_lacks_is_named(small_record, backups):
    [lost] = stored_file_names()
    default_storage.delete(lost)
    err = StringIO()
    call_command("backup", "--to", str(backups), stdout=StringIO(), stderr=err)
    assert "the storage lacks 1 stored file the database refers to" in err.getvalue()
    with tarfile.open(only_archive(backups)) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
    assert manifest["missing_files"] == [lost]


def test_a_storage_that_refuses_a_file_leaves_the_database_as_it_was(archive, monkeypatch):
    tables = table_digests()
    wipe_storage()

    def full(name, content):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("scrutiny.core.backup.restore.store_as", full)
    with pytest.raises(CommandError, match="The storage refused documents/") as refusal:
        restore(archive, "--yes")
    assert "No space left on device). The database is as it was" in str(refusal.value)
    assert table_digests() == tables
