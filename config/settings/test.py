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
