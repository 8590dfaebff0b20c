"""Run as `python -m tests.worker.control COMMAND ...` with a world's environment, to set
up and drive a database that a worker process uses:

    enqueue TASK_PATH [JSON_KWARGS]   queue a task; prints its id
    monitoring [N]                    N committees each with a review under monitoring
                                      (tests/reminders/conftest.py), owners to chase
"""

import json
import sys

import django

django.setup()

from django.utils.module_loading import import_string  # noqa: E402


def enqueue(path: str, kwargs: str = "{}") -> None:
    result = import_string(path).enqueue(**json.loads(kwargs))
    print(result.id)


def monitoring(count: str = "1") -> None:
    from tests.factories import make_committee
    from tests.reminders.conftest import build_monitoring

    for n in range(int(count)):
        build_monitoring(
            make_committee(f"Scrutiny Committee {n + 1}"),
            title=f"Review {n + 1}",
            owners=(f"Alice Moss {n + 1}", f"Bea Lowe {n + 1}", f"Carl Hunt {n + 1}"),
        )


if __name__ == "__main__":
    command, *arguments = sys.argv[1:]
    {"enqueue": enqueue, "monitoring": monitoring}[command](*arguments)
