"""Insert an import's new rows quickly: ``insert_records`` and ``insert_rows``.

A ModernGov import of a thousand meetings writes about a quarter of a million rows.
Django's ``bulk_create`` spends most of its time compiling each value of each row
through the SQL compiler, so an import at that size took minutes. These helpers do
what ``bulk_create`` does for our plain models, in far fewer steps: fill the
automatic timestamps, copy each parent's new id into the child's foreign key, prepare
each value the way its field would (strings, numbers, booleans and ids pass through
as they are; JSON is encoded as the field would encode it; dates and files go through
the field), and send them in one go: PostgreSQL's COPY (the new records' ids taken from
the table's sequence first), or on SQLite one ``INSERT … RETURNING id`` per batch,
straight to the driver (Django's cursor rewrites every placeholder of every batch).
Like ``bulk_create`` they send no signals and skip ``save()``; the importer only uses
them for models that have neither.

``new_record`` builds the unsaved instances themselves (a hundred for each meeting a
ModernGov import brings) as ``Model(**values)`` does, without Django's general path.
"""

import json
import operator
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from functools import cache
from json.encoder import c_make_encoder, encode_basestring_ascii

from django.db import DEFAULT_DB_ALIAS, connections, models, router
from django.db.models.base import ModelState
from django.db.models.fields import return_None
from django.db.models.signals import post_init, pre_init
from django.utils import timezone

# Fields whose database value is the Python value itself when it has these exact types.
PLAIN_FIELDS = (
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.BooleanField,
    models.ForeignKey,
)
PLAIN_TYPES = frozenset({str, int, bool, type(None)})
# Values a JSONField without an encoder of its own stores as ``json.dumps`` makes them
# (None is SQL NULL, as the field has it).
JSON_TYPES = frozenset({dict, list, str, int, float, bool})
MAX_PARAMETERS = 30_000  # under SQLite's limit (32,766)


@cache
def _blank(model: type[models.Model]) -> tuple:
    """How ``model(**values)`` fills each column when given no value: the columns whose
    default is a constant (None, "" for text, or a value the field was given), with it;
    the others, each with the field's default to call for every new record; the foreign
    keys a related instance may be given for, by name; and every name ``new_record``
    takes a value for."""
    constant, called = {}, []
    for field in model._meta.concrete_fields:
        default = field._get_default
        if default is return_None:
            constant[field.attname] = None
        elif default is str:
            constant[field.attname] = ""
        elif field.has_default() and not callable(field.default):
            # What the field's own default gives each time: that one object.
            constant[field.attname] = field.default
        else:
            called.append((field.attname, default))
    related = {
        field.name: (field.attname, field.remote_field.model._meta.concrete_model)
        for field in model._meta.concrete_fields
        if field.is_relation and field.many_to_one and field.target_field.primary_key
    }
    accepted = frozenset(field.attname for field in model._meta.concrete_fields) | set(related)
    return constant, tuple(called), related, accepted


def new_record(model: type[models.Model], **values) -> models.Model:
    """An unsaved ``model`` holding ``values`` (field names or attnames; a related
    instance by its field's name), exactly as ``model(**values)`` makes it: the same
    attributes, cached parents and database alias, and the same signals when anything
    listens to them. Where that cannot be promised (database routers, a name that is not
    a plain column) it is ``model(**values)``."""
    constant, called, related, accepted = _blank(model)
    if (
        router.routers
        or (pre_init.receivers and pre_init.has_listeners(model))
        or not values.keys() <= accepted
    ):
        return model(**values)
    record = model.__new__(model)
    record._state = state = ModelState()
    state.fields_cache = cached = {}  # as the state makes it when first asked
    data = record.__dict__
    data.update(constant)
    for attname, default in called:
        data[attname] = default()
    for name, value in values.items():
        relation = related.get(name)
        if relation is None:
            data[name] = value
            continue
        attname, parent_model = relation
        if value is not None:
            if not isinstance(value, parent_model):
                return model(**values)  # let Django refuse it, in its words
            # As the relation's descriptor does with no routers: both on one database.
            if state.db is None:
                state.db = value._state.db or DEFAULT_DB_ALIAS
            if value._state.db is None:
                value._state.db = state.db
            if value._state.db != state.db:
                return model(**values)
            data[attname] = value.pk
        else:
            data[attname] = None
        cached[name] = value
    if post_init.receivers and post_init.has_listeners(model):
        post_init.send(sender=model, instance=record)
    return record


def _is_plain(field: models.Field) -> bool:
    return isinstance(field, PLAIN_FIELDS) and not isinstance(field, models.JSONField)


def _is_json(field: models.Field) -> bool:
    """A JSONField whose value for the database is ``json.dumps(value)``, on every
    database we run on (PostgreSQL reads the text into jsonb as it copies it in)."""
    return isinstance(field, models.JSONField) and field.encoder is None


