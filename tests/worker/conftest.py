"""Worlds for real worker processes: one database migrated per test session (on the
tests' PostgreSQL server when they run on PostgreSQL, else an SQLite file), copied for
each test."""

from collections.abc import Iterator

import pytest

from tests.subprocesses import scratch_database
from tests.worker.world import World

# Quick enough to watch: a heartbeat every second, SQLite giving up on a lock after one.
FAST = {"SCRUTINY_WORKER_HEARTBEAT_SECONDS": "1", "SCRUTINY_SQLITE_TIMEOUT_SECONDS": "1"}


@pytest.fixture(scope="session")
def migrated_database(tmp_path_factory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("migrated")
    with scratch_database(folder) as url:
        World.on(url, folder).run("manage.py", "migrate", "--noinput", "-v0", timeout=300)
        yield url


@pytest.fixture
def world(migrated_database, tmp_path) -> Iterator[World]:
    with scratch_database(tmp_path, template=migrated_database) as url:
        world = World.on(url, tmp_path, **FAST)
        try:
            yield world
        finally:
            world.stop_all()
