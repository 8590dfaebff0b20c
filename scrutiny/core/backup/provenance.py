"""What a backup or an export says about where it came from: the application's version and
the migrations its database had reached, and which migrations this code knows."""

import tomllib

from django.conf import settings
from django.db import connection
from django.db.migrations.loader import MigrationLoader


def app_version() -> str:
    """The version in pyproject.toml, as installed beside the code."""
    try:
        with open(settings.BASE_DIR / "pyproject.toml", "rb") as file:
            return tomllib.load(file)["project"]["version"]
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "unknown"


def applied_migrations(cursor) -> list[str]:
    """ "app.migration" for every migration the database read through `cursor` has applied."""
    cursor.execute(
        f"SELECT app, name FROM {connection.ops.quote_name('django_migrations')} "  # noqa: S608
        "ORDER BY app, name"
    )
    return [f"{app}.{name}" for app, name in cursor.fetchall()]


def known_migrations() -> set[str]:
    """Every migration this code has, applied or not."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return {f"{app}.{name}" for app, name in loader.disk_migrations}
