"""Background work for signing in: the unlock email goes from the worker, so asking for one
takes the page the same time whether or not the account exists (`scrutiny.people.unlock`)."""

from django_tasks import task

from scrutiny.people.unlock import unlock_email_send


@task()
def send_unlock_email(username: str) -> int:
    """Email an unlock link to the account with this username, if there is one with an
    address; returns how many were sent (0 or 1, as a rule)."""
    return unlock_email_send(username=username)
