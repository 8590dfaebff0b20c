"""Versions of the public record: what cached public pages are keyed on.

A scope names a part of what the public sees:

- ``record``: anything in the committee record or the reviews (every write there bumps it);
- ``committee:<id>`` and ``review:<id>``: finer scopes, bumped as well where a write
  knows them from the record in hand without a query;
- ``people``: people's names and titles, and directorates;
- ``vocabulary``: the status vocabulary (labels, colours, what each status means).

Writes bump their scopes once their transaction commits (``transaction.on_commit``),
each scope once per transaction however many records it wrote, so a rolled-back write
bumps nothing and a long import holds no lock on the versions while it runs. Records
saved or deleted one at a time are tracked by signals (each domain app calls ``track``
for its models in ``AppConfig.ready``); code that writes past ``save()`` and
``delete()`` (``QuerySet.update``, ``bulk_create``, raw SQL) calls ``bump`` itself.

This module knows no domain model: the apps tell it how to find a record's scopes.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from scrutiny.core import version_listener
from scrutiny.core.models import RecordVersion

RECORD = "record"
PEOPLE = "people"
VOCABULARY = "vocabulary"

ScopesOf = Callable[[models.Model], Iterable[str]]
_scopes_of: dict[type[models.Model], ScopesOf] = {}
_PENDING_ATTRIBUTE = "_scrutiny_record_versions_pending"


def committee(pk) -> str:
    return f"committee:{pk}"


def review(pk) -> str:
    return f"review:{pk}"


def in_record(instance: models.Model) -> tuple[str, ...]:
    return (RECORD,)


def track(model: type[models.Model], scopes: ScopesOf = in_record) -> None:
    """Bump ``scopes(instance)`` whenever a ``model`` is saved or deleted, or one of its
    many-to-many relations changes. ``scopes`` must not query the database: it reads the
    instance's own fields and the related records already loaded on it."""
    _scopes_of[model] = scopes
    uid = f"record_versions:{model._meta.label_lower}"
    post_save.connect(_written, sender=model, dispatch_uid=f"{uid}:save")
    post_delete.connect(_written, sender=model, dispatch_uid=f"{uid}:delete")
    for field in model._meta.local_many_to_many:
        through = field.remote_field.through
        m2m_changed.connect(_relation_changed, sender=through, dispatch_uid=f"{uid}:{field.name}")


def tracked_models() -> frozenset[type[models.Model]]:
    return frozenset(_scopes_of)


def scopes_for(instance: models.Model) -> set[str]:
    scopes_of = _scopes_of.get(type(instance))
    return set(scopes_of(instance)) if scopes_of else {RECORD}


def _written(sender, instance, **kwargs) -> None:
    bump(*scopes_for(instance))


def _relation_changed(sender, instance, action, **kwargs) -> None:
    if action in {"post_add", "post_remove", "post_clear"}:
        bump(*scopes_for(instance))


def loaded(instance: models.Model, *path: str):
    """Follow already-loaded relations (``loaded(item, "meeting")``); None where one is
    not loaded, so a scope function never costs a query."""
    for name in path:
        if instance is None:
            return None
        instance = instance._state.fields_cache.get(name)
    return instance


class _Pending:
    """The scopes one transaction has written, bumped together when it commits."""

    def __init__(self) -> None:
        self.scopes: set[str] = set()
        self.flushed = False

    def __call__(self) -> None:
        self.flushed = True
        _write(self.scopes)


def bump(*scopes: str) -> None:
    """Bump these scopes when the current transaction commits (at once outside one)."""
    wanted = {scope for scope in scopes if scope}
    if not wanted:
        return
    connection = connections[DEFAULT_DB_ALIAS]
    if not connection.in_atomic_block:
        _write(wanted)
        return
    pending = getattr(connection, _PENDING_ATTRIBUTE, None)
    if pending is None or pending.flushed or not _registered(connection, pending):
        # The first write of this transaction, or the savepoint that registered the last
        # one was rolled back (taking that callback, and only its own writes, with it).
        pending = _Pending()
        setattr(connection, _PENDING_ATTRIBUTE, pending)
        transaction.on_commit(pending, robust=True)
    pending.scopes |= wanted