def _json(value):
    """``value`` as a JSON field without an encoder stores it."""
    if value is None:
        return None
    return _dumps(value)


def _json_dumps() -> Callable[[object], str]:
    """``json.dumps`` with its defaults, quicker: it makes a new C encoder for every
    value (an import encodes two hundred a meeting), this one is made once. It skips
    the check for cycles, so a value it cannot encode goes to ``json.dumps`` to be
    refused in its words."""
    if c_make_encoder is None:
        return json.dumps
    defaults = json.JSONEncoder()
    encoder = c_make_encoder(
        None,  # no cycle check
        defaults.default,
        encode_basestring_ascii,
        defaults.indent,
        defaults.key_separator,
        defaults.item_separator,
        defaults.sort_keys,
        defaults.skipkeys,
        defaults.allow_nan,
    )

    def dumps(value) -> str:
        try:
            return "".join(encoder(value, 0))
        except Exception:  # refused by json.dumps, in its words
            return json.dumps(value)

    return dumps


_dumps = _json_dumps()


@dataclass(frozen=True)
class _Columns:
    """How ``_row`` makes each column's value, worked out once per model: the fields in
    order; a function reading all their values from an instance's ``__dict__`` at once;
    and the columns' indexes by how each is prepared:

    - ``auto``: the automatic timestamps, given the moment of writing;
    - ``plain``: a string, number, boolean or id, as it is when of a plain type (with
      whether the column is text, which takes any string as it is, a choice's enum
      member too, as the field's own preparing does);
    - ``dated``: a date or time that is not automatic, whose value for the database
      depends on nothing but the value itself;
    - ``encoded``: JSON (``_is_json``);
    - ``other``: through the field's general path."""

    fields: tuple
    read: Callable
    auto: tuple
    plain: tuple
    dated: tuple
    encoded: tuple
    other: tuple


@cache
def _columns(model: type[models.Model]) -> _Columns:
    fields = tuple(field for field in model._meta.concrete_fields if not field.primary_key)
    kinds: dict[str, list] = {kind: [] for kind in ("auto", "plain", "dated", "encoded", "other")}
    for index, field in enumerate(fields):
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            kinds["auto"].append((index, field.attname))
        elif _is_plain(field):
            kinds["plain"].append((index, isinstance(field, models.CharField | models.TextField)))
        elif isinstance(field, models.DateField):
            kinds["dated"].append(index)
        elif _is_json(field):
            kinds["encoded"].append(index)
        else:
            kinds["other"].append(index)
    names = [field.attname for field in fields]
    read = operator.itemgetter(*names) if len(names) > 1 else lambda data: (data[names[0]],)
    return _Columns(fields, read, **{kind: tuple(found) for kind, found in kinds.items()})


@cache
def _parents(model: type[models.Model]) -> tuple:
    """(name, attname) of each foreign key, to copy a parent's new id into the child."""
    return tuple(
        (field.name, field.attname)
        for field in model._meta.concrete_fields
        if field.is_relation and field.many_to_one
    )


def _row(record: models.Model, columns: _Columns, parents: tuple, now, now_value, conn, last):
    """The values of one record's row. ``last`` holds, for each column, the last date
    prepared and what it became: an import gives many records the same moment (one
    object), prepared once."""
    cache, data = record._state.fields_cache, record.__dict__
    for name, attname in parents:
        parent = cache.get(name)
        if parent is not None and data.get(attname) is None:
            if parent.pk is None:
                raise ValueError(f"{record!r}: its {name} has not been written yet")
            # Straight into the instance, as Django's own save does, so the cached
            # parent stays attached and reading it later costs no query.
            data[attname] = parent.pk
    for _, attname in columns.auto:
        data[attname] = now
    # All the values in one go (a hundred records a meeting); a deferred field is not in
    # the instance's dict, and its attribute fetches it.
    try:
        values = list(columns.read(data))
    except KeyError:
        values = [getattr(record, field.attname) for field in columns.fields]
    for index, _ in columns.auto:
        values[index] = now_value
    for index, textual in columns.plain:
        value = values[index]
        if type(value) not in PLAIN_TYPES and not (textual and isinstance(value, str)):
            values[index] = _prepared_value(record, columns.fields[index], conn)
    for index in columns.dated:
        value = values[index]
        if last[index][0] is not value:
            last[index] = (value, columns.fields[index].get_db_prep_save(value, conn))
        values[index] = last[index][1]
    for index in columns.encoded:
        value = values[index]
        if value is None or type(value) in JSON_TYPES:
            values[index] = _json(value)
        else:
            values[index] = _prepared_value(record, columns.fields[index], conn)
    for index in columns.other:
        values[index] = _prepared_value(record, columns.fields[index], conn)
    return values


