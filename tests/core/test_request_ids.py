"""Each request's id (nginx's X-Request-ID, or one made here) on its response and in every
log record written while it is answered, as JSON lines in production; and the client's
address taken from X-Real-IP only on a connection from a trusted proxy."""

import io
import json
import logging
import re
from logging.config import DictConfigurator

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client

from config.settings.base import logging_config

pytestmark = pytest.mark.django_db
NGINX_ID = "4c2b0e8f9d1a4b7c8e3f6a5d2c1b0a9f"  # nginx's $request_id: 32 hex digits


@pytest.fixture
def json_log():
    """What the production logging writes for the `django.request` logger, one JSON object
    a line, built from the settings' own configuration."""
    config = logging_config("json")
    configurator = DictConfigurator(config)
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(configurator.configure_formatter(dict(config["formatters"]["json"])))
    handler.addFilter(configurator.configure_filter(dict(config["filters"]["request_id"])))
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    logger.removeHandler(handler)


def test_a_request_without_an_id_is_given_one_on_its_response(client):
    first, second = client.get("/healthz"), client.get("/healthz")
    assert re.fullmatch(r"[0-9a-f]{32}", first["X-Request-ID"])
    assert first["X-Request-ID"] != second["X-Request-ID"]


def test_nginx_request_id_is_kept_and_a_strange_one_replaced(client):
    assert client.get("/healthz", headers={"x-request-id": NGINX_ID})["X-Request-ID"] == NGINX_ID
    strange = client.get("/healthz", headers={"x-request-id": "<script>\n"})["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", strange)


def test_static_files_carry_the_request_id_too(client, settings):
    settings.WHITENOISE_USE_FINDERS = True  # nothing is collected for the tests
    response = client.get("/static/site/app.css", headers={"x-request-id": NGINX_ID})
    assert response.status_code == 200
    assert response["X-Request-ID"] == NGINX_ID


def test_the_log_records_of_a_request_are_json_lines_with_its_id(client, json_log):
    client.get("/no-such-page/", headers={"x-request-id": NGINX_ID})
    [record] = json_log()
    assert record["request_id"] == NGINX_ID
    assert record["level"] == "WARNING"
    assert record["logger"] == "django.request"
    assert record["message"] == "Not Found: /no-such-page/"
    assert re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", record["time"])


def test_a_failure_is_logged_with_its_traceback_and_id(json_log):
    from django.middleware.common import CommonMiddleware

    original = CommonMiddleware.process_request
    CommonMiddleware.process_request = lambda self, request: 1 / 0
    try:
        Client(raise_request_exception=False).get("/", headers={"x-request-id": NGINX_ID})
    finally:
        CommonMiddleware.process_request = original
    [record] = json_log()
    assert record["request_id"] == NGINX_ID and record["level"] == "ERROR"
    assert "ZeroDivisionError" in record["exc_info"]


def test_the_log_format_is_text_or_json_only():
    assert logging_config("text")["handlers"]["console"]["formatter"] == "text"
    with pytest.raises(Exception, match="text or json"):
        logging_config("xml")


def failed_sign_in(remote_addr: str, real_ip: str | None = None) -> str:
    headers = {"x-real-ip": real_ip} if real_ip else {}
    Client(REMOTE_ADDR=remote_addr).post(
        "/accounts/login/", {"username": "nobody", "password": "wrong"}, headers=headers
    )
    return AccessAttempt.objects.order_by("-id").values_list("ip_address", flat=True).first()


def test_behind_nginx_the_lockout_counts_the_clients_own_address(settings):
    settings.SCRUTINY_TRUSTED_PROXIES = ["127.0.0.1"]
    assert failed_sign_in("127.0.0.1", real_ip="203.0.113.9") == "203.0.113.9"


def test_x_real_ip_from_anyone_but_a_trusted_proxy_is_ignored(settings):
    settings.SCRUTINY_TRUSTED_PROXIES = ["127.0.0.1"]
    assert failed_sign_in("198.51.100.7", real_ip="203.0.113.9") == "198.51.100.7"
    settings.SCRUTINY_TRUSTED_PROXIES = []
    assert failed_sign_in("127.0.0.1", real_ip="203.0.113.10") == "127.0.0.1"


def test_a_trusted_proxys_unusable_header_leaves_its_own_address(settings):
    settings.SCRUTINY_TRUSTED_PROXIES = ["127.0.0.1"]
    assert failed_sign_in("127.0.0.1", real_ip="not an address") == "127.0.0.1"


def test_the_lockout_reads_the_address_the_middleware_leaves():
    # The lockout's address is REMOTE_ADDR (scrutiny.people.lockout.client_address), which
    # the proxy middleware sets before anything reads it.
    order = settings.MIDDLEWARE
    assert order.index("scrutiny.core.proxy.RealClientAddressMiddleware") < order.index(
        "axes.middleware.AxesMiddleware"
    )
