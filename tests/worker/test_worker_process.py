"""The worker as it runs on a server: a real process on its own database, disturbed the
ways that used to stop it (a database locked or cut off while it records a task's
outcome; the process killed)."""

import contextlib
import json
import os
import signal
import socket
import sqlite3
import urllib.request

import psycopg

from scrutiny.core.processes import pid_running
from scrutiny.core.worker import LOST_PATH
from tests.worker.world import World, wait_for

PAUSE = "tests.worker.tasks.pause"


def task_status(world: World, task_id: str) -> str:
    return world.task(task_id, "status")[0]


@contextlib.contextmanager
def database_failing(world: World):
    """SQLite: another process holds the database locked for the block. PostgreSQL: every
    other connection to it is cut, once, as a restart of the server would."""
    if world.url.startswith("sqlite:///"):
        database = sqlite3.connect(world.url.removeprefix("sqlite:///"), isolation_level=None)
        database.execute("BEGIN EXCLUSIVE")
        try:
            yield
        finally:
            database.execute("COMMIT")
            database.close()
        return
    with psycopg.connect(world.url, autocommit=True) as database:
        database.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
    yield


def test_the_worker_carries_on_when_the_database_fails_as_a_task_ends(world):
    worker = world.start("manage.py", "worker", "--no-reload", log="worker.log")
    first = world.control("enqueue", PAUSE, '{"seconds": 2}')
    wait_for(lambda: task_status(world, first) == "RUNNING", what="the task to start")
    with database_failing(world):
        # The task ends and its outcome cannot be written: the worker says so and pauses.
        wait_for(lambda: "carries on" in world.log("worker.log"), what="the error logged")
    second = world.control("enqueue", PAUSE, '{"seconds": 0}')
    wait_for(lambda: task_status(world, second) == "SUCCESSFUL", what="the next task run")
    assert worker.poll() is None  # the same process, still taking tasks
    # The first task's outcome was never recorded: it is failed, saying why, not left
    # "running" for ever.
    status, error = world.task(first, "status", "traceback")
    assert status == "FAILED"
    assert error.startswith(f"{LOST_PATH}: The worker ") and "stopped while running" in error


def heartbeat_pids(world: World) -> list[int]:
    return [pid for (pid,) in world.rows("SELECT pid FROM core_workerheartbeat ORDER BY id")]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_make_run_starts_a_killed_worker_again(world):
    port = free_port()
    server = world.start(
        "manage.py", "runserver_with_worker", f"127.0.0.1:{port}", "--noreload", log="run.log"
    )
    [first] = wait_for(lambda: heartbeat_pids(world), timeout=60, what="a worker's heartbeat")
    os.kill(first, signal.SIGKILL)
    pids = wait_for(lambda: (p := heartbeat_pids(world)) and len(p) == 2 and p, what="a new worker")
    assert pids[1] != first
    assert "The background worker stopped" in world.log("run.log")
    # The restarted worker takes tasks, and the site answered throughout.
    task = world.control("enqueue", PAUSE, '{"seconds": 0}')
    wait_for(lambda: task_status(world, task) == "SUCCESSFUL", what="a task run")
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=10) as answer:
        assert answer.status == 200
    # Ready: the worker is seen, and on starting it queued the reminders' first run.
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=30) as answer:
        body = json.load(answer)
    assert (answer.status, body["failing"]) == (200, []), body
    assert body["checks"]["reminders"]["says"].startswith("Reminders have not run yet. The first")
    # Stopping `make run` stops its worker too.
    server.send_signal(signal.SIGINT)
    assert server.wait(timeout=30) is not None
    wait_for(lambda: not pid_running(pids[1]), what="the worker to stop")
