"""``field_values`` reads plain values straight from the instance; it must give exactly
what reading every field through its descriptor gives."""

import datetime as dt
from typing import Any

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.db import models

from scrutiny.committees.models import AgendaItem, Document
from scrutiny.core.audit import _audited, _plain, field_values
from scrutiny.imports.bulk import new_record
from scrutiny.imports.minutes_page import parse_minutes_page
from scrutiny.imports.moderngov_client import FilesSource
from scrutiny.imports.moderngov_walk import read_moderngov
from scrutiny.imports.writers import CREATE_ORDER, RecordImporter
from tests.factories import make_item, make_meeting, make_supported_review
from tests.imports.conftest import FIXTURES

pytestmark = pytest.mark.django_db


def through_descriptors(instance: models.Model) -> list[tuple[str, Any]]:
    """The general reading: every field through its attribute, in the fields' order."""
    names, _, _ = _audited(type(instance))
    values = [(name, getattr(instance, name)) for name in names]
    return [(name, value if isinstance(value, str) else _plain(value)) for name, value in values]


def read(instance: models.Model) -> list[tuple[str, Any]]:
    return list(field_values(instance).items())  # in order: the log's JSON keeps it


def test_every_stored_record_reads_as_through_its_descriptors():
    supported = make_supported_review()
    RecordImporter().import_issue(
        parse_minutes_page(content=(FIXTURES / "issue_three_meetings.txt").read_bytes())
    )
    moderngov = FilesSource(directory=FIXTURES / "moderngov")
    RecordImporter().import_meetings(
        read_moderngov(source=moderngov, from_date=None, to_date=None).meetings
    )
    item = make_item(make_meeting(supported.review.committee, dt.date(2024, 9, 16)))
    Document.objects.create(item=item, title="Report", file=ContentFile(b"%PDF", name="a.pdf"))
    compared = set()
    for model in apps.get_models():
        for instance in model.objects.all()[:20]:
            assert read(instance) == through_descriptors(instance)
            compared.add(model)
    assert set(CREATE_ORDER) <= compared


def test_new_imported_records_read_as_through_their_descriptors():
    item = make_item(make_meeting(make_supported_review().review.committee, dt.date(2024, 9, 1)))
    records = [
        new_record(AgendaItem, meeting=item.meeting, number="2", title="T", exempt_paragraphs=[3]),
        new_record(Document, item=item, title="Report", published_at=item.meeting.starts_at),
        Document(item=item, title="Report", file="documents/a.pdf"),
        Document(item=item, title="Report", file=None),  # read as "", through the descriptor
    ]
    for record in records:
        assert read(record) == through_descriptors(record)


def test_a_deferred_field_is_read_from_the_database():
    item = make_item(make_meeting(make_supported_review().review.committee, dt.date(2024, 9, 1)))
    deferred = AgendaItem.objects.only("id").get(pk=item.pk)
    assert read(deferred) == through_descriptors(AgendaItem.objects.get(pk=item.pk))


def test_a_file_is_read_through_its_descriptor():
    names, _, described = _audited(Document)
    assert "file" in names and described == ("file",)
