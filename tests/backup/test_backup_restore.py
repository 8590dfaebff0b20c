"""Backup -> wipe -> restore gives back every table row for row and every stored file byte
for byte, on whichever database the suite runs on (SQLite or PostgreSQL)."""

import datetime as dt
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command

from scrutiny.committees.models import AgendaItem, Document
from scrutiny.committees.services import document_add
from scrutiny.core.backup.stored_files import store_as
from scrutiny.people.models import Person
from scrutiny.reviews.models import Evidence, Recommendation
from scrutiny.reviews.services import progress_update_post
from tests.backup.conftest import (
    PDF,
    file_digests,
    only_archive,
    table_digests,
    wipe_database,
    wipe_storage,
)
from tests.factories import make_user


@pytest.fixture
def whole_record(migrated, media):
    """The demo council, with documents and evidence that have files, and a stored file
    nothing refers to."""
    call_command("load_demo", stdout=StringIO())
    clerk = make_user("clerk.files")
    for number, item in enumerate(AgendaItem.objects.order_by("pk")[:3]):
        document_add(
            actor=clerk,
            item=item,
            title=f"Paper {number}",
            file=ContentFile(PDF + bytes([number]), name=f"paper-{number}.pdf"),
        )
    recommendation = Recommendation.objects.filter(closed_on__isnull=True).first() or (
        Recommendation.objects.first()
    )
    evidence = Evidence(title="Training log", file=ContentFile(b"log " * 1000, name="log.txt"))
    progress_update_post(
        actor=clerk,
        recommendation=recommendation,
        author=Person.objects.filter(kind=Person.Kind.OFFICER).first(),
        as_of=dt.date(2024, 11, 1),
        proposed_status=recommendation.status.code,
        narrative="Evidence attached.",
        evidence=[evidence],
    )
    with ContentFile(b"left over") as stray:
        store_as("imports-pending/stray.bin", stray)


def test_backup_wipe_restore_gives_back_every_table_and_every_file(whole_record, backups):
    tables, files = table_digests(), file_digests()
    assert sum(1 for count, _ in tables.values() if count) >= 30  # a whole record, not a toy
    assert len(files) == 5

    call_command("backup", "--to", str(backups), stdout=StringIO())
    wipe_database()
    wipe_storage()
    call_command("restore", "--from", str(only_archive(backups)), stdout=StringIO())

    assert table_digests() == tables
    assert file_digests() == files


def test_a_restored_database_carries_on_numbering_its_records(whole_record, backups):
    call_command("backup", "--to", str(backups), stdout=StringIO())
    last = Document.objects.order_by("pk").last()
    wipe_database()
    wipe_storage()
    call_command("restore", "--from", str(only_archive(backups)), stdout=StringIO())
    item = AgendaItem.objects.first()
    added = document_add(actor=None, item=item, title="After the restore")
    assert added.pk > last.pk
