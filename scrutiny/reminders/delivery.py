"""Handing one email to the mail server, and what its answer means.

The connection is opened (connect, greeting, TLS, sign-in) before the email is handed
over, so a server that cannot be reached, or refuses the sign-in, has certainly not
received it. The
caller is asked just before the handing over (`hand_over`), so that it can record, and
commit, that the email may now reach the server. Then:

- the server accepts it: sent;
- the server answers with an error (a 4xx or 5xx reply: refused, mailbox full, try later):
  it has not taken the email; a 4xx reply is worth trying again soon;
- the connection fails or times out part-way: nobody can tell whether the server kept the
  email, so it is unknown, and never sent again without a person's word.
"""

import contextlib
import enum
import smtplib
from collections.abc import Callable
from dataclasses import dataclass

from django.core.mail import EmailMessage, get_connection


class Outcome(enum.Enum):
    SENT = "sent"
    REFUSED = "refused"  # the server answered no: it does not have the email
    UNREACHABLE = "unreachable"  # never handed over: no connection, or the sign-in failed
    UNKNOWN = "unknown"  # handed over, and the conversation broke off: it may have arrived
    WITHDRAWN = "withdrawn"  # not handed over: the caller no longer holds the email


@dataclass(frozen=True)
class Delivery:
    outcome: Outcome
    error: str = ""
    transient: bool = False  # worth trying again in a moment (no connection, a 4xx reply)


# The server answered: these mean it has not taken the email.
ANSWERED = (
    smtplib.SMTPResponseException,
    smtplib.SMTPRecipientsRefused,
    smtplib.SMTPNotSupportedError,
)


def describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"[:1000]


def temporary(error: BaseException) -> bool:
    """A 4xx reply (try again later), or no reply at all; not a 5xx (permanent) one."""
    if isinstance(error, smtplib.SMTPResponseException):
        return 400 <= error.smtp_code < 500
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(400 <= code < 500 for code, _ in error.recipients.values())
    return not isinstance(error, smtplib.SMTPNotSupportedError)


def deliver(message: EmailMessage, *, hand_over: Callable[[], bool]) -> Delivery:
    """Send `message` through the configured email backend, in its own connection.
    `hand_over()` is called once the connection is open; if it returns False nothing is
    sent (WITHDRAWN)."""
    connection = get_connection(fail_silently=False)
    try:
        connection.open()
        server = getattr(connection, "connection", None)
        if isinstance(server, smtplib.SMTP):
            # Greet it now (Django's backend does only for TLS or a sign-in): a server that
            # cannot hold a conversation is found before anything is handed over.
            server.ehlo_or_helo_if_needed()
    except OSError as error:  # smtplib's errors are OSErrors too
        return Delivery(Outcome.UNREACHABLE, describe(error), transient=temporary(error))
    try:
        if not hand_over():
            return Delivery(Outcome.WITHDRAWN)
        try:
            sent = connection.send_messages([message])
        except ANSWERED as error:
            return Delivery(Outcome.REFUSED, describe(error), transient=temporary(error))
        except OSError as error:
            return Delivery(Outcome.UNKNOWN, describe(error))
        if not sent:
            return Delivery(Outcome.REFUSED, "The email backend did not send it.")
        return Delivery(Outcome.SENT)
    finally:
        with contextlib.suppress(OSError):
            connection.close()
