"""Plan what was decided at an item: motions, resolutions and actions.

Motions and resolutions are matched by their order at the item, because minutes record
them in order and rarely give them identifiers; resolution parts are compared ignoring
the joining words ("that", "; and") that councils type differently each time. Actions
are matched by their wording, with or without the owner the minutes named, so an action
imported before its owner was set up is found again once they are. An action's due date is
the date its stated deadline names, counted from its meeting's day
(``deadlines.deadline_due_on``); "by the next meeting" is the committee's next meeting the
tracker or this import knows of.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from scrutiny.committees import services as record
from scrutiny.committees.models import Action, Motion, Resolution, ResolutionPart
from scrutiny.core import record_versions
from scrutiny.core.audit import audit_record, edit_fields
from scrutiny.imports.bulk import new_record
from scrutiny.imports.deadlines import deadline_due_on
from scrutiny.imports.errors import ImportRefused
from scrutiny.imports.matching import plain, same_wording
from scrutiny.imports.planning import fit, plan_change
from scrutiny.imports.records import ImportedAction
from scrutiny.imports.state import ItemState

HEADINGS = {"resolved": "RESOLVED that:", "recommended": "RECOMMENDED that:"}
OUTCOMES = frozenset(Motion.Outcome.values)


def plan_motion(ctx, plan, holder: ItemState, motion, *, index, place, unanimous) -> None:
    people = ctx.state.people
    mover = people.councillor(fit(motion.mover, limit=200, place=place, what="mover's name"))
    seconder = None
    if motion.seconder:
        seconder = people.councillor(
            fit(motion.seconder, limit=200, place=place, what="seconder's name")
        )
    if seconder is mover:
        raise ImportRefused(place, f"{motion.mover} is named as both mover and seconder")
    plan.creates += [mover] + ([seconder] if seconder else [])
    outcome = motion.outcome if motion.outcome in OUTCOMES else ""
    if index >= len(holder.motions):
        ctx.refuse_before_meeting(
            holder.item.meeting, field="outcome", what="A motion cannot be decided", place=place
        )
        new = new_record(
            Motion,
            item=holder.item,
            mover=mover,
            seconder=seconder,
            text=motion.text,
            outcome=outcome or Motion.Outcome.CARRIED,
            unanimous=(motion.unanimous or unanimous) and not motion.votes_against,
            votes_for=motion.votes_for,
            votes_against=motion.votes_against,
            abstentions=motion.abstentions,
        )
        holder.motions.append(new)
        plan.creates.append(new)
        plan.count("motion", "created")
        return
    found = holder.motions[index]
    changes: dict[str, object] = {}
    if found.mover_id is None or found.mover_id != mover.pk:
        changes["mover"] = mover
    if seconder is not None and (found.seconder_id is None or found.seconder_id != seconder.pk):
        changes["seconder"] = seconder
    if motion.text and plain(motion.text) != plain(found.text):
        changes["text"] = motion.text
    if outcome and outcome != found.outcome:
        changes["outcome"] = outcome
    for name in ("votes_for", "votes_against", "abstentions"):
        stated = getattr(motion, name)
        if stated is not None and stated != getattr(found, name):
            changes[name] = stated
    if motion.unanimous and not found.unanimous:
        changes["unanimous"] = True
    plan_change(ctx, plan, "motion", found, changes, action="motion.update")


def plan_resolution(ctx, plan, holder: ItemState, resolution, *, index, place) -> None:
    parts = [fit(p, limit=10**6, place=place, what="resolution part") for p in resolution.parts]
    preamble = fit(resolution.preamble, limit=10**6, place=place, what="resolution wording")
    if not parts and preamble:
        parts, preamble = [preamble], ""
    parts = [part for part in parts if part]
    if not parts:
        raise ImportRefused(place, "a resolution has no wording")
    heading = HEADINGS.get(resolution.kind, HEADINGS["resolved"])
    preamble = fit(f"{heading} {preamble}".strip(), limit=200, place=place, what="preamble")
    if index >= len(holder.resolutions):
        ctx.refuse_before_meeting(
            holder.item.meeting,
            field="parts",
            what="A resolution cannot be recorded",
            place=place,
        )
        motion = holder.motions[0] if index == 0 and len(holder.motions) == 1 else None
        new = new_record(
            Resolution,
            item=holder.item,
            kind=resolution.kind,
            preamble=preamble,
            motion=motion,
            unanimous=resolution.unanimous,
        )
        holder.resolutions.append(new)
        holder.parts[id(new)] = parts
        plan.creates.append(new)
        plan.new_parts[id(new)] = parts
        plan.count("resolution", "created")
        return
    found = holder.resolutions[index]
    before = holder.parts.get(id(found), [])
    same = [same_wording(p) for p in before] == [same_wording(p) for p in parts]
    unanimous = resolution.unanimous
    if same and found.kind == resolution.kind and found.unanimous == unanimous:
        plan.count("resolution", "unchanged")
        return
    plan.count("resolution", "updated")
    if found.pk is not None:
        plan.updates.append(
            lambda: _replace_parts(
                ctx,
                found,
                kind=resolution.kind,
                preamble=preamble,
                parts=parts,
                before=before,
                unanimous=unanimous,
            )
        )


@transaction.atomic
def _replace_parts(
    ctx, resolution: Resolution, *, kind, preamble, parts, before, unanimous
) -> None:
    record.refuse_if_minutes_signed(resolution.item.meeting, field="resolution")
    old = {
        "kind": resolution.kind,
        "preamble": resolution.preamble,
        "parts": before,
        "unanimous": resolution.unanimous,
    }
    Resolution.objects.filter(pk=resolution.pk).update(
        kind=kind, preamble=preamble, unanimous=unanimous, updated_at=timezone.now()
    )
    resolution.parts.all().delete()
    ResolutionPart.objects.bulk_create(
        ResolutionPart(resolution=resolution, number=n, text=t) for n, t in enumerate(parts, 1)
    )
    record_versions.bump(*record_versions.scopes_for(resolution))
    audit_record(
        actor=ctx.actor,
        action="resolution.update",
        instance=resolution,
        before=old,
        after={"kind": kind, "preamble": preamble, "parts": parts, "unanimous": unanimous},
    )


def plan_action(ctx, plan, holder: ItemState, action: ImportedAction, *, place) -> None:
    owner_text = fit(action.owner, limit=200, place=place, what="action owner")
    owner = ctx.state.people.action_owner(owner_text) if owner_text else None
    text = fit(action.text, limit=10**6, place=place, what="action")
    if not text:
        raise ImportRefused(place, "an action has no wording")
    stored = text if owner or not owner_text else f"{text} ({owner_text})"
    wordings = {same_wording(text), same_wording(f"{text} ({owner_text})")}
    found = next((a for a in holder.actions if same_wording(a.text) in wordings), None)
    due_on = action_due_on(ctx, holder, action) if found is None or found.due_on is None else None
    if found is None:
        # The source says what was undertaken, never whether it was done: history, not
        # open business, until an officer reopens it (`committees.services.action_reopen`).
        new = Action.on_item(
            holder.item,
            build=new_record,
            text=stored,
            owner=owner,
            due_on=due_on,
            status=Action.Status.HISTORIC,
        )
        holder.actions.append(new)
        plan.creates.append(new)
        plan.count("action", "created")
        return
    changes = {}
    if owner is not None and found.owner_id is None:
        changes = {"owner": owner, "text": stored}
    if due_on is not None:
        changes["due_on"] = due_on
    plan.count("action", "updated" if changes else "unchanged")
    if changes and found.pk is not None:
        plan.updates.append(
            lambda: edit_fields(
                found,
                actor=ctx.actor,
                expected_version=None,
                changes=changes,
                allowed={"owner", "text", "due_on"},
                what="action",
            )
        )


def action_due_on(ctx, holder: ItemState, action: ImportedAction) -> datetime.date | None:
    """The action's due date: as the reader found it, else from its meeting's day."""
    if action.due_on is not None or not action.deadline:
        return action.due_on
    meeting = holder.item.meeting
    day = timezone.localdate(meeting.starts_at)
    return deadline_due_on(
        action.deadline,
        meeting_date=day,
        next_meeting=ctx.state.next_meeting_day(meeting.committee, after=day),
    )
