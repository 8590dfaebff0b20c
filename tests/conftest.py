from collections.abc import Iterator

import pytest
from django.core.mail.utils import DNS_NAME

from tests.smtp import SMTPServer, running_smtp_server


@pytest.fixture
def smtp_server(settings, monkeypatch) -> Iterator[SMTPServer]:
    """A real SMTP server on 127.0.0.1, with Django's SMTP backend pointed at it.

    Yields the server: ``smtp_server.wait_for(1)`` returns the messages received so far
    (each with ``mail_from``, ``recipients``, ``message``, ``subject`` and ``body``)."""
    # Don't let the EHLO greeting wait on a DNS look-up of this machine's name.
    monkeypatch.setattr(DNS_NAME, "_fqdn", "localhost", raising=False)
    with running_smtp_server() as server:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = server.host
        settings.EMAIL_PORT = server.port
        settings.EMAIL_USE_TLS = False
        settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = ""
        settings.EMAIL_HOST_PASSWORD = ""
        settings.EMAIL_TIMEOUT = 10
        yield server
