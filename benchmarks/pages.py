"""Serve a generated 20-year archive as in production and measure every page type.

Run from the repository root:  .venv/bin/python benchmarks/pages.py
    [--database postgres|sqlite|both] [--scale 1.0] [--seed 1] [--reuse] [--skip-generate]
    [--duration 10] [--connections 50] [--workers 2] [--source DIR] [--cache|--no-cache]
    [--pages home,meeting,...] [--actions-as-imported] [--database-url URL]

For each database it generates the archive (``manage.py generate_archive``; with
``--reuse`` an archive generated earlier at the same scale and seed is kept: PostgreSQL
database ``scrutiny_bench_1_0``, SQLite file ``var/bench-archive-1.0.sqlite3``), migrates,
and starts gunicorn with the production settings on a free loopback port, with a flushed
Redis database as the shared cache. ``--skip-generate`` loads the demo council instead
(if the database is empty) and ``--database-url`` measures an existing database as it
is; either way the sample pages are picked from the record. ``--source`` serves another
checkout's code (a worktree of an earlier commit) on the same database, for before and
after figures.

Each page is first requested once (it must answer 200), then timed with one client for
up to 30 sequential requests (the "server time": median and p90), then loaded by
``wrk -t2 -c50 --latency`` right after the same wrk run against ``/healthz``, the trivial
view through the same middleware, so "share of trivial" compares like with like moments
apart. An uncached pass (``SCRUTINY_PAGE_CACHE_SECONDS=0``) covers the public pages, the
API and the staff pages signed in; a cached pass covers the anonymous pages again. The
gunicorn workers' memory is read at the end of each pass, and the 50-recommendation
monitoring report's PDF is built from the database three times.

Prints a table per database and a verdict per target, ending ``VERDICT: PASS`` or
``VERDICT: FAIL (n targets missed)``; writes the same to test-output/bench-pages-<db>.json.
Exits non-zero if a target is missed. Every request goes to 127.0.0.1.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.wrk_runs import run_wrk  # noqa: E402

POSTGRES = "postgres://postgres@127.0.0.1:5432"
HOST = "127.0.0.1"
PYTHON = sys.executable
OUTPUT = ROOT / "test-output"

PUBLIC_SERVER_MS = 50.0
DASHBOARD_SERVER_MS = 100.0
STAFF_SERVER_MS = 100.0
CACHED_SHARE = 0.50
CACHED_P95_MS = 100.0
WORKER_MB = 300.0
PDF_SECONDS = 1.5

# Time limits, in seconds: every child process and loop is bounded.
GENERATE_LIMIT = 3 * 3600
COMMAND_LIMIT = 1800
SERVER_START_LIMIT = 60
REQUEST_LIMIT = 120
SEQUENTIAL_REQUESTS = 30
SEQUENTIAL_LIMIT = 30.0
IDLE_LIMIT = 5.0


@dataclass(frozen=True)
class Page:
    name: str
    kind: str  # public, api or staff
    path: str
    user: str | None = None  # "officer" or "clerk" for staff pages

    @property
    def anonymous(self) -> bool:
        return self.user is None


PAGES = (
    Page("home", "public", "/"),
    Page("committees", "public", "/committees/"),
    Page("committee", "public", "/committees/{committee_slug}/"),
    Page("meeting", "public", "/meetings/{sample_meeting_id}/"),
    Page("issue", "public", "/issues/{issue_slug}/"),
    Page("reviews", "public", "/reviews/"),
    Page("review", "public", "/reviews/{review_slug}/"),
    Page(
        "recommendation",
        "public",
        "/reviews/{review_slug}/recommendations/{recommendation_number}/",
    ),
    Page("api-meeting", "api", "/api/v1/meetings/{sample_meeting_id}/"),
    Page("api-review", "api", "/api/v1/reviews/{review_slug}/"),
    Page("api-committee", "api", "/api/v1/committees/{committee_slug}/"),
    Page("staff-dashboard", "staff", "/staff/", "officer"),
    Page("staff-reviews", "staff", "/staff/reviews/", "officer"),
    Page("staff-review", "staff", "/staff/reviews/{review_slug}/", "officer"),
    Page("staff-meetings", "staff", "/staff/meetings/", "clerk"),
    Page("staff-meeting", "staff", "/staff/meetings/{sample_meeting_id}/", "clerk"),
)


# --- the database --------------------------------------------------------------------


@dataclass
class Target:
    engine: str
    url: str
    label: str  # database name or file
    archive_json: Path
    owned: bool  # created here (may be dropped and regenerated)


def _suffix(args) -> str:
    if args.skip_generate:
        return "demo"
    suffix = f"{args.scale:g}" if "." in f"{args.scale:g}" else f"{args.scale:.1f}"
    if args.seed != 1:
        suffix += f"-s{args.seed}"
    if args.actions_as_imported:
        suffix += "-imported"
    return suffix


def target_for(engine: str, args) -> Target:
    suffix = _suffix(args)
    var = ROOT / "var"
    if args.database_url:
        label = args.database_url.rsplit("/", 1)[-1]
        return Target(engine, args.database_url, label, var / f"bench-archive-{label}.json", False)
    if engine == "sqlite":
        path = var / f"bench-archive-{suffix}.sqlite3"
        return Target(engine, f"sqlite:///{path}", path.name, path.with_suffix(".json"), True)
    name = "scrutiny_bench_" + suffix.replace(".", "_").replace("-", "_")
    return Target(engine, f"{POSTGRES}/{name}", name, var / f"bench-archive-{name}.json", True)


def _postgres(sql: str, params=()) -> list:
    import psycopg

    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
        cursor = connection.execute(sql, params)
        return cursor.fetchall() if cursor.description else []


def _exists(target: Target) -> bool:
    if target.engine == "sqlite":
        return Path(target.url.removeprefix("sqlite:///")).exists()
    return bool(_postgres("SELECT 1 FROM pg_database WHERE datname = %s", (target.label,)))


def _recreate(target: Target) -> None:
    if target.engine == "sqlite":
        path = Path(target.url.removeprefix("sqlite:///"))
        path.parent.mkdir(parents=True, exist_ok=True)
        for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            leftover.unlink(missing_ok=True)
    else:
        _postgres(f'DROP DATABASE IF EXISTS "{target.label}" WITH (FORCE)')
        _postgres(f'CREATE DATABASE "{target.label}"')
    target.archive_json.unlink(missing_ok=True)


def django_env(target: Target, source: Path, **extra: str) -> dict[str, str]:
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": SECRET_KEY,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_DEBUG": "0",
        # Served over plain HTTP on loopback, as behind nginx: no redirect to HTTPS.
        "DJANGO_SECURE_SSL_REDIRECT": "off",
        "DATABASE_URL": target.url,
        "PYTHONPATH": str(source),
        "LOG_LEVEL": "WARNING",
    }
    return env | extra


def _run(target: Target, source: Path, command: list[str], what: str, limit: int) -> str:
    """A child with the benchmark database's settings, bounded in time; its output."""
    finished = subprocess.run(
        [PYTHON, *command],
        cwd=source,
        env=django_env(target, source),
        capture_output=True,
        text=True,
        timeout=limit,
    )
    if finished.returncode:
        raise SystemExit(
            f"{what} failed in {source}:\n{finished.stdout[-2000:]}{finished.stderr[-4000:]}"
        )
    return finished.stdout


