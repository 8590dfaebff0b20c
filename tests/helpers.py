"""Assertions shared by the tests of refusals (a refused change leaves no trace), and a
world built once for a whole test module."""

import contextlib
import shutil
import tempfile

from django.apps import apps
from django.db import transaction
from django.test import override_settings

from scrutiny.core.audit import field_values

PROJECT_APPS = ["core", "people", "committees", "reviews"]


def database_dump() -> dict[str, list[dict]]:
    """Every row of every project model, as plain values: small test databases only."""
    dump = {}
    for label in PROJECT_APPS:
        for model in apps.get_app_config(label).get_models():
            rows = [field_values(obj) for obj in model.objects.order_by("pk")]
            dump[model._meta.label] = rows
    return dump


@contextlib.contextmanager
def assert_database_unchanged():
    before = database_dump()
    yield
    after = database_dump()
    for label in before:
        assert before[label] == after[label], f"{label} changed by a refused operation"


@contextlib.contextmanager
def module_world(django_db_blocker, build):
    """What `build()` returns, built once for a test module (from a module-scoped fixture)
    inside one outer transaction that the module's end rolls back, so the database is left
    as the migrations made it (a flush would also empty their data); its files go to a
    folder of their own, removed at the end. Each test runs in a rolled-back savepoint
    inside that transaction."""
    media = tempfile.mkdtemp()
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
    try:
        with override_settings(MEDIA_ROOT=media), django_db_blocker.unblock():
            built = build()
        with override_settings(MEDIA_ROOT=media):
            yield built
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
        shutil.rmtree(media, ignore_errors=True)
