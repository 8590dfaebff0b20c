"""Who sits on a committee, and when: memberships are started and ended here. A membership
that has run for a day is ended, never deleted, because past meetings' attendance, votes
and who may read a committee's exempt business on a day are judged by it
(`committees.selectors.committees_sat_on`, `committees.lifecycle`). A membership's
`ended_on` is its last day."""

import datetime
from collections.abc import Iterable, Mapping

from django.db import transaction

from scrutiny.committees.models import Committee, Membership
from scrutiny.committees.selectors import seats_on
from scrutiny.core.audit import audit_record, field_values
from scrutiny.core.errors import Refused
from scrutiny.people.models import Person

ROLES = {value for value, _ in Membership.Role.choices}


def _days(m: Membership) -> tuple[datetime.date, datetime.date]:
    return (m.started_on or datetime.date.min, m.ended_on or datetime.date.max)


def _span(m: Membership) -> str:
    start = f"from {m.started_on:%-d %B %Y}" if m.started_on else "from the start"
    end = f"to {m.ended_on:%-d %B %Y}" if m.ended_on else "with no end"
    return f"{start} {end}"


def refuse_untrue_membership(membership: Membership, *, alongside: Iterable = ()) -> None:
    """A membership ends no earlier than it starts, and a person holds one seat on a
    committee at a time: refuse one overlapping another of the same person on the same
    committee. `alongside` are memberships being saved with it (the admin's rows), which
    stand in for their stored copies."""
    start, end = _days(membership)
    if end < start:
        raise Refused("ended_on", "A membership cannot end before it starts.")
    alongside = [m for m in alongside if m is not membership]
    replaced = {m.pk for m in alongside if m.pk} | ({membership.pk} - {None})
    stored = Membership.objects.filter(
        committee_id=membership.committee_id, person_id=membership.person_id
    ).exclude(pk__in=replaced)
    same_seat = [
        m
        for m in alongside
        if m.committee_id == membership.committee_id and m.person_id == membership.person_id
    ]
    for other in [*stored, *same_seat]:
        other_start, other_end = _days(other)
        if start <= other_end and other_start <= end:
            raise Refused(
                "started_on",
                f"{membership.person} already sits on {membership.committee} "
                f"{_span(other)}: a person holds one seat on a committee at a time.",
            )


@transaction.atomic
def membership_start(
    *, actor, committee: Committee, person: Person, role: str, on: datetime.date
) -> Membership:
    """A seat on the committee from `on`, with no end yet; audited."""
    if role not in ROLES:
        raise Refused("role", f'"{role}" is not a committee role: choose from {sorted(ROLES)}.')
    membership = Membership(committee=committee, person=person, role=role, started_on=on)
    refuse_untrue_membership(membership)
    membership.save()
    audit_record(actor=actor, action="membership.create", instance=membership)
    return membership


@transaction.atomic
def membership_end(*, actor, membership: Membership, on: datetime.date) -> None:
    """The seat's last day is the day before `on`; audited. One that would not have run a
    day by then was never held, so it is deleted (its audit event keeps what it was)."""
    before = field_values(membership)
    last_day = on - datetime.timedelta(days=1)
    if membership.started_on is not None and membership.started_on > last_day:
        audit_record(
            actor=actor, action="membership.delete", instance=membership, before=before, after={}
        )
        membership.delete()
        return
    membership.ended_on = last_day
    membership.save(update_fields=["ended_on", "updated_at"])
    audit_record(actor=actor, action="membership.end", instance=membership, before=before)


@transaction.atomic
def memberships_set(
    *, actor, person: Person, seats: Mapping[Committee, str], on: datetime.date
) -> None:
    """From `on`, the person sits on exactly these committees in these roles: seats not
    wanted end, a changed role ends the old seat and starts the new one, new seats start."""
    for role in seats.values():
        if role not in ROLES:
            raise Refused("committees", f'"{role}" is not a committee role.')
    held = seats_on([person.pk], on).get(person.pk, [])
    for membership in held:
        if seats.get(membership.committee) != membership.role:
            membership_end(actor=actor, membership=membership, on=on)
    kept = {m.committee_id for m in held if seats.get(m.committee) == m.role}
    for committee, role in seats.items():
        if committee.pk not in kept:
            membership_start(actor=actor, committee=committee, person=person, role=role, on=on)
