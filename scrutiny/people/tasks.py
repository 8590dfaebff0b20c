"""Background work for signing in. Emails about an account go from the worker: asking for
an unlock link or a password reset then takes the page the same time whether or not the
account exists (`scrutiny.people.unlock`, `scrutiny.people.passwords`)."""

from django_tasks import task

from scrutiny.people.passwords import invitation_email_send, password_reset_email_send
from scrutiny.people.unlock import unlock_email_send


@task()
def send_unlock_email(username: str) -> int:
    """Email an unlock link to the account with this username, if there is one with an
    address; returns how many were sent (0 or 1, as a rule)."""
    return unlock_email_send(username=username)


@task()
def send_invitation_email(user_id: int) -> int:
    """Email the invitation to set a password to a new account; returns 0 or 1."""
    return invitation_email_send(user_id=user_id)


@task()
def send_password_reset_email(email: str) -> int:
    """Email a password reset link to each account with this address; returns how many."""
    return password_reset_email_send(email=email)
