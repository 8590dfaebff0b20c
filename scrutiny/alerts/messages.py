"""The alert emails: the confirmation asked for by the follow form, and the daily
digest. Each is plain text with an HTML alternative from the same context. Every digest
carries its unsubscribe link in the text and in the List-Unsubscribe and
List-Unsubscribe-Post headers (RFC 8058: a mail program may unsubscribe in one click)."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from scrutiny.alerts.models import Subscriber
from scrutiny.alerts.selectors import (
    DIGEST_HOLDS,
    Section,
    site_url,
    target_kind,
    target_name,
    target_url,
)


def _message(*, subject: str, template: str, context: dict, to: str, headers=None):
    context = {"council_name": settings.COUNCIL_NAME, **context}
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"alerts/email/{template}.txt", context),
        to=[to],
        headers=headers or {},
    )
    message.attach_alternative(
        render_to_string(f"alerts/email/{template}.html", context), "text/html"
    )
    return message


def confirmation_email(*, email: str, target, token: str) -> EmailMultiAlternatives:
    """The email asking the address to confirm it wants the digest about `target`."""
    name = target_name(target)
    context = {
        "name": name,
        "holds": DIGEST_HOLDS[target_kind(target)],
        "page_url": target_url(target),
        "confirm_url": site_url(reverse("site:follow_confirm", args=[token])),
        "days": settings.SCRUTINY_ALERTS_CONFIRM_DAYS,
    }
    return _message(
        subject=f"Confirm you want emails about {name}",
        template="confirm",
        context=context,
        to=email,
    )


def unsubscribe_url(subscriber: Subscriber) -> str:
    return site_url(reverse("site:unsubscribe", args=[subscriber.token]))


def digest_email(*, subscriber: Subscriber, sections: list[Section], day) -> EmailMultiAlternatives:
    url = unsubscribe_url(subscriber)
    context = {"sections": sections, "day": day, "unsubscribe_url": url}
    return _message(
        subject=f"{settings.COUNCIL_NAME} scrutiny: what is new, {day:%-d %B %Y}",
        template="digest",
        context=context,
        to=subscriber.email,
        headers={
            "List-Unsubscribe": f"<{url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
