"""Pausing Python's cycle collector while a large piece of work builds many objects.

An import keeps every record it plans until it commits (a thousand meetings are some
hundred thousand model instances and their dicts), and none of them is garbage. The
cycle collector still runs every few hundred allocations, and each full pass walks the
whole heap again: a quarter of a ModernGov import's time went to it. Reference counting
still frees everything as usual while it is paused; only cycles wait for the end of the
block, when the collector is switched back on (if it was on) and clears them.
"""

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_holders = 0
_was_enabled = False


@contextmanager
def cycle_collector_paused() -> Iterator[None]:
    """No cycle collection for the block. Blocks may nest or overlap in threads: the
    collector comes back on when the last one ends, as it was before the first."""
    global _holders, _was_enabled
    with _lock:
        if _holders == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _holders += 1
    try:
        yield
    finally:
        with _lock:
            _holders -= 1
            if _holders == 0 and _was_enabled:
                gc.enable()
