"""Whether work that a process took on (a task, an email) is still in its hands.

A process that claims work records where it runs (host and process id) and a token for the
piece of work, and shows signs of life as it goes. Another process may take the work over
only once it is sure the first has let go: on the same machine, when that process has gone,
or when it is this very process and the work is no longer under way here; anywhere, when
there has been no sign of life for `SCRUTINY_WORKER_LOST_SECONDS`. A process id reused by
an unrelated process only delays the answer until that time has passed."""

import datetime
import os
import platform
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.utils import timezone

HOST = platform.node()[:255]  # the machine's network name

_under_way: set[str] = set()
_lock = threading.Lock()


@contextmanager
def under_way(token: str) -> Iterator[None]:
    """The piece of work `token` is being done by this process for the block."""
    with _lock:
        _under_way.add(token)
    try:
        yield
    finally:
        with _lock:
            _under_way.discard(token)


def pid_running(pid: int) -> bool:
    """Whether process `pid` exists and has not ended (an ended process not yet reaped by
    its parent, a zombie, still has its id but does nothing)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # someone else's process: it exists
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True  # no /proc here (or it just went): as far as we can tell, it runs
    return stat.rsplit(")", 1)[-1].split()[0] != "Z"


def still_in_hand(
    *, host: str, pid: int | None, token: str, last_seen: datetime.datetime, now=None
) -> bool:
    """Whether the work `token`, taken by process `pid` on `host` and last seen alive at
    `last_seen`, may still be being done (see the module's docstring). Unknown host or pid:
    only the time since it was last seen can tell."""
    if host == HOST and pid is not None:
        if pid == os.getpid():
            with _lock:
                return token in _under_way
        if not pid_running(pid):
            return False
    lost_after = datetime.timedelta(seconds=settings.SCRUTINY_WORKER_LOST_SECONDS)
    return last_seen > (now or timezone.now()) - lost_after
