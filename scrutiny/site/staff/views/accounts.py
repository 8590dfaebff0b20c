"""The administrators' accounts pages: every account with its roles and seats; an account
made or changed whole (sign-in, roles, person, committee seats); switched off or on; its
invitation sent again. Each write is one call to its service."""

from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from scrutiny.committees.accounts import account_save
from scrutiny.committees.selectors import seats_on
from scrutiny.people.accounts import account_set_active
from scrutiny.people.invitations import invitation_send
from scrutiny.people.permissions import can_manage_accounts
from scrutiny.people.roles import Role
from scrutiny.people.selectors import accounts
from scrutiny.site.staff.access import staff_page
from scrutiny.site.staff.forms.accounts import AccountConfirmForm, AccountForm, seat_field_name
from scrutiny.site.staff.views.common import form_page, posted

ACCOUNTS_PER_PAGE = 50


def _crumbs(*trail):
    return [
        ("Staff", reverse("staff:dashboard")),
        ("Accounts", reverse("staff:accounts")),
        *trail,
    ]


def role_names(user) -> list[str]:
    names = {group.name for group in user.groups.all()}
    labels = [role.label for role in Role if role.label in names]
    return ["Administrator", *labels] if user.is_superuser else labels


@staff_page(can_manage_accounts)
def account_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(accounts(), ACCOUNTS_PER_PAGE).get_page(request.GET.get("page"))
    people = {user.pk: getattr(user, "person", None) for user in page}
    seats = seats_on([p.pk for p in people.values() if p], timezone.localdate())
    rows = [
        {
            "user": user,
            "roles": role_names(user),
            "person": people[user.pk],
            "seats": seats.get(people[user.pk].pk, []) if people[user.pk] else [],
            "waiting": user.is_active and not user.has_usable_password(),
        }
        for user in page
    ]
    context = {"rows": rows, "page": page, "breadcrumbs": _crumbs()}
    return render(request, "site/staff/account_list.html", context)


def _save(request, form, user):
    def save(data):
        return account_save(
            actor=request.user,
            user=user,
            username=data["username"],
            email=data["email"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            roles=data["roles"],
            administrator=data["administrator"],
            person=data["person_choice"],
            seats=form.seats(),
            invite=data.get("invite", False),
        )

    return save


@staff_page(can_manage_accounts)
def account_create(request: HttpRequest) -> HttpResponse:
    form = AccountForm(posted(request))
    heading = "Add an account"
    return form_page(
        request,
        form,
        save=_save(request, form, None),
        success=lambda user: f"Account {user.username} added.",
        next_url=reverse("staff:accounts"),
        heading=heading,
        button="Add account",
        breadcrumbs=_crumbs((heading, None)),
    )


@staff_page(can_manage_accounts)
def account_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = get_object_or_404(get_user_model(), pk=pk)
    person = getattr(user, "person", None)
    held = seats_on([person.pk], timezone.localdate()).get(person.pk, []) if person else []
    initial = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "roles": [role.value for role in Role if role.label in role_names(user)],
        "administrator": user.is_superuser,
        "person": str(person.pk) if person else "",
        **{seat_field_name(m.committee): m.role for m in held},
    }
    form = AccountForm(posted(request), initial=initial, user=user)
    heading = f"Change {user.username}"
    return form_page(
        request,
        form,
        save=_save(request, form, user),
        success=lambda saved: f"Account {saved.username} saved.",
        next_url=reverse("staff:accounts"),
        heading=heading,
        button="Save account",
        breadcrumbs=_crumbs((heading, None)),
    )


@staff_page(can_manage_accounts)
def account_active(request: HttpRequest, pk: int) -> HttpResponse:
    """Switch an account off, or (if it is off) on again."""
    user = get_object_or_404(get_user_model(), pk=pk)
    switching_on = not user.is_active
    if switching_on:
        button, done = "Switch on", "switched on"
        intro = "They will be able to sign in again with their password."
    else:
        button, done = "Switch off", "switched off"
        intro = (
            "They will no longer be able to sign in, and any session they have open ends. "
            "Their record stays, and you can switch the account on again."
        )
    heading = f"{button} {user.username}"
    return form_page(
        request,
        AccountConfirmForm(posted(request), user=user),
        save=lambda data: account_set_active(actor=request.user, user=user, active=switching_on),
        success=f"Account {user.username} {done}.",
        next_url=reverse("staff:accounts"),
        heading=heading,
        button=button,
        breadcrumbs=_crumbs((heading, None)),
        extra={"intro": intro},
    )


@staff_page(can_manage_accounts)
def account_invite(request: HttpRequest, pk: int) -> HttpResponse:
    user = get_object_or_404(get_user_model(), pk=pk)
    heading = f"Send {user.username} an invitation"
    return form_page(
        request,
        AccountConfirmForm(posted(request), user=user),
        save=lambda data: invitation_send(actor=request.user, user=user),
        success=f"The invitation will be emailed to {user.username} in a moment.",
        next_url=reverse("staff:accounts"),
        heading=heading,
        button="Send invitation",
        breadcrumbs=_crumbs((heading, None)),
        extra={
            "intro": "We will email them a link to choose their password. It works once; an "
            "earlier invitation's link still works until it runs out or is used."
        },
    )
