"""Recording changes in the audit log, and refusing edits made from a stale copy."""

import datetime
import decimal
import functools
import inspect
import operator
from collections.abc import Callable
from typing import Any, TypeVar

from django.db import models
from django.db.models.query_utils import DeferredAttribute

from scrutiny.core.errors import StaleEdit
from scrutiny.core.models import AuditEvent, Versioned

M = TypeVar("M", bound=models.Model)


# The exact types ``_plain`` converts, looked up at once before its general checks.
_CONVERTED = {
    datetime.datetime: datetime.datetime.isoformat,
    datetime.date: datetime.date.isoformat,
    datetime.time: datetime.time.isoformat,
    decimal.Decimal: str,
    models.fields.files.FieldFile: lambda file: file.name or "",
}


def _plain(value: Any) -> Any:
    convert = _CONVERTED.get(type(value))
    if convert is not None:
        return convert(value)
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or ""
    return value


# Values that are JSON-ready as they are.
_AS_THEY_ARE = frozenset({str, int, bool, float, type(None)})


@functools.cache
def _audited(model: type[models.Model]) -> tuple[tuple[str, ...], Callable, tuple[str, ...]]:
    """The attnames ``field_values`` records for ``model``, in its fields' order; a
    function reading all their values from an instance's ``__dict__`` at once; and the
    attnames whose attribute is not the stored value itself (a file's descriptor makes a
    ``FieldFile`` of it), to read through their descriptor."""
    names = tuple(
        field.attname
        for field in model._meta.concrete_fields
        if field.name not in {"created_at", "updated_at"}
    )
    read = operator.itemgetter(*names) if len(names) > 1 else lambda data: (data[names[0]],)
    described = tuple(name for name in names if not _reads_stored_value(model, name))
    return names, read, described


def _reads_stored_value(model: type[models.Model], attname: str) -> bool:
    descriptor = inspect.getattr_static(model, attname, None)
    return type(descriptor).__get__ is DeferredAttribute.__get__


def field_values(instance: models.Model) -> dict[str, Any]:
    """The instance's concrete field values as JSON-ready data (foreign keys as ids)."""
    names, read, described = _audited(type(instance))
    # Read from the instance's dict in one go (an import reads a hundred records a
    # meeting); a deferred field is missing there, and its descriptor fetches it.
    try:
        stored = read(instance.__dict__)
    except KeyError:
        stored = [getattr(instance, name) for name in names]
    values = {}
    # A plain loop, and zip without its check (both lists come from ``names``): quicker.
    for name, value in zip(names, stored, strict=False):
        # A choice's enum member is a str, and stays as it is (as _plain would keep it).
        as_it_is = type(value) in _AS_THEY_ARE or isinstance(value, str)
        values[name] = value if as_it_is else _plain(value)
    for name in described:
        values[name] = _plain(getattr(instance, name))
    return values


# The columns ``event_values`` gives, in its order; ``at`` is the moment of writing.
EVENT_COLUMNS = ("actor_id", "action", "object_type", "object_id", "object_repr", "before", "after")


def event_values(
    *,
    actor,
    action: str,
    instance: models.Model,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> tuple:
    """What one event records, in ``EVENT_COLUMNS`` order: ``audit_record`` writes it,
    an import writes many at once (``imports.writers``). `after` defaults to the
    instance's current values; only the fields that changed are kept when both sides are
    given, so the log reads as a diff (a deletion, `after={}`, keeps every field it had)."""
    if after is None:
        after = field_values(instance)
    if before is not None:
        # A deletion (after={}) keeps everything the record held.
        changed = {k for k in after.keys() | before.keys() if before.get(k) != after.get(k)}
        before = {k: before[k] for k in sorted(changed) if k in before}
        after = {k: after[k] for k in sorted(changed) if k in after}
    return (
        actor.pk if actor is not None and actor.is_authenticated else None,
        action,
        instance._meta.label_lower,
        str(instance.pk),
        str(instance)[:300],
        before,
        after,
    )


def audit_record(
    *,
    actor,
    action: str,
    instance: models.Model,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event (``event_values`` says what it holds)."""
    values = event_values(actor=actor, action=action, instance=instance, before=before, after=after)
    return AuditEvent.objects.create(**dict(zip(EVENT_COLUMNS, values, strict=True)))


def lock_for_edit(instance: M, *, expected_version: int | None, what: str) -> M:
    """Re-read the row under a lock and refuse the edit when its version moved on.

    `expected_version=None` means the caller is not an editor working from a copy
    (a command, an import), so there is nothing to be stale against."""
    fresh = type(instance).objects.select_for_update().get(pk=instance.pk)
    if not isinstance(fresh, Versioned) or expected_version in (None, fresh.version):
        return fresh
    last = (
        AuditEvent.objects.filter(object_type=fresh._meta.label_lower, object_id=str(fresh.pk))
        .select_related("actor")
        .first()
    )
    changed_by = "someone else"
    if last is not None and last.actor is not None:
        changed_by = last.actor.get_full_name() or last.actor.get_username()
    raise StaleEdit(
        what=what,
        expected=expected_version,
        current=fresh.version,
        changed_by=changed_by,
        changed_at=last.at if last else None,
    )


def save_new_version(instance: Versioned, *, update_fields: list[str] | None = None) -> None:
    instance.version += 1
    if update_fields is not None:
        update_fields = [*update_fields, "version", "updated_at"]
    instance.save(update_fields=update_fields)


def edit_fields(
    instance: Versioned,
    *,
    actor,
    expected_version: int | None,
    changes: dict[str, Any],
    allowed: set[str],
    what: str,
) -> Versioned:
    """The common shape of a plain edit: only the allowed fields, from a current copy,
    saved as a new version and logged as a diff."""
    from scrutiny.core.errors import Refused

    for name in changes:
        if name not in allowed:
            raise Refused(name, f"The {what}'s {name.replace('_', ' ')} cannot be changed here.")
    fresh = lock_for_edit(instance, expected_version=expected_version, what=what)
    before = field_values(fresh)
    for name, value in changes.items():
        setattr(fresh, name, value)
    save_new_version(fresh)
    action = f"{fresh._meta.model_name}.update"
    audit_record(actor=actor, action=action, instance=fresh, before=before)
    return fresh