def _prepared_value(record: models.Model, field: models.Field, conn):
    """A value as the field prepares it for the database when saving ``record``."""
    return field.get_db_prep_save(field.pre_save(record, True), conn)


def insert_records(model: type[models.Model], records: Sequence[models.Model]) -> None:
    """Insert unsaved ``records`` of ``model`` and give each its new id, as ``bulk_create``."""
    if not records:
        return
    columns, parents = _columns(model), _parents(model)
    conn = connections[DEFAULT_DB_ALIAS]
    now = timezone.now()
    now_value = models.DateTimeField().get_db_prep_save(now, conn)
    last: list[tuple] = [(object(), None)] * len(columns.fields)
    rows = [_row(record, columns, parents, now, now_value, conn, last) for record in records]
    ids = _insert(conn, model, list(columns.fields), rows, returning=True)
    pk = model._meta.pk.attname
    for record, new_id in zip(records, ids, strict=True):
        setattr(record, pk, new_id)
        record._state.adding = False
        record._state.db = conn.alias


def insert_rows(model: type[models.Model], names: Sequence[str], rows: Iterable[Sequence]):
    """Insert rows of values for the named fields without making model instances, for
    append-only records nothing reads back during the import (audit events)."""
    conn = connections[DEFAULT_DB_ALIAS]
    fields = [model._meta.get_field(name) for name in names]
    rows = list(rows)
    if not rows:
        return
    by_column = zip(fields, zip(*rows, strict=True), strict=True)
    columns = [_prepared(field, column, conn) for field, column in by_column]
    _insert(conn, model, fields, list(zip(*columns, strict=True)), returning=False)


def _prepared(field: models.Field, column: Sequence, conn) -> Sequence:
    """One column's values as its field prepares them for the database. A plain field's
    column of plain values is kept as it is; otherwise each value is prepared, the last
    one prepared kept because rows often repeat one (the time)."""
    plain = _is_plain(field)
    if plain and all(type(value) in PLAIN_TYPES for value in column):
        return column
    if _is_json(field) and all(value is None or type(value) in JSON_TYPES for value in column):
        return [_json(value) for value in column]
    prepared, last, last_value = [], object(), None
    for value in column:
        if plain and type(value) in PLAIN_TYPES:
            prepared.append(value)
            continue
        if value is not last:
            last, last_value = value, field.get_db_prep_save(value, conn)
        prepared.append(last_value)
    return prepared


def _parameter_limit(conn) -> int:
    """How many values one statement may carry on this connection."""
    if conn.vendor != "sqlite":
        return MAX_PARAMETERS
    conn.ensure_connection()
    limit = conn.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    return min(MAX_PARAMETERS, limit)


