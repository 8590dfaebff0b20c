"""The worker's parts, in this process: who still holds work, tasks left running by a
worker that stopped, the heartbeat, and the supervisor that restarts a process."""

import datetime as dt
import os
import subprocess
import sys

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from scrutiny.core import heartbeat
from scrutiny.core.models import WorkerHeartbeat
from scrutiny.core.processes import HOST, pid_running, still_in_hand, under_way
from scrutiny.core.supervisor import Supervisor
from scrutiny.core.worker import LOST_PATH, release_lost_tasks
from tests.worker.world import wait_for

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def gone_pid() -> int:
    """The id of a process that has ended (and been reaped)."""
    process = subprocess.Popen([sys.executable, "-c", ""])
    process.wait()
    return process.pid


def test_work_is_in_hand_while_its_process_may_still_be_at_it(settings):
    settings.SCRUTINY_WORKER_LOST_SECONDS = 3600
    now = timezone.now()
    hour_ago = now - dt.timedelta(hours=1, seconds=1)
    me = os.getpid()
    # This process: only while the work is under way here.
    assert not still_in_hand(host=HOST, pid=me, token="t1", last_seen=now)
    with under_way("t1"):
        assert still_in_hand(host=HOST, pid=me, token="t1", last_seen=now)
        assert not still_in_hand(host=HOST, pid=me, token="t2", last_seen=now)
    # Another process on this machine that has gone: let go at once.
    assert not still_in_hand(host=HOST, pid=gone_pid(), token="t", last_seen=now)
    # A live process here (the parent of this one), or one elsewhere: until it has not been
    # seen for SCRUTINY_WORKER_LOST_SECONDS.
    for host, pid in [(HOST, os.getppid()), ("elsewhere", me), ("", None)]:
        assert still_in_hand(host=host, pid=pid, token="t", last_seen=now)
        assert not still_in_hand(host=host, pid=pid, token="t", last_seen=hour_ago)


def running_task(worker_id: str, started_at: dt.datetime) -> DBTaskResult:
    return DBTaskResult.objects.create(
        status="RUNNING",
        args_kwargs={"args": [], "kwargs": {}},
        task_path="tests.worker.tasks.pause",
        backend_name="default",
        run_after=started_at,
        started_at=started_at,
        worker_ids=[worker_id],
    )


def heartbeat_of(worker_id: str, *, host: str, pid: int, seen: dt.datetime) -> None:
    WorkerHeartbeat.objects.create(
        worker_id=worker_id, host=host, pid=pid, started_at=seen, beat_at=seen
    )


@pytest.mark.django_db
def test_tasks_left_running_by_a_worker_that_stopped_are_failed_saying_so(settings):
    settings.TASKS = DATABASE_TASKS
    now = timezone.now()
    long_ago = now - dt.timedelta(hours=2)
    heartbeat_of("killed-here", host=HOST, pid=gone_pid(), seen=now)
    heartbeat_of("busy-elsewhere", host="other-host", pid=12, seen=now)
    heartbeat_of("silent-elsewhere", host="other-host", pid=13, seen=long_ago)
    killed = running_task("killed-here", now)
    busy = running_task("busy-elsewhere", long_ago)  # a long task, its worker still beating
    silent = running_task("silent-elsewhere", long_ago)
    unknown_old = running_task("no-heartbeat", long_ago)
    unknown_new = running_task("no-heartbeat-either", now)

    lost = release_lost_tasks(backend_name="default")

    assert {t.pk for t in lost} == {killed.pk, silent.pk, unknown_old.pk}
    for task in (killed, silent, unknown_old):
        task.refresh_from_db()
        assert task.status == "FAILED"
        assert task.exception_class_path == LOST_PATH
        assert task.task_result.errors[0].traceback.startswith(f"{LOST_PATH}: The worker ")
    for task in (busy, unknown_new):
        task.refresh_from_db()
        assert task.status == "RUNNING"
    assert release_lost_tasks(backend_name="default") == []


@pytest.mark.django_db
def test_the_heartbeat_is_written_at_most_so_often_and_says_when_the_worker_stopped(settings):
    settings.TASKS = DATABASE_TASKS
    settings.SCRUTINY_WORKER_HEARTBEAT_SECONDS = 3600
    settings.SCRUTINY_WORKER_STALE_SECONDS = 600
    assert heartbeat.worker_status().sentence == "No background worker has started."
    assert heartbeat.worker_status().stopped
    heartbeat.beat(force=True)  # outside a worker: nothing
    assert not WorkerHeartbeat.objects.exists()

    heartbeat.worker_started("w1")
    try:
        row = WorkerHeartbeat.objects.get()
        assert (row.host, row.pid) == (HOST, os.getpid())
        first = row.beat_at
        heartbeat.beat()  # too soon: not written
        assert WorkerHeartbeat.objects.get().beat_at == first
        heartbeat.beat(task="scrutiny.reminders.tasks.send_due_reminders", force=True)
        row = WorkerHeartbeat.objects.get()
        assert row.beat_at > first and row.task.endswith("send_due_reminders")
        assert row.task_started_at is not None
        heartbeat.beat(task="", force=True)
        assert WorkerHeartbeat.objects.get().task == ""
    finally:
        heartbeat.worker_stopped()

    status = heartbeat.worker_status()
    assert not status.stopped and status.sentence.startswith("The background worker was last")
    later = timezone.now() + dt.timedelta(seconds=601)
    assert heartbeat.worker_status(later).stopped
    assert "has not been seen since" in heartbeat.worker_status(later).sentence


def test_with_tasks_run_at_once_no_worker_is_needed():
    status = heartbeat.worker_status()
    assert not status.needed and not status.stopped
    assert status.sentence == "Tasks run at once; there is no background worker."


def test_the_supervisor_starts_a_process_again_each_time_it_stops_pausing_longer(tmp_path):
    starts = tmp_path / "starts"
    child = f"open({str(starts)!r}, 'a').write('x')"
    supervisor = Supervisor(
        [sys.executable, "-c", child], name="test child", first_pause=0.05, longest_pause=0.2
    ).start()
    try:
        wait_for(lambda: starts.exists() and len(starts.read_text()) >= 4, what="4 starts")
    finally:
        supervisor.stop()
    count = supervisor.starts
    assert count >= 4
    assert len(starts.read_text()) == count  # stopped: no more starts


def test_stopping_the_supervisor_ends_its_process_and_the_processes_it_started(tmp_path):
    pid_file = tmp_path / "grandchild"
    # A child that starts a grandchild and waits for it, as the autoreloader does.
    child = (
        "import subprocess, sys; "
        "p = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)']); "
        f"open({str(pid_file)!r}, 'w').write(str(p.pid)); p.wait()"
    )
    supervisor = Supervisor([sys.executable, "-c", child], name="test child").start()
    grandchild = int(wait_for(lambda: pid_file.exists() and pid_file.read_text(), what="pid"))
    supervisor.stop()
    assert supervisor.child.poll() is not None
    wait_for(lambda: not pid_running(grandchild), timeout=10, what="the grandchild to end")
    assert supervisor.starts == 1


def test_a_process_that_has_ended_but_is_not_yet_reaped_is_not_running():
    process = subprocess.Popen([sys.executable, "-c", ""])
    wait_for(lambda: not pid_running(process.pid), what="the child to end")  # a zombie now
    os.kill(process.pid, 0)  # its id is still taken until it is reaped
    process.wait()
    assert not pid_running(process.pid)
    assert pid_running(os.getpid())