def manage(target: Target, source: Path, *arguments: str, limit: int = COMMAND_LIMIT) -> str:
    return _run(
        target, source, ["manage.py", *arguments], f"manage.py {' '.join(arguments)}", limit
    )


def _last_json(output: str) -> dict:
    """The JSON object a command printed last (on one line or indented over several)."""
    lines = output.strip().splitlines()
    for start in range(len(lines) - 1, -1, -1):
        if lines[start].startswith("{"):
            return json.loads("\n".join(lines[start:]))
    raise SystemExit(f"expected JSON, got:\n{output[-2000:]}")


def prepare_database(target: Target, args, source: Path) -> None:
    """Generate (or keep) the archive, and migrate it for the served code."""
    if not target.owned:
        print(f"  measuring {target.label} as it is (no migration, no generation)")
        return
    if args.reuse and _exists(target) and (args.skip_generate or target.archive_json.exists()):
        print(f"  reusing {target.label}")
    else:
        _recreate(target)
        started = time.perf_counter()
        manage(target, ROOT, "migrate", "--noinput")
        if args.skip_generate:
            # Production settings, as the server: the demo is loaded on purpose.
            manage(target, ROOT, "load_demo", "--if-empty", "--allow-production")
            print(f"  loaded the demo into {target.label}")
        else:
            # Production settings, as the server: the archive is generated on purpose (its
            # sign-ins get random passwords; the benchmark signs in without them).
            command = ["generate_archive", "--scale", str(args.scale), "--seed", str(args.seed)]
            command.append("--allow-production")
            if args.actions_as_imported:
                command.append("--actions-as-imported")
            named = _last_json(manage(target, ROOT, *command, "--json", limit=GENERATE_LIMIT))
            target.archive_json.write_text(json.dumps(named, indent=2))
            elapsed = time.perf_counter() - started
            print(f"  generated the archive into {target.label} in {elapsed:.0f} s")
    # Always: a kept archive may predate the served code's migrations.
    manage(target, source, "migrate", "--noinput")


