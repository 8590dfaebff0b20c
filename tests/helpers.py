"""Assertions shared by the tests of refusals: a refused change leaves no trace."""

import contextlib

from django.apps import apps

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
