"""The embedded default, SQLite, as the web process and the worker use it together: WAL,
a write lock taken when a transaction begins, and a wait for it rather than a failure."""

import sqlite3
import subprocess

from tests.subprocesses import PYTHON, ROOT, django_env

WRITES = 200


def writers(tmp_path, count: int) -> list[subprocess.Popen]:
    env = django_env(f"sqlite:///{tmp_path / 'shared.sqlite3'}", tmp_path)
    return [
        subprocess.Popen(
            [PYTHON, "-m", "tests.core.sqlite_writer", str(WRITES)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(count)
    ]


def test_two_processes_reading_then_writing_at_once_neither_fails_nor_loses_a_write(tmp_path):
    processes = writers(tmp_path, 2)
    outcomes = [process.communicate(timeout=120) for process in processes]
    for process, (out, err) in zip(processes, outcomes, strict=True):
        assert process.returncode == 0, err
        assert out.split()[0] == "wal"
    with sqlite3.connect(tmp_path / "shared.sqlite3") as database:
        rows = database.execute("SELECT count(*), max(n) FROM counter").fetchone()
    # Each transaction read the largest number and wrote the next: none was lost or
    # written twice, so the two processes' transactions ran one after another.
    assert rows == (2 * WRITES, 2 * WRITES)