def django_child(target: Target, source: Path, *arguments: str, limit: int = COMMAND_LIMIT):
    script = str(ROOT / "benchmarks" / "pages_django.py")
    command = [script, "--root", str(source), *arguments]
    return _last_json(_run(target, source, command, f"pages_django.py {arguments[0]}", limit))


# --- the server ----------------------------------------------------------------------

SECRET_KEY = secrets.token_urlsafe(50)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def _flush_redis(url: str) -> bool:
    try:
        import redis

        redis.Redis.from_url(url, socket_timeout=5).flushdb()
        return True
    except Exception as error:  # the cache falls back to local memory
        print(f"  Redis at {url} is not usable ({error}); the cache is local memory")
        return False


# An earlier checkout may have no /healthz: it is served with the same trivial view added
# in front of its own addresses, so every checkout is compared against the same baseline.
HEALTH_SHIM = {
    "bench_health_settings.py": "from config.settings.production import *  # noqa: F403\n"
    'ROOT_URLCONF = "bench_health_urls"\n',
    "bench_health_urls.py": """from django.http import HttpResponse
from django.urls import path
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from config.urls import urlpatterns as served


@never_cache
@require_safe
def healthz(request):
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")


urlpatterns = [path("healthz", healthz), *served]
""",
}


def _health_shim(source: Path, log: Path) -> dict[str, str]:
    """Settings that add /healthz when the served checkout has none."""
    if (source / "scrutiny" / "core" / "health.py").exists():
        return {}
    shim = log.parent / "health-shim"
    shim.mkdir(parents=True, exist_ok=True)
    for name, text in HEALTH_SHIM.items():
        (shim / name).write_text(text)
    print(f"  {source} has no /healthz: serving it with {shim}/bench_health_urls.py")
    return {
        "DJANGO_SETTINGS_MODULE": "bench_health_settings",
        "PYTHONPATH": f"{source}{os.pathsep}{shim}",
    }


class Server:
    """gunicorn in its own process group, killed with everything it started on exit."""

    def __init__(self, target: Target, args, source: Path, *, cached: bool, log: Path):
        self.port = _free_port()
        redis_url = f"redis://{HOST}:6379/{args.redis_db}"
        cache_url = redis_url if _flush_redis(redis_url) else ""
        extra = {"SCRUTINY_CACHE_URL": cache_url}
        if not cached:
            extra["SCRUTINY_PAGE_CACHE_SECONDS"] = "0"
        elif args.cache_seconds is not None:
            extra["SCRUTINY_PAGE_CACHE_SECONDS"] = str(args.cache_seconds)
        extra |= _health_shim(source, log)
        self.log = log
        command = [
            PYTHON,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            f"--bind={HOST}:{self.port}",
            f"--workers={args.workers}",
            "--timeout=120",
            "--graceful-timeout=5",
            f"--error-logfile={log}",
            "--log-level=warning",
        ]
        self.process = subprocess.Popen(
            command,
            cwd=source,
            env=django_env(target, source, **extra),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait_until_ready(self) -> None:
        deadline = time.monotonic() + SERVER_START_LIMIT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(
                    f"gunicorn exited; see {self.log}:\n{self.log.read_text()[-3000:]}"
                )
            with contextlib.suppress(OSError):
                if request(self.port, "/healthz", {})[0] == 200:
                    return
            time.sleep(0.2)
        raise SystemExit(f"gunicorn did not answer within {SERVER_START_LIMIT} s; see {self.log}")

    def worker_memory(self) -> list[dict]:
        """Each worker's resident memory now and at its peak, in MB."""
        workers = []
        for pid in _children(self.process.pid):
            status = _proc_status(pid)
            if status:
                workers.append(
                    {"pid": pid, "rss_mb": status["VmRSS"], "peak_mb": status.get("VmHWM", 0)}
                )
        return workers

    def stop(self) -> None:
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=15)


