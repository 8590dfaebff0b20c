"""Production: every secret from the environment, HTTPS only, no debug, logs as JSON.

`manage.py check --deploy` is clean with the environment of deploy/scrutiny.env.example
(tests/test_deploy_settings.py)."""

import os

from django.core.exceptions import ImproperlyConfigured

from config.settings.base import *  # noqa: F403

if not SECRET_KEY:  # noqa: F405
    raise ImproperlyConfigured("Set DJANGO_SECRET_KEY to a long random value.")
DEBUG = False

# HTTPS only. nginx ends TLS and says so in X-Forwarded-Proto (it sets the header itself;
# the application listens on 127.0.0.1 only, so nobody else can).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)  # noqa: F405
# The health checks answer a probe on the application's own port, over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# Browsers refuse plain HTTP to the site for a year once they have seen it. The site's own
# subdomains too, and consent to the browsers' preload list (which takes a council's whole
# domain only when its owner submits it): turn either off if the domain is shared.
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", str(365 * 24 * 60 * 60)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", True)  # noqa: F405
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", True)  # noqa: F405
SECURE_CONTENT_TYPE_NOSNIFF = True

# Compressed copies and hashed names, cached for ever (scrutiny.core.static_files): run
# `manage.py collectstatic` at each release, before the new code serves a page.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "scrutiny.core.static_files.HashedStaticFiles"},
}

LOGGING = logging_config(os.environ.get("SCRUTINY_LOG_FORMAT", "json").strip().lower())  # noqa: F405
