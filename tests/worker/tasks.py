"""Tasks for the worker's tests, run by a real worker process."""

import time

from django_tasks import task


@task()
def pause(seconds: float) -> float:
    """Take `seconds`, doing nothing: long enough to disturb the worker while it runs."""
    time.sleep(seconds)
    return seconds