def _children(pid: int) -> list[int]:
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        return [int(child) for child in children.read_text().split()]
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, IndexError, ValueError):
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(stat.parent.name))
    return found


def _proc_status(pid: int) -> dict[str, float]:
    values = {}
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            name, _, rest = line.partition(":")
            if name in ("VmRSS", "VmHWM"):
                values[name] = int(rest.split()[0]) / 1024  # kB to MB
    return values


# --- measuring -----------------------------------------------------------------------


def request(port: int, path: str, headers: dict[str, str]) -> tuple[int, int]:
    """One GET on a fresh connection (as wrk's clients see gunicorn): status and size."""
    connection = http.client.HTTPConnection(HOST, port, timeout=REQUEST_LIMIT)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return response.status, len(response.read())
    finally:
        connection.close()


def server_time(port: int, path: str, headers: dict[str, str]) -> list[float]:
    """Sequential requests with one client, in milliseconds: bounded in number and time."""
    times: list[float] = []
    started = time.monotonic()
    while len(times) < SEQUENTIAL_REQUESTS:
        if len(times) >= 3 and time.monotonic() - started > SEQUENTIAL_LIMIT:
            break
        start = time.perf_counter()
        request(port, path, headers)
        times.append((time.perf_counter() - start) * 1000)
    return times


def _p90(values: list[float]) -> float:
    if len(values) < 2:
        return values[0]
    return statistics.quantiles(values, n=10, method="inclusive")[-1]


@dataclass
class PageResult:
    page: str
    kind: str
    path: str
    status: int = 0
    size: int = 0
    server_ms: list[float] = field(default_factory=list)
    trivial: dict = field(default_factory=dict)
    load: dict = field(default_factory=dict)

    @property
    def server_p50(self) -> float | None:
        return statistics.median(self.server_ms) if self.server_ms else None

    @property
    def server_p90(self) -> float | None:
        return _p90(self.server_ms) if self.server_ms else None

    @property
    def share(self) -> float | None:
        if not self.load or not self.trivial.get("requests_per_second"):
            return None
        return self.load["requests_per_second"] / self.trivial["requests_per_second"]

    def as_dict(self) -> dict:
        return {
            "page": self.page,
            "kind": self.kind,
            "path": self.path,
            "status": self.status,
            "bytes": self.size,
            "server_ms": {"p50": self.server_p50, "p90": self.server_p90, "n": len(self.server_ms)},
            "share_of_trivial": self.share,
            "trivial": self.trivial,
            "load": self.load,
        }


def measure_page(server: Server, page: Page, path: str, headers: dict, args) -> PageResult:
    result = PageResult(page.name, page.kind, path)
    result.status, result.size = request(server.port, path, headers)
    if result.status != 200:
        return result
    result.server_ms = server_time(server.port, path, headers)
    common = {"duration": args.duration, "connections": args.connections, "headers": headers}
    trivial, _ = run_wrk(f"http://{HOST}:{server.port}/healthz", **common)
    load, _ = run_wrk(f"http://{HOST}:{server.port}{path}", **common)
    result.trivial, result.load = trivial.as_dict(), load.as_dict()
    return result


def is_idle(port: int) -> bool:
    """Whether a worker answers the trivial view at once: after a load on a slow page the
    workers may still be working through requests wrk gave up on."""
    connection = http.client.HTTPConnection(HOST, port, timeout=IDLE_LIMIT)
    try:
        connection.request("GET", "/healthz", headers={"X-Forwarded-Proto": "https"})
        return connection.getresponse().status == 200
    except OSError:
        return False
    finally:
        connection.close()


