"""The production stack of docs/deploy.md brought up once for tests/stack: nginx in front
of two application instances (gunicorn, as deploy/systemd/scrutiny-web@.service runs it)
on one PostgreSQL, one Redis and one S3 API store, with the settings of
deploy/scrutiny.env.example, and two worker processes each restarted whenever it stops, as
systemd restarts deploy/systemd/scrutiny-worker.service, sending to a real SMTP server.

Marked `stack`: `make test` leaves these tests out unless STACK=1 (CI runs them once, on its
PostgreSQL pass). Without nginx, redis-server or PostgreSQL's server programs they are
skipped, except on CI, where that is a failure."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import pytest

from scrutiny.core.supervisor import Supervisor
from tests.smtp import HoldingSMTPServer, running_smtp_server
from tests.stack.services import (
    AppInstance,
    Nginx,
    ObjectStore,
    PostgreSQL,
    Redis,
    missing_tools,
    unit,
    unit_command,
    wait_until,
)
from tests.subprocesses import PYTHON, ROOT
from tests.test_deploy_settings import documented_environment
from tests.worker.test_reminders_killed import RUN_AT
from tests.worker.world import CLOCK

BUCKET = "scrutiny-stack"
REMINDER_COMMITTEES = 3  # two owners to remind on each: six emails


@dataclass
class Stack:
    folder: Path
    env: dict[str, str]
    postgresql: PostgreSQL
    store: ObjectStore
    smtp: HoldingSMTPServer
    instances: list[AppInstance] = field(default_factory=list)
    nginx: Nginx | None = None
    workers: list[Supervisor] = field(default_factory=list)
    record: dict = field(default_factory=dict)

    @property
    def url(self) -> str:
        return self.nginx.url

    def manage(self, *args: str, env: dict[str, str] | None = None) -> str:
        done = subprocess.run(
            [PYTHON, *args],
            cwd=ROOT,
            env=env or self.env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    def worker_env(self) -> dict[str, str]:
        """The workers' environment: a quick heartbeat, and their clock
        on the day tests/reminders' world sends reminders (in 2025)."""
        return {
            **self.env,
            "SCRUTINY_WORKER_HEARTBEAT_SECONDS": "1",
            "PYTHONPATH": f"{CLOCK}:{ROOT}",
            "SCRUTINY_TEST_CLOCK_OFFSET": str(RUN_AT.timestamp() - time.time()),
        }

    def start_worker(self, n: int) -> Supervisor:
        command = shlex.join(unit_command("scrutiny-worker.service"))
        log = self.folder / f"worker-{n}.log"
        return Supervisor(
            ["/bin/sh", "-c", f'exec {command} >> "{log}" 2>&1'],
            name=f"worker {n}",
            first_pause=float(unit("scrutiny-worker.service")["RestartSec"]),
            env=self.worker_env(),
            cwd=str(ROOT),
        ).start()

    def rows(self, sql: str) -> list[tuple]:
        with psycopg.connect(self.env["DATABASE_URL"]) as database:
            return database.execute(sql).fetchall()

    def logs(self) -> str:
        return "\n".join(
            f"== {path.name}\n{path.read_text(errors='replace')[-4000:]}"
            for path in sorted(self.folder.glob("*.log"))
        )


def stack_environment(
    folder: Path, database_url: str, redis: Redis, store: ObjectStore, smtp: HoldingSMTPServer
) -> dict[str, str]:
    """The documented environment, pointed at this machine's services."""
    return documented_environment(
        SCRUTINY_VAR_DIR=str(folder / "var"),
        DATABASE_URL=database_url,
        SCRUTINY_CACHE_URL=redis.url(1),
        SCRUTINY_STORAGE="s3",
        SCRUTINY_S3_BUCKET=store.bucket,
        SCRUTINY_S3_ENDPOINT_URL=store.endpoint,
        SCRUTINY_S3_REGION=store.REGION,
        SCRUTINY_S3_ACCESS_KEY_ID=store.KEY,
        SCRUTINY_S3_SECRET_ACCESS_KEY=store.SECRET,
        SCRUTINY_S3_ADDRESSING_STYLE="path",
        SCRUTINY_S3_PREFIX="tracker/",
        # The application streams files from a bucket itself: nothing for nginx to send.
        SCRUTINY_X_ACCEL_REDIRECT="",
        # The test's mail server takes mail as it comes, without TLS or a password.
        EMAIL_HOST=smtp.host,
        EMAIL_PORT=str(smtp.port),
        EMAIL_HOST_USER="",
        EMAIL_HOST_PASSWORD="",
        EMAIL_USE_TLS="",
        PYTHONUNBUFFERED="1",
    )


@pytest.fixture(scope="package")
def stack() -> Iterator[Stack]:
    missing = missing_tools()
    if missing:
        packages = "apt-get install nginx redis-server postgresql openssl"
        reason = f"The stack test needs {', '.join(missing)} ({packages})"
        if os.environ.get("CI"):
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    # Under /tmp, not pytest's folder: PostgreSQL's own user must reach its cluster.
    folder = Path(tempfile.mkdtemp(prefix="scrutiny-stack-"))
    folder.chmod(0o755)
    with ExitStack() as on_exit:
        on_exit.callback(shutil.rmtree, folder, ignore_errors=True)
        postgresql = PostgreSQL(folder / "postgresql")
        postgresql.init()
        postgresql.start()
        on_exit.callback(postgresql.stop_quietly)
        redis = Redis(folder)
        on_exit.callback(redis.stop)
        store = ObjectStore(BUCKET)
        on_exit.callback(store.stop)
        # Holds no connection until a test says which.
        smtp = on_exit.enter_context(running_smtp_server(server=HoldingSMTPServer("connecting", 0)))
        database = postgresql.create_database("scrutiny")
        env = stack_environment(folder, database, redis, store, smtp)
        (folder / "var").mkdir()
        stack = Stack(folder, env, postgresql, store, smtp)
        # The release steps of docs/deploy.md, then the record the tests work on.
        stack.manage("manage.py", "check", "--deploy", "--fail-level", "WARNING")
        stack.manage("manage.py", "migrate", "--noinput", "-v0")
        stack.manage("manage.py", "collectstatic", "--noinput", "-v0")
        stack.record = json.loads(
            stack.manage("-m", "tests.stack.control", "setup", str(REMINDER_COMMITTEES))
        )
        for _ in range(2):
            stack.instances.append(AppInstance(folder, env))
            on_exit.callback(stack.instances[-1].kill)
        stack.nginx = Nginx(folder, stack.instances, folder / "var" / "media")
        on_exit.callback(stack.nginx.stop)
        for n in (1, 2):
            stack.workers.append(stack.start_worker(n))
            on_exit.callback(stack.workers[-1].stop)
        wait_until(
            lambda: len(stack.rows("SELECT 1 FROM core_workerheartbeat")) == 2,
            timeout=60,
            what="both workers",
        )
        yield stack
