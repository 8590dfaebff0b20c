"""Health checks, for load balancers and monitoring.

`/healthz` is liveness: the cheapest answer the site gives. It goes through the whole
middleware stack like every page, but touches neither the database nor the session, so
its rate is what the server and middleware alone can do.

`/readyz` is readiness: whether this instance can serve and its background work is on
time. It asks the database, the file storage (the media folder can be written, or the
object store answers), the cache (a value kept and read back) and the background worker
(seen within `SCRUTINY_WORKER_STALE_SECONDS`, where tasks wait for one), then each check
an app adds (`readiness_check`: the reminders are on time and their last run sent
everything). It answers 200 with every check's result as JSON, or 503 naming those that
failed. It is never cached, and says nothing a stranger could use: no host names, paths or
error texts (those go to the log).
"""

import logging
import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.core.cache import caches
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from scrutiny.core.heartbeat import worker_status

logger = logging.getLogger(__name__)


@never_cache
@require_safe
def healthz(request):
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    says: str


# A check answers whether all is well, and a short sentence saying how things stand.
Answer = tuple[bool, str]


def database() -> Answer:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return True, "answers"


def _writable(folder: Path) -> bool:
    """The folder can be written, or created (its nearest existing parent can be)."""
    while not folder.exists() and folder.parent != folder:
        folder = folder.parent
    return folder.is_dir() and os.access(folder, os.W_OK | os.X_OK)


def storage() -> Answer:
    if isinstance(default_storage, FileSystemStorage):
        ok = _writable(Path(default_storage.location))
        return ok, "writable" if ok else "cannot be written"
    default_storage.exists(f"readyz-{secrets.token_hex(8)}")  # answers, or raises
    return True, "reachable"


def cache() -> Answer:
    store, key, value = caches["default"], f"readyz:{secrets.token_hex(8)}", secrets.token_hex(8)
    store.set(key, value, timeout=30)
    ok = store.get(key) == value
    store.delete(key)
    return ok, "works" if ok else "does not keep what it is given"


def worker() -> Answer:
    status = worker_status()
    return not status.stopped, status.sentence


CORE_CHECKS: list[tuple[str, Callable[[], Answer]]] = [
    ("database", database),
    ("storage", storage),
    ("cache", cache),
    ("worker", worker),
]
_app_checks: dict[str, Callable[[], Answer]] = {}


def readiness_check(name: str, check: Callable[[], Answer]) -> None:
    """Add an app's own check to /readyz (from the app's `ready()`)."""
    _app_checks[name] = check


def run_checks() -> list[Check]:
    results = []
    for name, check in CORE_CHECKS + list(_app_checks.items()):
        try:
            ok, says = check()
        except Exception:
            logger.exception("Readiness check %s failed", name)
            ok, says = False, "unavailable"
        results.append(Check(name, ok, says))
    return results


@never_cache
@require_safe
def readyz(request):
    results = run_checks()
    failing = [result.name for result in results if not result.ok]
    if failing:
        logger.warning("Not ready: %s", ", ".join(failing))
    body = {
        "status": "failing" if failing else "ready",
        "failing": failing,
        "checks": {r.name: {"ok": r.ok, "says": r.says} for r in results},
    }
    return JsonResponse(body, status=503 if failing else 200)