def run_pass(target, args, source, prepared, pages, *, cached: bool, log: Path) -> dict:
    server = Server(target, args, source, cached=cached, log=log)
    memory: list[dict] = []
    try:
        server.wait_until_ready()
        results = []
        for page in pages:
            path = page.path.format(**prepared["samples"])
            headers = {"X-Forwarded-Proto": "https"}
            if page.user:
                headers["Cookie"] = f"sessionid={prepared['sessions'][page.user]}"
            result = measure_page(server, page, path, headers, args)
            results.append(result)
            print_row(result)
            if not is_idle(server.port):
                # A backlog of abandoned slow requests would be charged to the next page.
                print(f"  (server still busy after {page.name}: restarted)")
                memory += server.worker_memory()
                server.stop()
                server = Server(target, args, source, cached=cached, log=log)
                server.wait_until_ready()
        memory += server.worker_memory()
    finally:
        server.stop()
    return {"cached": cached, "pages": results, "workers": memory}


# --- reporting -----------------------------------------------------------------------

HEADER = (
    f"{'page':<16} {'kind':<6} {'status':>6} {'srv p50':>8} {'srv p90':>8} {'req/s':>8} "
    f"{'trivial':>8} {'share':>7} {'wrk p50':>8} {'p90':>8} {'p95':>8} {'p99':>8} "
    f"{'non2xx':>6} {'errors':>6}"
)


def _ms(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value / 1000:.2f}s" if value >= 10_000 else f"{value:.1f}"


def print_row(result: PageResult) -> None:
    load, trivial = result.load, result.trivial
    percentiles = load.get("percentiles_ms", {})
    share = f"{result.share:.1%}" if result.share is not None else "-"
    print(
        f"{result.page:<16} {result.kind:<6} {result.status:>6} {_ms(result.server_p50):>8} "
        f"{_ms(result.server_p90):>8} {load.get('requests_per_second', 0):>8.1f} "
        f"{trivial.get('requests_per_second', 0):>8.0f} {share:>7} "
        f"{_ms(percentiles.get('p50')):>8} {_ms(percentiles.get('p90')):>8} "
        f"{_ms(percentiles.get('p95')):>8} {_ms(percentiles.get('p99')):>8} "
        f"{load.get('non_2xx_3xx', 0):>6} {load.get('errors', 0):>6}",
        flush=True,
    )


@dataclass
class Verdict:
    target: str
    measured: bool
    missed: list[str] = field(default_factory=list)
    detail: str = ""

    @property
    def met(self) -> bool:
        return self.measured and not self.missed

    def line(self) -> str:
        if not self.measured:
            return f"  not measured  {self.target}"
        state = "met   " if self.met else "MISSED"
        detail = f": {', '.join(self.missed)}" if self.missed else ""
        return f"  {state}        {self.target}{detail}{self.detail}"


def _over(results: list[PageResult], limit: float) -> list[str]:
    return [
        f"{r.page} {r.server_p50:.0f} ms" for r in results if r.server_p50 and r.server_p50 > limit
    ]


def verdicts(uncached: dict | None, cached: dict | None, pdf: dict | None) -> list[Verdict]:
    plain = uncached["pages"] if uncached else []
    public = [r for r in plain if r.kind in ("public", "api")]
    dashboard = [r for r in plain if r.page == "staff-dashboard"]
    staff = [r for r in plain if r.kind == "staff"]
    hits = cached["pages"] if cached else []
    passes = [p for p in (uncached, cached) if p]
    every = [r for p in passes for r in p["pages"]]
    peaks = [w["peak_mb"] for p in passes for w in p["workers"]]
    found = [
        Verdict(
            f"uncached public pages and API: server time median ≤ {PUBLIC_SERVER_MS:.0f} ms",
            bool(public),
            _over(public, PUBLIC_SERVER_MS),
        ),
        Verdict(
            f"staff dashboard: server time median ≤ {DASHBOARD_SERVER_MS:.0f} ms",
            bool(dashboard),
            _over(dashboard, DASHBOARD_SERVER_MS),
        ),
        Verdict(
            f"staff pages: server time median ≤ {STAFF_SERVER_MS:.0f} ms",
            bool(staff),
            _over(staff, STAFF_SERVER_MS),
        ),
        Verdict(
            f"cached anonymous pages: throughput ≥ {CACHED_SHARE:.0%} of trivial",
            bool(hits),
            [f"{r.page} {r.share or 0:.1%}" for r in hits if (r.share or 0) < CACHED_SHARE],
        ),
        Verdict(
            f"cached anonymous pages: wrk p95 ≤ {CACHED_P95_MS:.0f} ms",
            bool(hits),
            [
                f"{r.page} {_ms(r.load.get('percentiles_ms', {}).get('p95'))} ms"
                for r in hits
                if (r.load.get("percentiles_ms", {}).get("p95") or float("inf")) > CACHED_P95_MS
            ],
        ),
        Verdict(
            "every page answers 200, and under load no answer is outside 2xx/3xx",
            bool(every),
            [
                f"{r.page} {r.status}"
                + (f" ({r.load['non_2xx_3xx']} non-2xx/3xx)" if r.load.get("non_2xx_3xx") else "")
                for r in every
                if r.status != 200 or r.load.get("non_2xx_3xx")
            ],
        ),
        Verdict(
            f"worker memory (peak resident) < {WORKER_MB:.0f} MB",
            bool(peaks),
            [f"{peak:.0f} MB" for peak in peaks if peak >= WORKER_MB],
            f" (peak {max(peaks):.0f} MB)" if peaks else "",
        ),
        Verdict(
            f"monitoring report PDF from the database ≤ {PDF_SECONDS} s (median of 3)",
            bool(pdf),
            [f"{pdf['median']:.2f} s"] if pdf and pdf["median"] > PDF_SECONDS else [],
            f" ({pdf['median']:.2f} s, {pdf['recommendations']} recommendations)" if pdf else "",
        ),
    ]
    return found


