"""A world for a real worker process: a migrated database of its own (a copy of one
migrated once per test session), a folder for its files and logs, and ways to run the
project's commands against it, start processes on it and read its tables directly."""

from __future__ import annotations

import sqlite3
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

from tests.subprocesses import PYTHON, ROOT, django_env

CLOCK = Path(__file__).resolve().parent / "clock"


@dataclass
class World:
    url: str
    folder: Path
    env: dict[str, str]
    processes: list[subprocess.Popen] = field(default_factory=list)

    @classmethod
    def on(cls, url: str, folder: Path, **env: str) -> World:
        return cls(url, folder, django_env(url, folder, **env))

    def set_clock(self, offset_seconds: float) -> None:
        """Every process started from now runs its clock this far ahead of the real one."""
        self.env["PYTHONPATH"] = f"{CLOCK}:{ROOT}"
        self.env["SCRUTINY_TEST_CLOCK_OFFSET"] = str(offset_seconds)

    def run(self, *args: str, timeout: float = 120) -> str:
        """Run `python ARGS` to the end in the world; its output."""
        done = subprocess.run(
            [PYTHON, *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    def control(self, *args: str) -> str:
        return self.run("-m", "tests.worker.control", *args).strip()

    def start(self, *args: str, log: str) -> subprocess.Popen:
        """Start `python ARGS` in the world, its output going to the log file `log`."""
        output = (self.folder / log).open("ab")
        process = subprocess.Popen(
            [PYTHON, *args], cwd=ROOT, env=self.env, stdout=output, stderr=subprocess.STDOUT
        )
        self.processes.append(process)
        return process

    def log(self, name: str) -> str:
        return (self.folder / name).read_text(errors="replace")

    def rows(self, sql: str, *params) -> list[tuple]:
        """Read the world's database directly (`%s` placeholders), as an operator would."""
        if self.url.startswith("sqlite:///"):
            with sqlite3.connect(self.url.removeprefix("sqlite:///"), timeout=30) as database:
                return database.execute(sql.replace("%s", "?"), params).fetchall()
        with psycopg.connect(self.url) as database:
            return database.execute(sql, params).fetchall()

    def task(self, task_id: str, *columns: str) -> tuple:
        """Columns of one task result (SQLite keeps its id without dashes)."""
        if self.url.startswith("sqlite:///"):
            task_id = task_id.replace("-", "")
        [row] = self.rows(
            f"SELECT {', '.join(columns)} FROM django_tasks_database_dbtaskresult WHERE id = %s",
            task_id,
        )
        return row

    def stop_all(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.kill()
            process.wait()


def wait_for(check: Callable[[], object], *, timeout: float = 60, what: str = "") -> object:
    """Poll `check` until it returns something true; that value."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"Waited {timeout}s for {what or check}")
        time.sleep(0.1)
