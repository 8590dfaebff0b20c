"""Applying one tracker row to a review's recommendation.

Everything the everyday services can do goes through them (creating, editing, the
executive's response, extensions, closing by resolution), so their rules hold for imports
too. A council's tracker also records history that no everyday service sets, because in
the system it happens through an officer's update or the committee: a status recorded
without an update, a service's position the committee has not yet agreed, the date work was
completed. `recommendation_import_set` writes those, refusing what the rules forbid: it
never sets a closing status (that needs a resolution: an imported "Complete" without one
becomes the *proposed* status), and nothing changes the original target date. Every
write is audited."""

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from scrutiny.core.audit import audit_record, field_values, lock_for_edit, save_new_version
from scrutiny.core.errors import Refused
from scrutiny.imports.spreadsheets.rows import NewDirectorate, NewOfficer, reference_key
from scrutiny.people.models import Directorate, Person
from scrutiny.reviews import services
from scrutiny.reviews.models import ProgressUpdate, Recommendation, Review
from scrutiny.reviews.vocabulary import EXTENDED_STATUS

IMPORT_SETTABLE = {"status", "proposed_status", "proposed_on", "completed_on", "illustrative"}


@dataclass
class ImportContext:
    actor: object
    review: Review
    source: str  # the file's name, for reasons and audit
    notes: list[str] = field(default_factory=list)  # said about the current row
    created_people: dict = field(default_factory=dict)


def _long(day: dt.date) -> str:
    return f"{day:%-d %B %Y}"


@transaction.atomic
def recommendation_import_set(*, actor, recommendation: Recommendation, **changes):
    """Set what a tracker records as history (see the module's docstring)."""
    for name, value in changes.items():
        if name not in IMPORT_SETTABLE:
            raise Refused(name, f"An import cannot set the {name.replace('_', ' ')}.")
        if name == "status" and value.closes:
            raise Refused("status", f'Only a committee resolution can set "{value.label}".')
    rec = lock_for_edit(recommendation, expected_version=None, what="recommendation")
    before = field_values(rec)
    for name, value in changes.items():
        setattr(rec, name, value)
    save_new_version(rec)
    audit_record(actor=actor, action="recommendation.import", instance=rec, before=before)
    return rec


@transaction.atomic
def progress_update_import(*, actor, recommendation, as_of, narrative, proposed_status):
    """An update as the tracker recorded it: the owner's narrative, without the status
    change that posting an update today would make."""
    if recommendation.owner is None:
        raise Refused("action_taken", "Give a lead officer: the action taken is their update.")
    update = ProgressUpdate.objects.create(
        recommendation=recommendation,
        author=recommendation.owner,
        as_of=as_of,
        proposed_status=proposed_status,
        narrative=narrative.strip(),
    )
    audit_record(actor=actor, action="progress_update.import", instance=update)
    return update


def _person(ctx: ImportContext, value, directorate=None):
    if not isinstance(value, NewOfficer):
        return value
    key = value.name.lower()
    if key not in ctx.created_people:
        person = Person.objects.create(
            kind=Person.Kind.OFFICER, name=value.name, directorate=directorate
        )
        audit_record(actor=ctx.actor, action="person.import", instance=person)
        ctx.created_people[key] = person
    return ctx.created_people[key]


def _directorate(ctx: ImportContext, value):
    if not isinstance(value, NewDirectorate):
        return value
    directorate, created = Directorate.objects.get_or_create(name=value.name)
    if created:
        audit_record(actor=ctx.actor, action="directorate.import", instance=directorate)
    return directorate


def find_recommendation(review: Review, values: dict) -> Recommendation | None:
    recs = review.recommendations.all()
    by_reference = None
    if "reference" in values:
        key = reference_key(values["reference"])
        by_reference = next((r for r in recs if reference_key(r.reference) == key), None)
    if "number" not in values:
        return by_reference
    by_number = next((r for r in recs if r.number == values["number"]), None)
    if by_reference is not None and by_reference != by_number:
        raise Refused(
            "reference",
            f"{values['reference']} is recommendation {by_reference.number} here, "
            f"not {values['number']}",
        )
    return by_number


def _new_number(review: Review, values: dict) -> int:
    if "number" in values:
        return values["number"]
    taken = set(review.recommendations.values_list("number", flat=True))
    # isdecimal, not isdigit: superscripts such as "¹" are digits that int() refuses.
    digits = "".join(ch if ch.isdecimal() else " " for ch in values["reference"]).split()
    if digits and 0 < int(digits[-1]) < 32768 and int(digits[-1]) not in taken:
        return int(digits[-1])
    return max(taken, default=0) + 1


def _state(rec: Recommendation) -> tuple:
    values = field_values(rec)
    values.pop("version", None)
    return values, rec.updates.count()


def apply_row(ctx: ImportContext, values: dict) -> str:
    """Create or update one recommendation; say which, or "unchanged"."""
    ctx.notes = []
    rec = find_recommendation(ctx.review, values)
    directorate = _directorate(ctx, values.get("directorate"))
    owner = _person(ctx, values.get("owner"), directorate)
    before = None
    if rec is None:
        rec = services.recommendation_create(
            actor=ctx.actor,
            review=ctx.review,
            number=_new_number(ctx.review, values),
            text=values.get("text", ""),
            original_target_date=values.get("original_target_date")
            or values.get("current_target_date"),
            agreed_on=values.get("agreed_on"),
            owner=owner,
            directorate=directorate,
            reference=values.get("reference", ""),
            illustrative=values.get("illustrative", False),
        )
    else:
        before = _state(rec)
        rec = _details(ctx, rec, values, owner, directorate)
    rec = _response(ctx, rec, values)
    rec = _target(ctx, rec, values)
    _action_taken(ctx, rec, values)
    _status(ctx, rec, values)
    rec.refresh_from_db()
    if before is None:
        return "create"
    return "unchanged" if _state(rec) == before else "update"


