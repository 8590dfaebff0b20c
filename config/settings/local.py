"""The embedded default: SQLite under var/, debug pages, email printed to the console."""

import os
import warnings

from config.settings.base import *  # noqa: F403

DEBUG = True
SECRET_KEY = SECRET_KEY or "local-development-only-not-secret"  # noqa: F405
if "EMAIL_BACKEND" not in os.environ:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# Static files are found in the apps here; STATIC_ROOT is for `collectstatic` in production.
warnings.filterwarnings("ignore", message="No directory at: ")