# --- the run -------------------------------------------------------------------------


def run_database(engine: str, args, source: Path) -> list[Verdict]:
    target = target_for(engine, args)
    print(f"\n=== {engine}: {target.label} ===", flush=True)
    prepare_database(target, args, source)
    archive_json = ["--archive-json", str(target.archive_json)]
    prepared = django_child(
        target, source, "prepare", *(archive_json if target.archive_json.exists() else [])
    )
    samples, counts = prepared["samples"], prepared["counts"]
    print("  record: " + ", ".join(f"{value:,} {name}" for name, value in counts.items()))
    print("  samples: " + ", ".join(f"{key}={value}" for key, value in samples.items()))
    pages = [p for p in PAGES if not args.pages or p.name in args.pages]
    runnable = []
    for page in pages:
        missing = [
            key
            for key in ("committee_slug", "sample_meeting_id", "issue_slug", "review_slug")
            if "{" + key + "}" in page.path and not samples.get(key)
        ]
        if page.user and page.user not in prepared["sessions"]:
            missing.append(f"a {page.user} to sign in as")
        if missing:
            print(f"  skipping {page.name}: the record has no {', '.join(missing)}")
        else:
            runnable.append(page)
    log_dir = OUTPUT / "bench-pages-logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    uncached = cached = pdf = None
    try:
        if args.cache_passes in ("both", "uncached"):
            print(
                f"\nuncached (SCRUTINY_PAGE_CACHE_SECONDS=0), {args.workers} workers, "
                f"wrk -c{args.connections} -d{args.duration}s; times in ms"
            )
            print(HEADER)
            uncached = run_pass(
                target,
                args,
                source,
                prepared,
                runnable,
                cached=False,
                log=log_dir / f"{engine}-uncached.log",
            )
        anonymous = [p for p in runnable if p.anonymous]
        if args.cache_passes in ("both", "cached") and anonymous:
            print(f"\ncached (anonymous pages), {args.workers} workers")
            print(HEADER)
            cached = run_pass(
                target,
                args,
                source,
                prepared,
                anonymous,
                cached=True,
                log=log_dir / f"{engine}-cached.log",
            )
        if samples.get("review_slug") and (not args.pages or "pdf" in args.pages):
            pdf = django_child(
                target, source, "pdf", "--review", samples["review_slug"], "--runs", "3"
            )
            print(
                f"\nmonitoring report PDF of {samples['review_slug']} "
                f"({pdf['recommendations']} recommendations): median {pdf['median']:.2f} s "
                f"of {', '.join(f'{s:.2f}' for s in pdf['seconds'])} s, {pdf['bytes']:,} bytes"
            )
    finally:
        if prepared["sessions"]:
            django_child(target, source, "forget-sessions", *prepared["sessions"].values())
    for name, run in (("uncached", uncached), ("cached", cached)):
        if run:
            memory = ", ".join(
                f"{w['rss_mb']:.0f} MB (peak {w['peak_mb']:.0f})" for w in run["workers"]
            )
            print(f"{name} pass, workers at the end: {memory}")
    found = verdicts(uncached, cached, pdf)
    print(f"\n{engine} targets:")
    for verdict in found:
        print(verdict.line())
    write_json(engine, target, args, source, prepared, uncached, cached, pdf, found)
    return found


