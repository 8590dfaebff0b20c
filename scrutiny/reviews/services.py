"""Writes about reviews and recommendations. Each is atomic, refuses bad input with the
field and the reason, and leaves an audit event."""

import datetime
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from scrutiny.committees.models import Committee, Issue, Meeting, Resolution
from scrutiny.core.audit import (
    audit_record,
    edit_fields,
    field_values,
    lock_for_edit,
    save_new_version,
)
from scrutiny.core.errors import Refused
from scrutiny.people.models import Directorate, Person
from scrutiny.reviews.models import (
    AgreedStatus,
    Concern,
    Evidence,
    Extension,
    ProgressUpdate,
    Recommendation,
    Review,
    Status,
    TimelineEntry,
)
from scrutiny.reviews.selectors import status_by_code
from scrutiny.reviews.vocabulary import EXTENDED_STATUS, INITIAL_STATUS


def _long_date(day: datetime.date) -> str:
    return f"{day:%-d %B %Y}"


@transaction.atomic
def review_create(
    *,
    actor,
    committee: Committee,
    title: str,
    slug: str = "",
    scope: str = "",
    aim: str = "",
    issue: Issue | None = None,
    concerns: Sequence[str] = (),
) -> Review:
    if not title.strip():
        raise Refused("title", "Enter the review's title.")
    slug = slug or slugify(title)[:200]
    if Review.objects.filter(slug=slug).exists():
        raise Refused("slug", f'A review with the web address "{slug}" already exists.')
    review = Review.objects.create(
        committee=committee, title=title.strip(), slug=slug, scope=scope, aim=aim, issue=issue
    )
    for position, text in enumerate(concerns, start=1):
        Concern.objects.create(review=review, position=position, text=text)
    audit_record(actor=actor, action="review.create", instance=review)
    return review


@transaction.atomic
def review_update(*, actor, review: Review, expected_version: int | None, **changes) -> Review:
    return edit_fields(
        review,
        actor=actor,
        expected_version=expected_version,
        changes=changes,
        allowed={"title", "scope", "aim", "stage", "reported_to_executive_on", "issue"},
        what="review",
    )


@transaction.atomic
def timeline_entry_add(
    *, actor, review: Review, kind: str, happened_on: datetime.date, text: str, period_label=""
) -> TimelineEntry:
    if kind not in TimelineEntry.Kind.values:
        raise Refused("kind", f'Unknown timeline entry kind "{kind}".')
    if happened_on is None:
        raise Refused("happened_on", "Enter the date it happened.")
    if not text.strip():
        raise Refused("text", "Say what happened.")
    entry = TimelineEntry.objects.create(
        review=review,
        kind=kind,
        happened_on=happened_on,
        text=text.strip(),
        period_label=period_label.strip(),
    )
    audit_record(actor=actor, action="review.timeline", instance=entry)
    return entry


@transaction.atomic
def recommendation_create(
    *,
    actor,
    review: Review,
    number: int,
    text: str,
    original_target_date: datetime.date | None,
    agreed_on: datetime.date | None = None,
    owner: Person | None = None,
    directorate: Directorate | None = None,
    reference: str = "",
    illustrative: bool = False,
) -> Recommendation:
    if not text.strip():
        raise Refused("text", "Enter the recommendation's wording.")
    if review.recommendations.filter(number=number).exists():
        raise Refused("number", f"This review already has a recommendation {number}.")
    if agreed_on and original_target_date and original_target_date < agreed_on:
        raise Refused(
            "original_target_date",
            f"The target date must not be before the date agreed, {_long_date(agreed_on)}.",
        )
    rec = Recommendation.objects.create(
        review=review,
        number=number,
        reference=reference,
        text=text.strip(),
        illustrative=illustrative,
        owner=owner,
        directorate=directorate or (owner.directorate if owner else None),
        agreed_on=agreed_on,
        original_target_date=original_target_date,
        current_target_date=original_target_date,
        status=status_by_code(INITIAL_STATUS),
    )
    audit_record(actor=actor, action="recommendation.create", instance=rec)
    return rec


