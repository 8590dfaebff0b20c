"""Each process's copy of the record's versions, kept current by PostgreSQL notifications.

A cache hit reads the versions before anything else, and on PostgreSQL that one query's
round trip is a large part of what a hit costs. The versions table is small (a row per
scope), so on PostgreSQL each process keeps all of it in memory: a daemon thread, started
by the first read in the process (so after a server forks its workers), holds its own
connection, ``LISTEN``s on ``CHANNEL`` and reloads the whole table whenever a bump is
notified (``record_versions._write`` notifies in the same statement) and every
``RELOAD_SECONDS`` regardless. The writing process also merges what it wrote at once, so
within one process a write is seen by the very next read.

Readers use the copy only while the listener is healthy: connected, listening and
reloaded within ``STALE_SECONDS``. Otherwise ``snapshot()`` answers None and the caller
reads the database as it would without a listener. Any error closes the listener's
connection and it tries again after a growing pause; no error reaches a request.

Set ``SCRUTINY_VERSION_LISTENER = False`` to turn it off (the test settings do).
"""

from __future__ import annotations

import datetime
import logging
import os
import threading
import time
from collections.abc import Iterable

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

from scrutiny.core.models import RecordVersion

logger = logging.getLogger(__name__)

CHANNEL = "scrutiny_record_versions"
RELOAD_SECONDS = 2.0  # reload regardless this often: a safety net for a lost notification
STALE_SECONDS = 5.0  # a copy not reloaded for this long is not trusted
WAIT_SLICE_SECONDS = 0.5  # how often the thread looks up from waiting (to stop promptly)
BACKOFF_SECONDS = (0.5, 1.0, 2.0, 5.0, 10.0)

# scope -> (version, changed_at)
Snapshot = dict[str, tuple[int, datetime.datetime]]


def enabled() -> bool:
    if not getattr(settings, "SCRUTINY_VERSION_LISTENER", True):
        return False
    return connections[DEFAULT_DB_ALIAS].vendor == "postgresql"


class _Listener:
    def __init__(self) -> None:
        self.pid = os.getpid()
        self.snapshot: Snapshot | None = None
        self.connected = False
        self.reloaded_at = 0.0  # time.monotonic() of the last successful reload
        self.failures = 0
        self.backend_pid: int | None = None  # the listener's server process, while connected
        self._lock = threading.Lock()
        self._stop = threading.Event()
        # What this process wrote and no reload has been sure to see yet:
        # scope -> (sequence number of the write, version, changed_at).
        self._written: dict[str, tuple[int, int, datetime.datetime]] = {}
        self._sequence = 0
        self._thread = threading.Thread(
            target=self._run, name="record-versions-listener", daemon=True
        )

    def start(self) -> None:
        self._thread.start()

    def stop(self, wait: float = 5.0) -> None:
        self._stop.set()
        self._thread.join(wait)

    def healthy(self) -> bool:
        return (
            self.connected
            and self.snapshot is not None
            and time.monotonic() - self.reloaded_at < STALE_SECONDS
        )

    def note_written(self, rows: Iterable[tuple[str, int, datetime.datetime]]) -> None:
        """Merge versions this process has just committed, so its next read sees them."""
        with self._lock:
            self._sequence += 1
            current = dict(self.snapshot or {})
            for scope, version, changed_at in rows:
                changed_at = _utc(changed_at)
                self._written[scope] = (self._sequence, version, changed_at)
                if version > current.get(scope, (-1, None))[0]:
                    current[scope] = (version, changed_at)
            if self.snapshot is not None:
                self.snapshot = current

    def _run(self) -> None:
        while not self._stop.is_set():
            connection = None
            try:
                connection = _connect()
                self.backend_pid = connection.info.backend_pid
                connection.execute(f"LISTEN {CHANNEL}")
                self._reload(connection)  # after LISTEN: no bump falls between the two
                self.connected = True
                self.failures = 0
                self._listen(connection)
            except Exception:
                self.failures += 1
                logger.warning(
                    "record versions listener failed; reading the database", exc_info=True
                )
            finally:
                self.connected = False
                self.backend_pid = None
                if connection is not None:
                    _close(connection)
            if not self._stop.is_set():
                pause = (
                    BACKOFF_SECONDS[min(self.failures, len(BACKOFF_SECONDS)) - 1]
                    if self.failures
                    else 0
                )
                self._stop.wait(pause)

    def _listen(self, connection) -> None:
        while not self._stop.is_set():
            notified = any(True for _ in connection.notifies(timeout=WAIT_SLICE_SECONDS))
            if notified or time.monotonic() - self.reloaded_at >= RELOAD_SECONDS:
                self._reload(connection)

    def _reload(self, connection) -> None:
        with self._lock:
            started = self._sequence
        table = RecordVersion._meta.db_table
        rows = connection.execute(f'SELECT scope, version, changed_at FROM "{table}"').fetchall()  # noqa: S608
        loaded: Snapshot = {
            scope: (version, _utc(changed_at)) for scope, version, changed_at in rows
        }
        with self._lock:
            # A write noted after this reload began may have committed after its query
            # read the table: keep it until a later reload is sure to have seen it.
            for scope, (sequence, version, changed_at) in list(self._written.items()):
                if sequence <= started:
                    del self._written[scope]
                elif version > loaded.get(scope, (-1, None))[0]:
                    loaded[scope] = (version, changed_at)
            self.snapshot = loaded
            self.reloaded_at = time.monotonic()


def _connect():
    import psycopg

    params = connections[DEFAULT_DB_ALIAS].get_connection_params()
    params.pop("cursor_factory", None)  # Django's cursors expect Django's connection
    return psycopg.connect(**params, autocommit=True)


def _close(connection) -> None:
    try:
        connection.close()
    except Exception:  # already broken; nothing more to release
        logger.debug("closing the record versions listener's connection failed", exc_info=True)


def _utc(value: datetime.datetime) -> datetime.datetime:
    # The same text in a page's key whichever connection's time zone read it.
    return value.astimezone(datetime.UTC)


_listener: _Listener | None = None
_starting = threading.Lock()


def _current() -> _Listener | None:
    """This process's listener, started at the first call (again in a forked child)."""
    global _listener
    listener = _listener
    if listener is not None and listener.pid == os.getpid():
        return listener
    if not enabled():
        return None
    with _starting:
        if _listener is None or _listener.pid != os.getpid():
            _listener = _Listener()
            _listener.start()
        return _listener


def running() -> _Listener | None:
    """This process's listener if one is running (for tests and diagnostics)."""
    listener = _listener
    return listener if listener is not None and listener.pid == os.getpid() else None


def snapshot() -> Snapshot | None:
    """Every scope's version and when it changed, or None where the database must be read."""
    listener = _current()
    if listener is None or not listener.healthy():
        return None
    return listener.snapshot


def note_written(rows: Iterable[tuple[str, int, datetime.datetime]]) -> None:
    listener = _listener
    if listener is not None and listener.pid == os.getpid():
        listener.note_written(rows)


def stop_listener() -> None:
    """Stop this process's listener and close its connection (tests; shutting down)."""
    global _listener
    with _starting:
        listener, _listener = _listener, None
    if listener is not None and listener.pid == os.getpid():
        listener.stop()