def _insert(conn, model, fields: list[models.Field], rows: list, *, returning: bool) -> list:
    """Send the rows: PostgreSQL copies them in (``_copy``); SQLite gets them in batches,
    each a VALUES list within its parameter limit."""
    if not rows:
        return []
    if conn.vendor == "postgresql":
        return _copy(conn, model, fields, rows, returning=returning)
    quote = conn.ops.quote_name
    table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
    # Only quoted table and column names from the models go into the statement's text;
    # every value is a parameter.
    head = f"INSERT INTO {table} ({', '.join(quote(f.column) for f in fields)}) VALUES "  # noqa: S608
    tail = f" RETURNING {pk}" if returning else ""
    batch = max(1, _parameter_limit(conn) // max(1, len(fields)))
    # Logged queries go through Django's cursor, which logs them; otherwise the driver's
    # own placeholders go straight to it.
    mark = "%s" if conn.queries_logged else "?"
    one = "(" + ", ".join([mark] * len(fields)) + ")"
    ids: list = []
    with _sqlite_cursor(conn) as cursor:
        for start in range(0, len(rows), batch):
            chunk = rows[start : start + batch]
            params = [value for row in chunk for value in row]
            cursor.execute(head + ", ".join([one] * len(chunk)) + tail, params)
            if returning:
                ids += [row[0] for row in cursor.fetchall()]
    return ids


@contextmanager
def _sqlite_cursor(conn):
    """Django's cursor when queries are logged, else the driver's, its errors raised as
    Django's (as through Django's cursor)."""
    if conn.queries_logged:
        with conn.cursor() as cursor:
            yield cursor
        return
    conn.ensure_connection()
    raw = conn.connection.cursor()
    try:
        with conn.wrap_database_errors:
            yield raw
    finally:
        raw.close()


def _copy(conn, model, fields: list[models.Field], rows: list, *, returning: bool) -> list:
    """PostgreSQL's COPY, the quickest way in for many rows. Rows that need their ids
    first take that many from the table's own sequence, in order, and are copied in
    with them. The rows go in binary when every value takes its column's binary form
    (``_binary_rows``), else as text, each value as psycopg adapts it (the same as for
    a statement's parameter). Logged like a statement when queries are logged."""
    quote = conn.ops.quote_name
    table, pk = quote(model._meta.db_table), model._meta.pk.column
    columns = [field.column for field in fields]
    ids: list = []
    if returning:
        ids = _next_ids(conn, model._meta.db_table, pk, len(rows))
        columns = [pk, *columns]
        fields = [model._meta.pk, *fields]
        rows = [(new_id, *row) for new_id, row in zip(ids, rows, strict=True)]
    # Only quoted table and column names from the models go into the statement's text.
    sql = f"COPY {table} ({', '.join(quote(c) for c in columns)}) FROM STDIN"
    conn.ensure_connection()
    raw = conn.connection.cursor()
    try:
        binary = _binary_rows(raw, conn, fields, rows)
        if binary is not None:
            sql += " (FORMAT BINARY)"
        logged = conn.make_debug_cursor(raw) if conn.queries_logged else None
        with (
            logged.debug_sql(sql) if logged is not None else nullcontext(),
            raw.copy(sql) as copy,
        ):
            if binary is not None:
                copy.write(binary)
            else:
                for row in rows:
                    copy.write_row(row)
    finally:
        raw.close()
    return ids


# PostgreSQL's name for each column type (as Django declares it, less any length) whose
# binary form psycopg writes for us; a table with any other type is copied as text.
BINARY_TYPES = {
    "integer": "int4",
    "bigint": "int8",
    "smallint": "int2",
    "boolean": "bool",
    "varchar": "varchar",
    "text": "text",
    "date": "date",
    "timestamp with time zone": "timestamptz",
    "jsonb": "jsonb",
}


def _binary_rows(cursor, conn, fields: list[models.Field], rows: list) -> bytearray | None:
    """The rows in COPY's binary format, or None when a column's type or a value does
    not fit it (an int for a text column, a JSON value not yet encoded, a naive time):
    those rows go as text, where the server reads each value as it would a parameter.
    Binary costs a third of the time to write and less for the server to read."""
    from psycopg import postgres, pq
    from psycopg._copy_base import _binary_signature, _binary_trailer, format_row_binary
    from psycopg.adapt import Transformer

    names = [BINARY_TYPES.get((field.db_type(conn) or "").split("(")[0]) for field in fields]
    if None in names or not all(_fits(name, rows, index) for index, name in enumerate(names)):
        return None
    cursor.adapters.register_dumper(None, _jsonb_dumper())  # this cursor only
    transformer = Transformer(cursor)
    transformer.set_dumper_types([postgres.types[name].oid for name in names], pq.Format.BINARY)
    data = bytearray(_binary_signature)
    try:
        for row in rows:
            format_row_binary(row, transformer, data)
    except Exception:  # a value that does not fit its column's binary form
        return None
    data += _binary_trailer
    return data


# Binary forms psycopg writes for any number (cut to fit) or truth value; as text, the
# server would refuse what does not fit. Each is (the type wanted, its range).
LENIENT = {
    "int2": (int, -(2**15), 2**15),
    "int4": (int, -(2**31), 2**31),
    "int8": (int, -(2**63), 2**63),
    "bool": (bool, False, 2),
}


def _fits(name: str, rows: list, index: int) -> bool:
    """Whether a column's values all take its binary form exactly as the server would
    take them as text: only for numbers and truth values, of their exact type and range."""
    if name not in LENIENT:
        return True
    wanted, low, high = LENIENT[name]
    values = [row[index] for row in rows if row[index] is not None]  # (a set: 1 == True)
    if not values:
        return True
    return set(map(type, values)) == {wanted} and low <= min(values) and max(values) < high


@cache
def _jsonb_dumper():
    """jsonb's binary form of JSON text already encoded (``_json``): a version byte, then
    the text. Anything but text is refused, and its rows go as text."""
    from psycopg import postgres, pq
    from psycopg.adapt import Dumper

    class EncodedJsonbDumper(Dumper):
        format = pq.Format.BINARY
        oid = postgres.types["jsonb"].oid

        def dump(self, obj) -> bytes:
            if type(obj) is not str:
                raise TypeError("JSON not encoded yet")
            return b"\x01" + obj.encode()

    return EncodedJsonbDumper


def _next_ids(conn, table: str, pk: str, count: int) -> list[int]:
    """``count`` new ids from the sequence behind the table's primary key, in order. The
    sequence is looked up once (a subquery), not again for every id."""
    with conn.cursor() as cursor:
        cursor.execute(
            "SELECT nextval((SELECT pg_get_serial_sequence(%s, %s)::regclass))"
            " FROM generate_series(1, %s)",
            [table, pk, count],
        )
        return [row[0] for row in cursor.fetchall()]