@transaction.atomic
def recommendation_update(
    *, actor, recommendation: Recommendation, expected_version: int | None, **changes
) -> Recommendation:
    """Edit the wording, owner or reference. Dates and status have their own services:
    the original target never changes, and status follows updates and resolutions."""
    if "original_target_date" in changes:
        raise Refused(
            "original_target_date", "The original target date never changes; agree an extension."
        )
    return edit_fields(
        recommendation,
        actor=actor,
        expected_version=expected_version,
        changes=changes,
        allowed={"text", "reference", "owner", "directorate", "agreed_on"},
        what="recommendation",
    )


@transaction.atomic
def executive_response_record(
    *,
    actor,
    recommendation: Recommendation,
    response: str,
    received_on: datetime.date,
    reason: str = "",
    expected_version: int | None = None,
) -> Recommendation:
    if response not in Recommendation.Response.values or response == "pending":
        raise Refused("response", "Choose accepted, partially accepted or rejected.")
    reported = recommendation.review.reported_to_executive_on
    if reported is None:
        raise Refused(
            "received_on", "Record when the executive received the report before its response."
        )
    if received_on > timezone.localdate():
        raise Refused("received_on", "The response date cannot be in the future.")
    if received_on < reported:
        raise Refused(
            "received_on",
            f"The response date must be on or after the date the executive received the "
            f"report, {_long_date(reported)}.",
        )
    if response != Recommendation.Response.ACCEPTED and not reason.strip():
        raise Refused("reason", "Give the executive's reason for not accepting it in full.")
    rec = lock_for_edit(recommendation, expected_version=expected_version, what="recommendation")
    before = field_values(rec)
    rec.response, rec.response_reason, rec.response_received_on = response, reason, received_on
    save_new_version(rec)
    audit_record(actor=actor, action="recommendation.response", instance=rec, before=before)
    return rec


def _refuse_if_closed(rec: Recommendation) -> None:
    if rec.is_closed:
        raise Refused(
            "recommendation",
            f"Recommendation {rec.number} was closed by {rec.closed_by.reference}; "
            "it takes no further changes.",
        )


@transaction.atomic
def progress_update_post(
    *,
    actor,
    recommendation: Recommendation,
    author: Person,
    as_of: datetime.date,
    proposed_status: str,
    narrative: str,
    evidence: Sequence[Evidence] = (),
    expected_version: int | None = None,
) -> ProgressUpdate:
    """Officers propose; the committee agrees (docs/rules.md, "Statuses"). The update's
    status becomes the service's position, dated by the update, and never the agreed
    status: the committee agrees that through its decisions on a monitoring report or
    `recommendation_set_status`. An update dated before the position already recorded is
    kept as history and leaves the position as it is."""
    status = status_by_code(proposed_status, field="proposed_status")
    if not narrative.strip():
        raise Refused("narrative", "Say what progress has been made.")
    if as_of > timezone.localdate():
        raise Refused("as_of", "The update date cannot be in the future.")
    rec = lock_for_edit(recommendation, expected_version=expected_version, what="recommendation")
    _refuse_if_closed(rec)
    if status.code == EXTENDED_STATUS and rec.status.code != EXTENDED_STATUS:
        raise Refused(
            "proposed_status", "Ask for an extension instead: it needs a new date and a reason."
        )
    before = field_values(rec)
    update = ProgressUpdate.objects.create(
        recommendation=rec,
        author=author,
        as_of=as_of,
        proposed_status=status,
        narrative=narrative.strip(),
    )
    for item in evidence:
        item.update = update
        item.save()
    if rec.proposed_on is None or as_of >= rec.proposed_on:
        rec.proposed_status, rec.proposed_on = status, as_of
        rec.completed_on = as_of if status.counts_as_achieved else None
    save_new_version(rec)
    audit_record(actor=actor, action="progress_update.post", instance=update)
    audit_record(actor=actor, action="recommendation.update", instance=rec, before=before)
    return update


