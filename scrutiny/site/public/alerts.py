"""Following a committee, a review or a recommendation by email: the form (also on those
pages), the confirmation link, and the unsubscribe link. The form and the unsubscribe
link need no CSRF token: the form only sends a confirmation email (nothing is followed
until the address confirms, through a page that has one), and a mail program's one-click
unsubscribe (RFC 8058) posts without one; the secret in the link is what authorises it.
So the public pages carrying the form stay cacheable."""

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from scrutiny.alerts import selectors, services
from scrutiny.core.errors import Refused


class _Form:
    """Enough of a form for the page title's "Error:" prefix."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = errors


def follow_context(target) -> dict:
    kind = selectors.target_kind(target)
    return {
        "follow_name": selectors.target_name(target),
        "follow_url": selectors.target_url(target),
        "follow_kind": kind,
        "follow_holds": selectors.DIGEST_HOLDS[kind],
        "follow_pk": target.pk,
    }


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def follow(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    target = selectors.follow_target(kind, pk)
    if target is None:
        raise Http404("Nothing to follow")
    errors: dict[str, str] = {}
    email = ""
    if request.method == "POST":
        email = request.POST.get("email", "")[:320]
        try:
            services.follow_request(email=email, kind=kind, pk=pk)
        except Refused as refusal:
            errors[refusal.field] = refusal.reason
        else:
            return redirect("site:follow_sent", kind=kind, pk=pk)
    context = {**follow_context(target), "errors": errors, "form": _Form(errors), "email": email}
    return render(request, "site/public/follow.html", context)


@require_http_methods(["GET", "HEAD"])
def follow_sent(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    target = selectors.follow_target(kind, pk)
    if target is None:
        raise Http404("Nothing to follow")
    context = {**follow_context(target), "days": settings.SCRUTINY_ALERTS_CONFIRM_DAYS}
    return render(request, "site/public/follow_sent.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
def follow_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks (a mail program opening the link confirms nothing); POST confirms."""
    found = services.follow_request_read(token)
    if found is None:
        return render(request, "site/public/follow_confirm.html", {}, status=404)
    email, target = found
    if request.method == "POST":
        follow = services.follow_confirm(token=token)
        return render(request, "site/public/follow_confirmed.html", follow_context(follow.target))
    context = {**follow_context(target), "email": email}
    return render(request, "site/public/follow_confirm.html", context)


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks; POST (the page's button, or a mail program's one-click POST) deletes."""
    if request.method == "POST":
        services.unsubscribe(token=token)
        return render(request, "site/public/unsubscribe.html", {"done": True})
    subscriber = selectors.subscriber_for(token)
    follows = selectors.followed_names(subscriber) if subscriber is not None else []
    return render(request, "site/public/unsubscribe.html", {"follows": follows})
