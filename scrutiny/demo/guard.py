"""The demo council and the generated archive are for trying and measuring the tracker,
not for a council's live record. Under production settings the commands that write them
are refused unless asked for by a flag, and then no sign-in gets the published demo
password."""

import os
import secrets

from django.conf import settings

ALLOW_PRODUCTION_WARNING = (
    "WARNING: these are production settings. Demo data is being written to this site's "
    "database and every demo sign-in is a real account there: remove them when done."
)


def production_settings() -> bool:
    """The production settings module, or any other that runs without DEBUG: a council's
    own settings module is as live as ours. The test suite's settings are not."""
    # Overridden settings (override_settings, in tests) do not carry the module's name;
    # the environment that chose them does.
    module = getattr(settings, "SETTINGS_MODULE", None) or os.environ.get(
        "DJANGO_SETTINGS_MODULE", ""
    )
    if module.endswith(".production"):
        return True
    return not settings.DEBUG and not module.endswith(".test")


def random_password() -> str:
    return secrets.token_urlsafe(18)
