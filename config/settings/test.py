"""The test suite: fast hashing, files in a temporary folder, tasks run in-process."""

import tempfile

from config.settings.base import *  # noqa: F403

SECRET_KEY = "tests-only"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = tempfile.mkdtemp(prefix="scrutiny-test-media-")
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Each test process keeps its own cache in memory. Pages are not cached unless a test asks
# (tests/site/public/test_cache.py and others turn it on and clear it): most tests write
# inside a transaction that never commits, so versions would never move under them.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SCRUTINY_PAGE_CACHE_SECONDS = 0
# No listener thread: its own connection would hold the test database open at teardown,
# and most tests' bumps never commit. tests/core/test_version_listener.py turns it on.
SCRUTINY_VERSION_LISTENER = False
# The demo as of the day its story ends, so tests read the same record whatever today is
# (tests/test_demo.py loads it as of later days too).
SCRUTINY_DEMO_AS_OF = "2024-11-18"
# Nothing is collected for the tests: static files are found in the apps (WhiteNoise would
# otherwise warn at every start that STATIC_ROOT is missing).
STATIC_ROOT = None
# Emails the test mail server refuses are tried again without pausing (tests of the pause
# set their own).
SCRUTINY_EMAIL_RETRY_SECONDS = 0
