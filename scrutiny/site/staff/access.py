"""Gates for staff pages: signed in (else the sign-in page), then allowed to use this kind
of page (else 403). Whether the user may touch a particular record is asked by the
permission-checked fetches in `scrutiny.committees.permissions` and
`scrutiny.reviews.permissions` (else 404)."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from scrutiny.committees.permissions import can_use_workspace


def staff_page(allowed: Callable = can_use_workspace):
    def decorator(view):
        @login_required
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not can_use_workspace(request.user) or not allowed(request.user):
                return render(request, "site/staff/forbidden.html", status=403)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
