"""Emails to an account about signing in: unlock links, invitations and password resets.
Each is plain text with an HTML alternative saying the same, from the templates under
`people/email/`, and carries the username, the council's name and a link: nothing of the
record, so nothing exempt can reach an inbox through them."""

import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)


def account_email(user) -> str:
    """Where an account's own email goes: the sign-in's address, else its person's."""
    person = getattr(user, "person", None)
    return user.email or (person.email if person is not None else "")


def account_message(*, subject: str, template: str, context: dict, to: str):
    """The message from `people/email/<template>.txt` and `.html`."""
    context = {"council_name": settings.COUNCIL_NAME, **context}
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"people/email/{template}.txt", context),
        to=[to],
    )
    html = render_to_string(f"people/email/{template}.html", context)
    message.attach_alternative(html, "text/html")
    return message


def delivered(message: EmailMultiAlternatives, *, what: str) -> bool:
    """Hand the message to the mail server; False (and a warning in the log) when it
    refuses it or cannot be reached."""
    try:
        message.send(fail_silently=False)
    except (smtplib.SMTPException, OSError) as error:
        logger.warning("%s could not be sent: %s", what, error)
        return False
    return True
