"""The whole-record export: its layout is as docs/export.md describes (one JSON file per
model with its schema version and fields, files under files/<storage name>, a manifest of
checksums), it holds the restricted record but no password hash, and another system can
read it back: loaded into an emptied database it gives every model's count again."""

import datetime as dt
import hashlib
import json
import stat
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.core import serializers
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import URLPattern, URLResolver, get_resolver

from scrutiny.committees.models import Visibility
from scrutiny.committees.services import document_add
from scrutiny.core.backup.record_export import LEFT_OUT, SCHEMA_VERSION, exported_models
from tests.backup.conftest import PDF, file_digests
from tests.factories import make_committee, make_item, make_meeting, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def record(media):
    call_command("load_demo", stdout=StringIO())
    clerk = make_user("clerk.export")
    item = make_item(
        make_meeting(make_committee(), dt.date(2024, 12, 2)),
        title="Sale of the depot",
        text="The bids received, with each bidder's price.",
        visibility=Visibility.EXEMPT,
        exempt_paragraphs=[3],
        public_interest_reason="The council's commercial position would be harmed.",
    )
    document_add(
        actor=clerk, item=item, title="Exempt paper", file=ContentFile(PDF, name="exempt.pdf")
    )
    return item


@pytest.fixture
def exported(record, tmp_path) -> Path:
    folder = tmp_path / "export"
    call_command("export_record", "--to", str(folder), stdout=StringIO())
    return folder


def read(folder: Path, relative: str) -> dict:
    return json.loads((folder / relative).read_text())


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_layout_is_as_documented(exported):
    manifest = read(exported, "manifest.json")
    assert manifest["format"] == "scrutiny-tracker-record-export"
    assert manifest["schema_version"] == SCHEMA_VERSION
    assert manifest["database_vendor"] == connection.vendor
    assert {"created_at", "app_version", "migrations", "left_out"} <= manifest.keys()
    labels = [m._meta.label_lower for m in exported_models()]
    assert [entry["model"] for entry in manifest["models"]] == labels
    assert sorted(p.name for p in (exported / "data").iterdir()) == sorted(
        f"{label}.json" for label in labels
    )
    for entry in manifest["models"]:
        assert entry["file"] == f"data/{entry['model']}.json"
        assert sha256(exported / entry["file"]) == entry["sha256"]
        data = read(exported, entry["file"])
        assert data["schema_version"] == SCHEMA_VERSION
        assert data["model"] == entry["model"]
        model = apps.get_model(entry["model"])
        assert data["table"] == model._meta.db_table
        assert data["count"] == entry["count"] == len(data["records"])
        assert data["count"] == model._base_manager.count()
        for row in data["records"]:
            assert row["model"] == entry["model"]
            assert set(row["fields"]) <= set(data["fields"])
    stored = file_digests()
    assert {f["path"]: f["sha256"] for f in manifest["files"]} == {
        f"files/{name}": digest for name, digest in stored.items()
    }
    for entry in manifest["files"]:
        assert sha256(exported / entry["path"]) == entry["sha256"]
    assert manifest["missing_files"] == []


def test_it_holds_the_restricted_record_but_no_password_or_session(record, exported):
    items = read(exported, "data/committees.agendaitem.json")["records"]
    exempt = next(row for row in items if row["pk"] == record.pk)
    assert exempt["fields"]["visibility"] == "exempt"
    assert exempt["fields"]["text"] == record.text
    [paper] = [
        row
        for row in read(exported, "data/committees.document.json")["records"]
        if row["fields"]["title"] == "Exempt paper"
    ]
    assert (exported / "files" / paper["fields"]["file"]).read_bytes() == PDF
    users = read(exported, "data/auth.user.json")
    assert "password" not in users["fields"]
    assert all("password" not in row["fields"] for row in users["records"])
    assert not (exported / "data" / "sessions.session.json").exists()
    assert "sessions.session" in LEFT_OUT


def test_read_back_into_an_emptied_database_it_gives_every_count_again(exported):
    manifest = read(exported, "manifest.json")
    counts = {entry["model"]: entry["count"] for entry in manifest["models"]}
    assert sum(1 for count in counts.values() if count) > 20  # a whole record
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:  # constraints are checked at commit: never, here
        for model in exported_models():
            cursor.execute(f"DELETE FROM {quote(model._meta.db_table)}")
    assert all(m._base_manager.count() == 0 for m in exported_models())

    for entry in manifest["models"]:
        records = read(exported, entry["file"])["records"]
        for obj in serializers.deserialize("python", records):
            obj.save()

    assert {m._meta.label_lower: m._base_manager.count() for m in exported_models()} == counts


def test_the_folder_is_new_or_empty_and_for_its_owner_only(record, tmp_path, media):
    taken = tmp_path / "taken"
    taken.mkdir()
    (taken / "notes.txt").write_text("keep me")
    with pytest.raises(CommandError, match="is not an empty folder; nothing was written"):
        call_command("export_record", "--to", str(taken), stdout=StringIO())
    assert [p.name for p in taken.iterdir()] == ["notes.txt"]
    with pytest.raises(CommandError, match="is inside MEDIA_ROOT"):
        call_command("export_record", "--to", str(media / "export"), stdout=StringIO())

    fresh = tmp_path / "fresh"
    call_command("export_record", "--to", str(fresh), stdout=StringIO())
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o700


def test_no_address_of_the_site_reaches_the_backups_or_the_export():
    def views(resolver):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                yield from views(pattern)
            elif isinstance(pattern, URLPattern):
                yield pattern.callback.__module__

    modules = set(views(get_resolver()))
    assert len(modules) > 10
    assert not {m for m in modules if m.startswith("scrutiny.core.backup")}
