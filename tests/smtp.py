"""A real SMTP server on the loopback interface, for tests that send email through
Django's SMTP backend exactly as production does."""

from __future__ import annotations

import asyncio
import contextlib
import email
import email.policy
import errno
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import EmailMessage

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

HOST = "127.0.0.1"


@dataclass(frozen=True)
class ReceivedMessage:
    mail_from: str
    recipients: list[str]
    message: EmailMessage

    @property
    def subject(self) -> str:
        return str(self.message["Subject"])

    @property
    def body(self) -> str:
        """The plain-text body (the text/plain part of a multipart message)."""
        part = self.message.get_body(preferencelist=("plain",))
        return part.get_content() if part is not None else ""


class SMTPServer:
    """Collects every message it accepts. Use ``wait_for`` rather than reading
    ``messages`` straight away: delivery happens on the server's own thread."""

    def __init__(self) -> None:
        self.host = HOST
        self.port = 0
        self.messages: list[ReceivedMessage] = []
        self._arrived = threading.Condition()

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        content = envelope.original_content or envelope.content
        if isinstance(content, str):
            content = content.encode()
        parsed = email.message_from_bytes(content, policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)
        received = ReceivedMessage(
            mail_from=envelope.mail_from or "",
            recipients=list(envelope.rcpt_tos),
            message=parsed,
        )
        with self._arrived:
            self.messages.append(received)
            self._arrived.notify_all()
        return "250 Message accepted for delivery"

    def wait_for(self, count: int, timeout: float = 5) -> list[ReceivedMessage]:
        """Wait until at least ``count`` messages have arrived and return them all."""
        deadline = time.monotonic() + timeout
        with self._arrived:
            while len(self.messages) < count:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    subjects = [m.subject for m in self.messages]
                    raise AssertionError(
                        f"expected {count} message(s) within {timeout}s, "
                        f"got {len(self.messages)}: {subjects}"
                    )
                self._arrived.wait(remaining)
            return list(self.messages)

    def clear(self) -> None:
        with self._arrived:
            self.messages.clear()


class HoldingSMTPServer(SMTPServer):
    """Holds the `hold_at`-th connection at one stage, until released: "connecting" (its
    greeting: the sender has not handed the email over) or "data" (the whole email
    received and kept, the answer not yet given: the sender has handed it over)."""

    def __init__(self, stage: str, hold_at: int = 2):
        super().__init__()
        self.stage, self.hold_at = stage, hold_at
        self.seen = {"connecting": 0, "data": 0}
        self.holding = threading.Event()
        self.released = threading.Event()

    async def _hold_if_due(self, stage: str) -> None:
        self.seen[stage] += 1
        if stage == self.stage and self.seen[stage] == self.hold_at:
            self.holding.set()
            while not self.released.is_set():
                await asyncio.sleep(0.05)

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        session.host_name = hostname
        await self._hold_if_due("connecting")
        return responses

    async def handle_DATA(self, server, session, envelope):
        # Kept before answering, as a mail server queues an email it has received whole:
        # the client leaving before the answer does not lose it.
        answer = await super().handle_DATA(server, session, envelope)
        await self._hold_if_due("data")
        return answer


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def running_smtp_server(
    attempts: int = 5, server: SMTPServer | None = None
) -> Iterator[SMTPServer]:
    """Start an SMTP server (`server`, or a plain one) on a free loopback port for the
    duration of the block."""
    server = server or SMTPServer()
    for attempt in range(attempts):
        server.port = _free_port()
        controller = Controller(server, hostname=HOST, port=server.port)
        try:
            controller.start()
        except OSError as error:
            # Another process took the port between probing and binding: try another.
            if error.errno != errno.EADDRINUSE or attempt == attempts - 1:
                raise
            continue
        break
    try:
        yield server
    finally:
        controller.stop()