def _registered(connection, pending: _Pending) -> bool:
    return any(entry[1] is pending for entry in connection.run_on_commit)


def _write(scopes: set[str]) -> None:
    """One statement: each scope's version goes up by one (from nothing to 1 for a scope
    never bumped before). Sorted, so two writers lock the rows in the same order."""
    if not scopes:
        return
    connection = connections[DEFAULT_DB_ALIAS]
    now = RecordVersion._meta.get_field("changed_at").get_db_prep_value(timezone.now(), connection)
    quote = connection.ops.quote_name
    table = quote(RecordVersion._meta.db_table)
    rows = ", ".join(["(%s, 1, %s)"] * len(scopes))
    # Only the model's own table name goes into the text; every value is a parameter.
    sql = (
        f"INSERT INTO {table} (scope, version, changed_at) VALUES {rows} "  # noqa: S608
        f"ON CONFLICT (scope) DO UPDATE SET version = {table}.version + 1, "
        "changed_at = excluded.changed_at"
    )
    params = [value for scope in sorted(scopes) for value in (scope, now)]
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
        return
    # Every process's listener hears of the bump when it commits (PostgreSQL sends one
    # notification per transaction for the same channel and payload), and this process
    # sees the new numbers at once.
    sql += f" RETURNING scope, version, changed_at, pg_notify('{version_listener.CHANNEL}', '')"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    version_listener.note_written(
        (scope, version, changed_at) for scope, version, changed_at, _ in rows
    )


@dataclass(frozen=True)
class Versions:
    """The versions of some scopes as read at one moment (0 for a scope never bumped),
    and when each last changed (absent for one never bumped)."""

    numbers: dict[str, int]
    changed: dict[str, datetime.datetime]

    def __getitem__(self, scope: str) -> int:
        return self.numbers[scope]

    def state(self, scope: str) -> tuple[int, str]:
        """The version and when it was bumped: what identifies the scope's content."""
        changed = self.changed.get(scope)
        return self.numbers[scope], changed.isoformat() if changed else ""


def read(scopes: Iterable[str]) -> Versions:
    """The scopes' versions in one query on the primary key. Written as SQL because a
    cache hit costs little more than this query, and the ORM would take longer to build
    it than the database takes to answer. On PostgreSQL, while this process's listener is
    healthy, no query at all: its copy of the versions (``version_listener``)."""
    wanted = sorted(set(scopes))
    numbers = dict.fromkeys(wanted, 0)
    changed = {}
    if not wanted:
        return Versions(numbers=numbers, changed=changed)
    snapshot = version_listener.snapshot()
    if snapshot is not None:
        for scope in wanted:
            if scope in snapshot:
                numbers[scope], changed[scope] = snapshot[scope]
        return Versions(numbers=numbers, changed=changed)
    connection = connections[DEFAULT_DB_ALIAS]
    table = connection.ops.quote_name(RecordVersion._meta.db_table)
    placeholders = ", ".join(["%s"] * len(wanted))
    sql = f"SELECT scope, version, changed_at FROM {table} WHERE scope IN ({placeholders})"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, wanted)
        rows = cursor.fetchall()
    for scope, version, changed_at in rows:
        numbers[scope] = version
        changed[scope] = _aware(changed_at)
    return Versions(numbers=numbers, changed=changed)


def _aware(value) -> datetime.datetime:
    """A stored moment as an aware datetime (SQLite hands back naive UTC, or text)."""
    if isinstance(value, str):
        value = parse_datetime(value)
    if timezone.is_naive(value):
        value = value.replace(tzinfo=datetime.UTC)
    return value