def _details(ctx, rec, values, owner, directorate):
    original = values.get("original_target_date")
    if original and original != rec.original_target_date:
        raise Refused(
            "original_target_date",
            f"the original target date never changes (it is {_long(rec.original_target_date)}"
            "); give the new date as the revised target date to record an extension"
            if rec.original_target_date
            else "the original target date cannot be added after the recommendation is made",
        )
    wanted = {
        "text": values.get("text", "").strip() or None,
        "reference": values.get("reference"),
        "owner": owner,
        "directorate": directorate,
        "agreed_on": values.get("agreed_on"),
    }
    changes = {k: v for k, v in wanted.items() if v is not None and getattr(rec, k) != v}
    if "text" in changes and changes["text"] == rec.text.strip():
        del changes["text"]  # the services store wording without surrounding spaces
    if changes:
        rec = services.recommendation_update(
            actor=ctx.actor, recommendation=rec, expected_version=None, **changes
        )
    if "illustrative" in values and values["illustrative"] != rec.illustrative:
        rec = recommendation_import_set(
            actor=ctx.actor, recommendation=rec, illustrative=values["illustrative"]
        )
    return rec


def _response(ctx, rec, values):
    response = values.get("response", rec.response)
    reason = values.get("response_reason", rec.response_reason)
    received = values.get("response_received_on", rec.response_received_on)
    stored = (rec.response, rec.response_reason, rec.response_received_on)
    if (response, reason, received) == stored:
        return rec
    if response == Recommendation.Response.PENDING:
        if rec.response != Recommendation.Response.PENDING:
            raise Refused(
                "response",
                f"the executive's response ({rec.get_response_display()}) cannot be changed "
                "back to awaiting response",
            )
        return rec  # a reason or date without a response: nothing to record yet
    if received is None:
        raise Refused("received_on", "give the date of the executive's response")
    return services.executive_response_record(
        actor=ctx.actor, recommendation=rec, response=response, received_on=received,
        reason=reason,
    )  # fmt: skip


def _target(ctx, rec, values):
    revised = values.get("current_target_date")
    if revised is None or revised == rec.current_target_date:
        return rec
    reason = values.get("extension_reason") or (
        f"Revised target date in the tracker imported from {ctx.source}."
    )
    services.recommendation_extend(
        actor=ctx.actor, recommendation=rec, to_date=revised, reason=reason
    )
    rec.refresh_from_db()
    return rec


def _action_taken(ctx, rec, values):
    narrative = values.get("action_taken", "").strip()
    if not narrative or rec.updates.filter(narrative=narrative).exists():
        return
    progress_update_import(
        actor=ctx.actor,
        recommendation=rec,
        as_of=values.get("action_taken_on") or timezone.localdate(),
        narrative=narrative,
        proposed_status=values.get("status") or rec.status,
    )


def _refuse_closed(rec, what: str):
    raise Refused(
        what,
        f"recommendation {rec.number} was closed by {rec.closed_by.reference}; "
        "it takes no further changes",
    )


def _status(ctx, rec, values):
    status, proposed = values.get("status"), values.get("proposed_status")
    resolution, completed = values.get("closed_by"), values.get("completed_on")
    if rec.is_closed:
        if status is not None and status != rec.status:
            _refuse_closed(rec, "status")
        if resolution is not None and resolution != rec.closed_by:
            _refuse_closed(rec, "resolution")
        if completed is not None and completed != rec.completed_on:
            _refuse_closed(rec, "completed_on")
        return
    if resolution is not None:
        if status is None or not status.closes:
            raise Refused("resolution", "a sign-off needs a status that closes, such as Achieved")
        services.recommendation_set_status(
            actor=ctx.actor, recommendation=rec, status=status.code, resolution=resolution,
            completed_on=completed,
        )  # fmt: skip
        return
    if status is not None and status.closes:
        if proposed is not None and proposed != status:
            raise Refused("proposed_status", f"the status is {status.label}; propose that")
        ctx.notes.append(
            f"'{status.label}' closes a recommendation, which only the committee can agree: "
            f"it is imported as the proposed status, and the status stays '{rec.status.label}'."
        )
        status, proposed = None, status
    changes = {}
    if status is not None and status != rec.status:
        extended = rec.current_target_date and rec.current_target_date != rec.original_target_date
        if status.code == EXTENDED_STATUS and not extended:
            raise Refused(
                "status", "'Extended' needs a revised target date later than the original one"
            )
        changes["status"] = status
    if proposed is not None and proposed != rec.proposed_status:
        # Any status may be the service's position; a tracker does not say when it was
        # given, so it is imported undated rather than with the old position's date.
        changes["proposed_status"], changes["proposed_on"] = proposed, None
    if completed is not None and completed != rec.completed_on:
        changes["completed_on"] = completed
    if changes:
        recommendation_import_set(actor=ctx.actor, recommendation=rec, **changes)