@transaction.atomic
def recommendation_extend(
    *,
    actor,
    recommendation: Recommendation,
    to_date: datetime.date,
    reason: str,
    agreed_at: Meeting | None = None,
    resolution: Resolution | None = None,
    expected_version: int | None = None,
) -> Extension:
    """A new target date, later than the current one, for a stated reason. The original
    target date stays as it was, so lateness is always measured against it."""
    if not reason.strip():
        raise Refused("reason", "Give the reason for the extension.")
    rec = lock_for_edit(recommendation, expected_version=expected_version, what="recommendation")
    _refuse_if_closed(rec)
    current = rec.current_target_date
    if current is not None and to_date <= current:
        raise Refused(
            "to_date",
            f"The new target date must be later than the current target date, "
            f"{_long_date(current)}.",
        )
    before = field_values(rec)
    extension = Extension.objects.create(
        recommendation=rec,
        from_date=current or to_date,
        to_date=to_date,
        reason=reason.strip(),
        agreed_at=agreed_at or (resolution.item.meeting if resolution else None),
        resolution=resolution,
        recorded_by=actor if actor is not None and actor.is_authenticated else None,
    )
    rec.current_target_date = to_date
    previous, rec.status = rec.status, status_by_code(EXTENDED_STATUS)
    save_new_version(rec)
    agreed_status_record(rec, previous=previous, on=_extension_day(extension), target_date=to_date)
    audit_record(actor=actor, action="extension.agree", instance=extension)
    audit_record(actor=actor, action="recommendation.update", instance=rec, before=before)
    return extension


@transaction.atomic
def recommendation_set_status(
    *,
    actor,
    recommendation: Recommendation,
    status: str,
    resolution: Resolution | None = None,
    completed_on: datetime.date | None = None,
    expected_version: int | None = None,
) -> Recommendation:
    """The committee's agreed status. A closing status needs the resolution that agreed it
    (docs/rules.md), which becomes the recommendation's sign-off reference. The decision
    replaces the service's position, except one given after the meeting that decided: that
    one was not before members, and waits for the next report."""
    new_status = status_by_code(status)
    if new_status.code == EXTENDED_STATUS and recommendation.status.code != EXTENDED_STATUS:
        # Agreeing that an extended recommendation stays extended is fine; extending is not.
        raise Refused("status", "Record an extension instead: it needs a new date and a reason.")
    if new_status.closes:
        _check_closing_resolution(recommendation, new_status, resolution)
    rec = lock_for_edit(recommendation, expected_version=expected_version, what="recommendation")
    _refuse_if_closed(rec)
    before = field_values(rec)
    previous, rec.status = rec.status, new_status
    decided_on = resolution.item.meeting.date if resolution is not None else None
    if decided_on is None or rec.proposed_on is None or rec.proposed_on <= decided_on:
        rec.proposed_status, rec.proposed_on = None, None
    if new_status.closes:
        rec.closed_by = resolution
        rec.closed_on = resolution.item.meeting.date
        if new_status.counts_as_achieved:
            rec.completed_on = completed_on or rec.completed_on or rec.closed_on
    save_new_version(rec)
    agreed_status_record(rec, previous=previous, on=decided_on or timezone.localdate())
    audit_record(actor=actor, action="recommendation.status", instance=rec, before=before)
    return rec


def _extension_day(extension: Extension) -> datetime.date:
    meeting = extension.agreed_at
    return meeting.date if meeting is not None else timezone.localdate()


def agreed_status_record(
    rec: Recommendation,
    *,
    previous: Status,
    on: datetime.date,
    target_date: datetime.date | None = None,
) -> None:
    """Keep a change of the agreed status with the day it was agreed, for those following
    the recommendation or its review (docs/rules.md). Called by the services that set it:
    agreeing the status it already has is no change, but an extension always is, since
    its target date is new."""
    if target_date is None and rec.status_id == previous.pk:
        return
    AgreedStatus.objects.create(
        recommendation=rec,
        status=rec.status,
        previous=previous,
        agreed_on=on,
        target_date=target_date,
    )


def _check_closing_resolution(
    rec: Recommendation, status: Status, resolution: Resolution | None
) -> None:
    if resolution is None:
        raise Refused(
            "resolution",
            f'Only a committee resolution can set "{status.label}", which closes the '
            "recommendation: give the resolution that agreed it.",
        )
    if resolution.kind != Resolution.Kind.RESOLVED:
        raise Refused("resolution", "A recommendation to another body is not a decision.")
    committee = resolution.item.meeting.committee
    if committee.pk != rec.review.committee_id:
        raise Refused(
            "resolution",
            f"That resolution is of {committee}, not of {rec.review.committee}, "
            "which owns this review.",
        )
