"""Running the project's own commands in separate processes, as a server runs them, and
the environment they get."""

from __future__ import annotations

import os
import sys
from pathlib import Path

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