def write_json(engine, target, args, source, prepared, uncached, cached, pdf, found) -> None:
    OUTPUT.mkdir(exist_ok=True)

    def run_dict(run):
        return run and {
            "cached": run["cached"],
            "workers": run["workers"],
            "pages": [r.as_dict() for r in run["pages"]],
        }

    report = {
        "database": engine,
        "label": target.label,
        "scale": args.scale,
        "seed": args.seed,
        "source": str(source),
        "commit": _commit(source),
        "workers": args.workers,
        "connections": args.connections,
        "duration": args.duration,
        "cpus": os.cpu_count(),
        "record": prepared["counts"],
        "samples": prepared["samples"],
        "uncached": run_dict(uncached),
        "cached": run_dict(cached),
        "pdf": pdf,
        "targets": [
            {"target": v.target, "measured": v.measured, "met": v.met, "missed": v.missed}
            for v in found
        ],
    }
    path = OUTPUT / f"bench-pages-{engine}.json"
    path.write_text(json.dumps(report, indent=2))
    print(f"  wrote {path.relative_to(ROOT)}")


def _commit(source: Path) -> str:
    finished = subprocess.run(
        ["git", "-C", str(source), "rev-parse", "--short", "HEAD"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    return finished.stdout.strip()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=("postgres", "sqlite", "both"), default="both")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--reuse", action="store_true", help="keep an archive generated earlier")
    parser.add_argument(
        "--skip-generate",
        action="store_true",
        help="no generator: load the demo if the database is empty, pick pages from the record",
    )
    parser.add_argument(
        "--database-url", help="measure this existing database as it is (one engine)"
    )
    parser.add_argument("--actions-as-imported", action="store_true")
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--source", type=Path, default=ROOT, help="serve this checkout's code")
    cache = parser.add_mutually_exclusive_group()
    cache.add_argument(
        "--cache",
        dest="cache_passes",
        action="store_const",
        const="cached",
        help="only the cached pass of the anonymous pages",
    )
    cache.add_argument(
        "--no-cache",
        dest="cache_passes",
        action="store_const",
        const="uncached",
        help="only the uncached pass",
    )
    parser.set_defaults(cache_passes="both")
    parser.add_argument("--cache-seconds", type=int, help="SCRUTINY_PAGE_CACHE_SECONDS when cached")
    parser.add_argument("--redis-db", type=int, default=12, help="flushed at each server start")
    parser.add_argument(
        "--pages",
        type=lambda text: [name.strip() for name in text.split(",") if name.strip()],
        help="a subset: " + ",".join(p.name for p in PAGES) + ",pdf",
    )
    args = parser.parse_args()
    args.source = args.source.resolve()
    # Stopped from outside, still stop the servers (the finally clauses run on SystemExit).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    unknown = set(args.pages or []) - {p.name for p in PAGES} - {"pdf"}
    if unknown:
        parser.error(f"unknown pages: {', '.join(sorted(unknown))}")
    if args.database_url:
        engine = "sqlite" if args.database_url.startswith("sqlite") else "postgres"
        engines = [engine]
    else:
        engines = ["postgres", "sqlite"] if args.database == "both" else [args.database]

    record = "the demo council" if args.skip_generate else f"scale {args.scale:g}, seed {args.seed}"
    if args.database_url:
        record = "an existing database"
    print(
        f"{record}, {os.cpu_count()} CPUs, serving "
        f"{args.source} ({_commit(args.source)}), gunicorn {args.workers} workers"
    )
    missed: list[str] = []
    for engine in engines:
        for verdict in run_database(engine, args, args.source):
            if verdict.measured and not verdict.met:
                missed.append(f"{engine}: {verdict.target}")
    print()
    if missed:
        print(f"VERDICT: FAIL ({len(missed)} targets missed)")
        return 1
    print("VERDICT: PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
