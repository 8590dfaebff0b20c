"""The site's own error pages (templates 400, 403, 404, 500, 503 and 403_csrf), in the
site's layout.

404 and 403 are Django's own views with our templates. The others are rendered here with
no request behind them, so they need neither the database nor the session: the 500 page
must appear when either has failed. A request that failed because the database could not
be reached (the server down or restarting, the connection lost) is answered 503 with
`Retry-After`, not 500: nothing is wrong with the request, and it will work again soon.
"""

import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control
from django_guid import get_guid

# Seconds a client is asked to wait before trying again while the database is away.
RETRY_AFTER_SECONDS = 30


def _page(template: str, status: int) -> HttpResponse:
    context = {"council_name": settings.COUNCIL_NAME, "request_id": get_guid()}
    response = HttpResponse(render_to_string(template, context), status=status)
    # Never kept: by a shared cache least of all, since nobody could be asked who is signed in.
    patch_cache_control(response, private=True, no_store=True)
    return response


def bad_request(request, exception=None) -> HttpResponse:
    return _page("400.html", 400)


def csrf_failure(request, reason: str = "") -> HttpResponse:
    return _page("403_csrf.html", 403)


def database_unavailable() -> HttpResponse:
    response = _page("503.html", 503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def server_error(request) -> HttpResponse:
    """Django calls this while handling the exception, so it is the one in hand."""
    if isinstance(sys.exception(), OperationalError | InterfaceError):
        return database_unavailable()
    return _page("500.html", 500)
