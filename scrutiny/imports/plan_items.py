"""Plan one agenda item and what hangs off it: documents, motions, resolutions, actions.

Matching rules, so a re-import finds what the last one made and never duplicates it:

- an item by its source id, else by its number as printed;
- a document by its source address, else by its title;
- motions and resolutions by their order at the item (minutes record them in order);
- an action by its wording, with or without the owner the minutes named.

An import adds and corrects; it never deletes what it does not mention, because staff
may have added it since.
"""

from scrutiny.committees import services as record
from scrutiny.committees.models import (
    AgendaItem,
    Document,
    Visibility,
)
from scrutiny.core.audit import edit_fields
from scrutiny.imports.bulk import new_record
from scrutiny.imports.errors import ImportRefused
from scrutiny.imports.matching import plain
from scrutiny.imports.plan_decisions import plan_action, plan_motion, plan_resolution
from scrutiny.imports.planning import Context, Plan, fit, plan_change
from scrutiny.imports.records import ImportedDocument, ImportedItem
from scrutiny.imports.restricted import agenda_item_mark_restricted, restricted_visibility
from scrutiny.imports.state import ItemState


def plan_item(
    ctx: Context, plan: Plan, imported: ImportedItem, *, position: int, issue, full_agenda: bool
) -> None:
    place = f"{plan.where}, item {imported.number or imported.title[:40]!r}"
    number = fit(imported.number, limit=20, place=place, what="item number")
    title = fit(imported.title, limit=400, place=place, what="item title")
    if not number:
        raise ImportRefused(place, "the item has no number (as printed, e.g. '27' or '5(a)')")
    if not title:
        raise ImportRefused(place, "the item has no title")
    text = fit(imported.agenda_text(), limit=10**7, place=place, what="agenda text")
    minutes = fit(imported.minutes_text(), limit=10**7, place=place, what="minutes")
    holder = _find_item(plan, imported, number)
    if holder is None:
        holder = _new_item(ctx, plan, imported, number, title, text, minutes, position, issue)
    else:
        _update_item(
            ctx,
            plan,
            holder.item,
            imported,
            number,
            title,
            text,
            minutes,
            position,
            issue,
            full_agenda,
        )
    item_visibility = Visibility.EXEMPT if imported.restricted else holder.item.visibility
    for index, document in enumerate(imported.documents):
        _document(ctx, plan, holder, document, index=index, place=place, visibility=item_visibility)
    unanimous = any(resolution.unanimous for resolution in imported.resolutions)
    for index, motion in enumerate(imported.motions):
        plan_motion(ctx, plan, holder, motion, index=index, place=place, unanimous=unanimous)
    for index, resolution in enumerate(imported.resolutions):
        plan_resolution(ctx, plan, holder, resolution, index=index, place=place)
    for action in imported.actions:
        plan_action(ctx, plan, holder, action, place=place)


def _find_item(plan: Plan, imported: ImportedItem, number: str) -> ItemState | None:
    holders = plan.state.items + plan.new_items
    if imported.source_id:
        found = next((h for h in holders if h.item.source_id == imported.source_id), None)
        if found:
            return found
    wanted = plain(number)
    return next(
        (
            h
            for h in holders
            if not (imported.source_id and h.item.source_id) and plain(h.item.number) == wanted
        ),
        None,
    )


def _new_item(ctx, plan, imported, number, title, text, minutes, position, issue) -> ItemState:
    visibility, paragraphs, note = Visibility.PUBLIC, [], ""
    if imported.restricted:
        visibility, paragraphs, note = restricted_visibility(text=text, source=ctx.source)
    item = new_record(
        AgendaItem,
        meeting=plan.state.meeting,
        number=number,
        position=position if imported.source_id else len(plan.state.items) + position,
        title=title,
        issue=issue,
        text=text,
        minutes=minutes,
        visibility=visibility,
        exempt_paragraphs=paragraphs,
        public_interest_reason=note,
        source_id=fit(imported.source_id, limit=60, place=plan.where, what="item id"),
    )
    holder = ItemState(item=item)
    plan.creates.append(item)
    plan.new_items.append(holder)
    plan.count("item", "created")
    if minutes:
        plan.count("minutes", "created")
    return holder


