"""Keep restricted business out of public view when a source does not say why it is exempt.

ModernGov marks an item "restricted" but does not say which Schedule 12A paragraph
applies, and the publishing rules (docs/rules.md) want exempt items to carry their
paragraph(s) and a reason.
Guessing a paragraph would put a false statement on the public agenda; importing the item
as public would publish exempt business. So:

- when the item's own agenda text names the paragraph(s) ("Exempt: paragraph 3 of
  Schedule 12A"), the item is exempt under those, through the ordinary service, with a
  note that the public-interest reason was not part of the import;
- otherwise it is exempt with no paragraph recorded and a note saying the paragraph is
  unknown and must be confirmed. The ordinary service refuses an exempt item without a
  paragraph (rightly, for people editing by hand), so this one case has its own audited
  path, ``agenda_item_mark_exempt_paragraph_unknown``. A clerk confirms the paragraph
  later with ``agenda_item_set_visibility``, which then applies the full rule.

An import only ever tightens visibility: it never makes non-public business public,
because a source saying "not restricted" is not a decision to publish.
"""

import re

from django.db import transaction

from scrutiny.committees.models import AgendaItem, Visibility
from scrutiny.committees.services import agenda_item_set_visibility
from scrutiny.core.audit import audit_record, field_values, lock_for_edit, save_new_version

_PARAGRAPHS = re.compile(
    r"paragraphs?\s+(?P<numbers>\d(?:\s*(?:,|and|&|or)\s*\d)*)\s+of\s+(?:part\s+(?:1|i|one)\s+of\s+)?"
    r"schedule\s+12\s*a",
    re.IGNORECASE,
)
UNKNOWN_NOTE = (
    "Marked restricted in {source}, which does not say which paragraph of Schedule 12A "
    "applies. A clerk must confirm the paragraph and the public-interest reason."
)
STATED_NOTE = (
    "Exempt under the paragraph(s) stated in {source}; the public-interest reason was not "
    "part of the import and should be recorded by a clerk."
)


def stated_paragraphs(text: str) -> list[int]:
    """The Schedule 12A paragraphs an item's text names, if all are real (1 to 7)."""
    found: list[int] = []
    for match in _PARAGRAPHS.finditer(text):
        found += [int(n) for n in re.findall(r"\d", match.group("numbers"))]
    if not found or any(not 1 <= n <= 7 for n in found):
        return []
    return sorted(set(found))


def restricted_visibility(*, text: str, source: str) -> tuple[str, list[int], str]:
    """(visibility, paragraphs, note) for an item its source marks restricted."""
    paragraphs = stated_paragraphs(text)
    note = (STATED_NOTE if paragraphs else UNKNOWN_NOTE).format(source=source)
    return Visibility.EXEMPT, paragraphs, note


@transaction.atomic
def agenda_item_mark_exempt_paragraph_unknown(*, actor, item: AgendaItem, note: str) -> AgendaItem:
    """Imports only: exempt, paragraph not yet known (see the module docstring)."""
    item = lock_for_edit(item, expected_version=None, what="agenda item")
    before = field_values(item)
    item.visibility = Visibility.EXEMPT
    item.exempt_paragraphs = []
    item.public_interest_reason = note
    save_new_version(item)
    audit_record(actor=actor, action="agenda_item.visibility", instance=item, before=before)
    return item


def agenda_item_mark_restricted(*, actor, item: AgendaItem, text: str, source: str) -> None:
    """Make a public item exempt because its source marks it restricted."""
    visibility, paragraphs, note = restricted_visibility(text=text, source=source)
    if paragraphs:
        agenda_item_set_visibility(
            actor=actor,
            item=item,
            visibility=visibility,
            exempt_paragraphs=paragraphs,
            public_interest_reason=note,
        )
    else:
        agenda_item_mark_exempt_paragraph_unknown(actor=actor, item=item, note=note)
