"""Imported by every Python process started with this folder on PYTHONPATH: with
SCRUTINY_TEST_CLOCK_OFFSET set, its clock runs that many seconds ahead (or behind), so a
test's child processes all agree on a day in the reminders' calendar."""

import os

_offset = os.environ.get("SCRUTINY_TEST_CLOCK_OFFSET")
if _offset:
    import time

    import time_machine

    time_machine.travel(time.time() + float(_offset), tick=True).start()
