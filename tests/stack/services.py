"""The pieces of the production stack (docs/deploy.md), each started on this machine as a
test's own: a PostgreSQL cluster it may stop, Redis, an S3 API server (moto's), the
application instances as the systemd unit runs them, and nginx with the site of deploy/."""

from __future__ import annotations

import configparser
import contextlib
import os
import shlex
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import boto3
import requests
from moto.server import ThreadedMotoServer

from tests.subprocesses import ROOT

DEPLOY = ROOT / "deploy"
VENV_BIN = Path(os.sys.executable).parent
SERVER_NAME = "scrutiny.example.gov.uk"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(check: Callable[[], object], *, timeout: float, what: str) -> object:
    deadline = time.monotonic() + timeout
    while True:
        try:
            value = check()
        except (OSError, requests.RequestException):
            value = None
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"Waited {timeout}s for {what}")
        time.sleep(0.2)


def missing_tools() -> list[str]:
    """What this machine lacks to bring the stack up."""
    needs = {"nginx": shutil.which("nginx"), "redis-server": shutil.which("redis-server")}
    needs["PostgreSQL's initdb"] = PostgreSQL.bin_dir()
    needs["openssl"] = shutil.which("openssl")
    return [name for name, found in needs.items() if not found]


def start(argv: list[str], log: Path, env: dict[str, str] | None = None) -> subprocess.Popen:
    """A process in a group of its own (so that it and its children can be killed
    together), its output in `log`."""
    with log.open("ab") as output:
        return subprocess.Popen(
            argv,
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def kill_group(process: subprocess.Popen, signum: int = signal.SIGKILL) -> None:
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signum)
    process.wait(timeout=30)


class PostgreSQL:
    """A cluster of the test's own, which it can stop and start again like a server's."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.data = folder / "data"
        self.port = free_port()
        self.bin = self.bin_dir()

    @staticmethod
    def bin_dir() -> Path | None:
        found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
        return found[-1].parent if found else None

    def _run(self, *argv: str) -> None:
        # PostgreSQL refuses to run as root; as root, it runs as the postgres user.
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        done = subprocess.run([*prefix, *argv], capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, f"{argv[0]}: {done.stdout}{done.stderr}"

    def init(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
        self._run(
            str(self.bin / "initdb"),
            *("-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8"),
            "--locale=C.UTF-8",
        )

    def start(self) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1"
        log = self.folder / "postgresql.log"
        self._run(
            str(self.bin / "pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(log),
            "-o",
            options,
            "-w",
            "start",
        )

    def stop(self) -> None:
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")

    def stop_quietly(self) -> None:
        with contextlib.suppress(AssertionError):  # already stopped
            self.stop()

    def create_database(self, name: str) -> str:
        self._run(
            str(self.bin / "createdb"),
            "-h",
            "127.0.0.1",
            "-p",
            str(self.port),
            "-U",
            "postgres",
            name,
        )
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"


class Redis:
    def __init__(self, folder: Path):
        self.port = free_port()
        argv = ["redis-server", "--bind", "127.0.0.1", "--port", str(self.port)]
        argv += ["--save", "", "--appendonly", "no", "--dir", str(folder)]
        self.process = start(argv, folder / "redis.log")
        wait_until(self._answers, timeout=30, what="Redis")

    def _answers(self) -> bool:
        with socket.create_connection(("127.0.0.1", self.port), timeout=1) as connection:
            connection.sendall(b"PING\r\n")
            return connection.recv(16).startswith(b"+PONG")

    def url(self, db: int) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def stop(self) -> None:
        kill_group(self.process, signal.SIGTERM)


class ObjectStore:
    """moto's S3 API server with one private bucket."""

    REGION = "eu-west-2"
    KEY, SECRET = "stack-key", "stack-secret"

    def __init__(self, bucket: str):
        self.bucket = bucket
        self.server = ThreadedMotoServer(ip_address="127.0.0.1", port=free_port(), verbose=False)
        self.server.start()
        host, port = self.server.get_host_and_port()
        self.endpoint = f"http://{host}:{port}"
        self.client = boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            region_name=self.REGION,
            aws_access_key_id=self.KEY,
            aws_secret_access_key=self.SECRET,
        )
        self.client.create_bucket(
            Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": self.REGION}
        )

    def keys(self) -> list[str]:
        listing = self.client.list_objects_v2(Bucket=self.bucket)
        return [stored["Key"] for stored in listing.get("Contents", [])]

    def read(self, key: str) -> bytes:
        return self.client.get_object(Bucket=self.bucket, Key=key)["Body"].read()

    def stop(self) -> None:
        self.server.stop()