def _update_item(
    ctx, plan, item, imported, number, title, text, minutes, position, issue, full_agenda
) -> None:
    changes: dict[str, object] = {}
    for name, value in (("number", number), ("title", title), ("text", text)):
        if value and plain(value) != plain(getattr(item, name)):
            changes[name] = value
    if imported.source_id and not item.source_id:
        changes["source_id"] = fit(imported.source_id, limit=60, place=plan.where, what="item id")
    if full_agenda and item.position != position:
        changes["position"] = position
    if issue is not None and item.issue_id is None:
        changes["issue"] = issue
    tighten = imported.restricted and item.visibility == Visibility.PUBLIC
    plan.count("item", "updated" if changes or tighten else "unchanged")
    if changes:
        plan.updates.append(
            lambda: edit_fields(
                item,
                actor=ctx.actor,
                expected_version=None,
                changes=changes,
                allowed=set(changes),
                what="agenda item",
            )
        )
    if tighten:
        plan.updates.append(
            lambda: agenda_item_mark_restricted(
                actor=ctx.actor, item=item, text=text or item.text, source=ctx.source
            )
        )
    if minutes and plain(minutes) != plain(item.minutes):
        plan.count("minutes", "created" if not item.minutes else "updated")
        plan.updates.append(lambda: record.minutes_record(actor=ctx.actor, item=item, text=minutes))
    elif minutes:
        plan.count("minutes", "unchanged")


def _kind(document: ImportedDocument, index: int) -> str:
    title = plain(document.title)
    if "appendix" in title or "annex" in title:
        return Document.Kind.APPENDIX
    if "minutes" in title:
        return Document.Kind.MINUTES
    return Document.Kind.REPORT if index == 0 else Document.Kind.ADDITIONAL


def _document(
    ctx, plan, holder: ItemState, document: ImportedDocument, *, index, place, visibility
):
    place = f"{place}, document {document.title[:60]!r}"
    title = fit(document.title, limit=300, place=place, what="document title")
    if not title:
        raise ImportRefused(place, "the document has no title")
    url = fit(document.url, limit=200, place=place, what="document address")
    file_format = fit(document.format.upper(), limit=10, place=place, what="file format")
    size = document.size_kb * 1024 if document.size_kb is not None else None
    published_at = ctx.aware(document.published) if document.published else plan.papers_published_at
    wanted = Visibility.EXEMPT if document.restricted else visibility
    found = None
    if holder.documents:  # a new item has none yet
        found = next((d for d in holder.documents if url and d.source_url == url), None)
        wanted_title = plain(title)
        found = found or next((d for d in holder.documents if plain(d.title) == wanted_title), None)
    if found is None:
        new = new_record(
            Document,
            item=holder.item,
            title=title,
            kind=_kind(document, index),
            file_format=file_format,
            size_bytes=size or 0,
            visibility=wanted,
            published_at=published_at,
            source_url=url,
        )
        holder.documents.append(new)
        plan.creates.append(new)
        plan.count("document", "created")
        return
    changes: dict[str, object] = {}
    if url and found.source_url != url:
        changes["source_url"] = url
    if url and found.title != title:
        changes["title"] = title
    if file_format and found.file_format != file_format:
        changes["file_format"] = file_format
    if size is not None and found.size_bytes != size:
        changes["size_bytes"] = size
    if wanted != Visibility.PUBLIC and found.visibility == Visibility.PUBLIC:
        changes["visibility"] = wanted
    if found.published_at is None and published_at is not None:
        changes["published_at"] = published_at
    plan_change(ctx, plan, "document", found, changes, action="document.update")
