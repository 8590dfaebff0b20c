"""Keeping a child process running, as systemd's Restart=always does in production: for
`make run`, whose background worker must not stay dead when it crashes or is killed."""

import contextlib
import logging
import os
import signal
import subprocess
import threading
import time
from dataclasses import dataclass, field

logger = logging.getLogger(__name__)


@dataclass(eq=False)
class Supervisor:
    """Starts `argv` and, whenever it exits, starts it again after a pause: `first_pause`
    seconds, doubling with each exit up to `longest_pause`, and back to `first_pause` once
    it has run for `steady_after` seconds. Runs in a thread of its own; `stop()` ends the
    child and its own children (SIGINT, then SIGKILL after `stop_timeout`) and stops
    restarting it."""

    argv: list[str]
    name: str
    first_pause: float = 1.0
    longest_pause: float = 60.0
    steady_after: float = 60.0
    stop_timeout: float = 10.0
    env: dict[str, str] | None = None
    cwd: str | None = None
    starts: int = field(default=0, init=False)
    child: subprocess.Popen | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._thread = threading.Thread(
            target=self._run, name=f"supervisor-{self.name}", daemon=True
        )

    def start(self) -> "Supervisor":
        self._thread.start()
        return self

    def _spawn(self) -> subprocess.Popen | None:
        with self._lock:
            if self._stopping.is_set():
                return None
            # A group of its own, so that stopping it reaches the process that the
            # autoreloader starts under it too.
            self.child = subprocess.Popen(
                self.argv, env=self.env, cwd=self.cwd, start_new_session=True
            )
            self.starts += 1
            return self.child

    def _run(self) -> None:
        pause = self.first_pause
        while True:
            began = time.monotonic()
            try:
                child = self._spawn()
            except OSError:
                logger.exception("Could not start the %s", self.name)
                child = None
            else:
                if child is None:
                    return
                code = child.wait()
                if self._stopping.is_set():
                    return
                if time.monotonic() - began >= self.steady_after:
                    pause = self.first_pause
                logger.error(
                    "The %s stopped (exit code %s); starting it again in %g seconds",
                    self.name,
                    code,
                    pause,
                )
            if self._stopping.wait(pause):
                return
            pause = min(pause * 2, self.longest_pause)

    def stop(self) -> None:
        with self._lock:
            self._stopping.set()
            child = self.child
        if child is not None and child.poll() is None:
            # As Ctrl-C would: the worker finishes the task in hand, then stops.
            _signal_group(child, signal.SIGINT)
            try:
                child.wait(timeout=self.stop_timeout)
            except subprocess.TimeoutExpired:
                _signal_group(child, signal.SIGKILL)
                child.wait()
        self._thread.join(timeout=self.stop_timeout)


def _signal_group(child: subprocess.Popen, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(child.pid, signum)
