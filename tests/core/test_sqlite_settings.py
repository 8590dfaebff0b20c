"""The embedded default, SQLite, as the web process and the worker use it together: WAL,
a write lock taken when a transaction begins, and a wait for it rather than a failure."""

import sqlite3
import subprocess

from tests.subprocesses import PYTHON, ROOT, django_env

WRITES = 200


def writers(tmp_path, count: int) -> list[tuple[subprocess.Popen, str]]:
    """`count` writer processes on one new database, each with the journal mode its
    connection reported. Each starts once the one before has connected: the first turns
    the new file to WAL, which takes a lock no wait is allowed for (a live site's database
    is made by `migrate` before the site and the worker start). They write once all are
    connected, at once."""
    env = django_env(f"sqlite:///{tmp_path / 'shared.sqlite3'}", tmp_path)
    started = []
    for _ in range(count):
        process = subprocess.Popen(
            [PYTHON, "-m", "tests.core.sqlite_writer", str(WRITES)],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        started.append((process, process.stdout.readline().strip()))
    for process, _ in started:
        process.stdin.write("go\n")
        process.stdin.flush()
    return started


def test_two_processes_reading_then_writing_at_once_neither_fails_nor_loses_a_write(tmp_path):
    started = writers(tmp_path, 2)
    for process, journal_mode in started:
        _, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        assert journal_mode == "wal"
    with sqlite3.connect(tmp_path / "shared.sqlite3") as database:
        rows = database.execute("SELECT count(*), max(n) FROM counter").fetchone()
    # Each transaction read the largest number and wrote the next: none was lost or
    # written twice, so the two processes' transactions ran one after another.
    assert rows == (2 * WRITES, 2 * WRITES)