def unit(name: str) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.read(DEPLOY / "systemd" / name)
    return parser["Service"]


def unit_command(name: str, instance: str = "") -> list[str]:
    """The unit's ExecStart, as systemd would run it here: this environment's Python and
    gunicorn for /srv/scrutiny/venv's, the instance for %i."""
    command = unit(name)["ExecStart"].replace("\\\n", " ").replace("%i", instance)
    argv = shlex.split(command)
    argv[0] = str(VENV_BIN / Path(argv[0]).name)
    return argv


class AppInstance:
    """One application instance, `scrutiny-web@PORT` as the unit runs it."""

    def __init__(self, folder: Path, env: dict[str, str]):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = folder / f"web-{self.port}.log"
        self.env = env
        self.start()

    def start(self) -> None:
        argv = unit_command("scrutiny-web@.service", str(self.port))
        self.process = start(argv, self.log, self.env)
        wait_until(self._up, timeout=60, what=f"the application on port {self.port}")

    def _up(self) -> bool:
        if self.process.poll() is not None:
            raise AssertionError(f"gunicorn stopped:\n{self.log.read_text()}")
        # As docs/deploy.md probes it: naming the site, the only host it answers for.
        answer = requests.get(f"{self.url}/healthz", headers={"Host": SERVER_NAME}, timeout=2)
        return answer.text == "ok"

    def kill(self) -> None:
        """Gone at once, as a crashed server is: SIGKILL to gunicorn and its workers."""
        kill_group(self.process)


class Nginx:
    """Debian's nginx with the site of deploy/nginx/scrutiny.conf: its own ports, the
    application instances', a certificate made here, logs and files in `folder`."""

    def __init__(self, folder: Path, instances: list[AppInstance], media_root: Path):
        self.folder = folder
        self.https_port, self.http_port = free_port(), free_port()
        self.url = f"https://127.0.0.1:{self.https_port}"
        key, certificate = folder / "key.pem", folder / "cert.pem"
        subprocess.run(
            [
                *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"),
                *("-keyout", str(key), "-out", str(certificate), "-subj", f"/CN={SERVER_NAME}"),
            ],
            check=True,
            capture_output=True,
        )
        site = (DEPLOY / "nginx" / "scrutiny.conf").read_text()
        live = f"/etc/letsencrypt/live/{SERVER_NAME}/"
        site = site.replace(f"{live}fullchain.pem", str(certificate))
        site = site.replace(f"{live}privkey.pem", str(key))
        site = site.replace("/var/log/nginx/", f"{folder}/")
        site = site.replace("/srv/scrutiny/var/media/", f"{media_root}/")
        site = site.replace("listen 443 ssl", f"listen 127.0.0.1:{self.https_port} ssl")
        site = site.replace("listen 80;", f"listen 127.0.0.1:{self.http_port};")
        site = "\n".join(line for line in site.splitlines() if "listen [::]" not in line)
        upstreams = [f"server 127.0.0.1:{i.port} " for i in instances]
        for documented, instance in zip(
            ("server 127.0.0.1:8001 ", "server 127.0.0.1:8002 "), upstreams, strict=True
        ):
            assert documented in site, f"{documented!r} is not in the nginx site"
            site = site.replace(documented, instance)
        (folder / "scrutiny.conf").write_text(site)
        # As root, nginx's workers would run as nobody, who cannot reach the test's folder.
        user = "user root;\n" if os.geteuid() == 0 else ""
        (folder / "nginx.conf").write_text(
            f"{user}daemon off;\npid {folder}/nginx.pid;\nerror_log {folder}/error.log;\n"
            "events {}\n"
            f"http {{\n  include /etc/nginx/mime.types;\n  include {folder}/scrutiny.conf;\n}}\n"
        )
        places = [
            "-c",
            str(folder / "nginx.conf"),
            "-p",
            str(folder),
            "-e",
            str(folder / "error.log"),
        ]
        self.process = start(["nginx", *places], folder / "nginx.out")
        wait_until(self._up, timeout=30, what="nginx")

    def _up(self) -> bool:
        if self.process.poll() is not None:
            raise AssertionError(f"nginx stopped:\n{(self.folder / 'error.log').read_text()}")
        answer = requests.get(
            f"{self.url}/healthz", headers={"Host": SERVER_NAME}, timeout=2, verify=False
        )
        return answer.text == "ok"

    def stop(self) -> None:
        kill_group(self.process, signal.SIGQUIT)
