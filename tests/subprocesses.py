"""Running the project's own commands in separate processes, as a server runs them: the
environment they get, and a database of their own that the test can hand them."""

from __future__ import annotations

import os
import secrets
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
# What a test's own settings put in the environment, none of which a child should inherit.
INHERITED_NOT = ("DJANGO_", "DATABASE_", "SCRUTINY_", "EMAIL_", "PYTEST_")


def django_env(database_url: str, var_dir: Path, **extra: str) -> dict[str, str]:
    """The environment of a child process running the local settings on `database_url`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(INHERITED_NOT)}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.local",
        DATABASE_URL=database_url,
        SCRUTINY_VAR_DIR=str(var_dir),
        PYTHONPATH=str(ROOT),
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


def on_postgresql() -> bool:
    return settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


def _server_url(database: dict, name: str) -> str:
    user = database.get("USER") or "postgres"
    password = f":{database['PASSWORD']}" if database.get("PASSWORD") else ""
    host = database.get("HOST") or "127.0.0.1"
    port = database.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{name}"


@contextmanager
def scratch_database(tmp_path: Path, template: str | None = None) -> Iterator[str]:
    """A database of its own (not the test database, which only this process may see):
    on PostgreSQL a new database on the tests' server, else an SQLite file. `template`
    (a URL this returned earlier) is copied. Yields its URL; dropped afterwards."""
    if not on_postgresql():
        path = tmp_path / f"scratch-{secrets.token_hex(4)}.sqlite3"
        if template is not None:
            shutil.copyfile(template.removeprefix("sqlite:///"), path)
        yield f"sqlite:///{path}"
        return
    database = settings.DATABASES["default"]
    name = f"{database['NAME'][:40]}_scratch_{secrets.token_hex(4)}"
    copy = f" TEMPLATE {template.rsplit('/', 1)[1]}" if template else ""
    admin = _server_url(database, "postgres")
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f"CREATE DATABASE {name}{copy}")
    try:
        yield _server_url(database, name)
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
