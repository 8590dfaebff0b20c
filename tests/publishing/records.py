"""A committee record with something of every kind the public must not see, each carrying
a marker, and the people whose access differs: builders for the rules tests and the leak
test."""

import datetime as dt
import itertools
from dataclasses import dataclass, field

from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from scrutiny.committees import services as record
from scrutiny.committees.models import Issue, Membership
from scrutiny.people.roles import Role
from tests.factories import make_committee, make_councillor, make_meeting, make_officer, make_user

MARK = "LEAK-7f3a"
_ids = itertools.count(1)


def marker(what: str) -> str:
    return f"{MARK}-{what}"


def pdf(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(
        "paper.pdf", f"%PDF-1.4 {text}".encode(), content_type="application/pdf"
    )


def signed_in(role: Role | None = None, person=None, **extra):
    user = make_user(**extra)
    if role is not None:
        user.groups.add(Group.objects.get(name=role.label))
    if person is not None:
        person.user = user
        person.save(update_fields=["user"])
    return user


@dataclass
class Record:
    users: dict = field(default_factory=dict)
    # Markers the committee's own members may see once published, and those nobody but
    # staff with a role may see (drafts, unpublished papers).
    member_markers: list[str] = field(default_factory=list)
    draft_markers: list[str] = field(default_factory=list)
    objects: dict = field(default_factory=dict)


def build_restricted_record() -> Record:
    """Committee A's meeting with a public, an exempt and a confidential item (minutes
    signed); a meeting whose minutes are only a draft; a meeting whose agenda is not out;
    and committee B, whose member is a councillor too but not of A."""
    out = Record()
    now = timezone.now()
    a = make_committee(f"Audit Scrutiny Committee {next(_ids)}")
    b = make_committee(f"Place Scrutiny Committee {next(_ids)}")
    member, outsider = make_councillor("Ann Member"), make_councillor("Oscar Outsider")
    Membership.objects.create(committee=a, person=member, role="member")
    Membership.objects.create(committee=b, person=outsider, role="member")
    officer = make_officer("Olive Officer")
    out.users = {
        "anonymous": None,
        "outsider": signed_in(Role.COUNCILLOR, outsider),
        "member": signed_in(Role.COUNCILLOR, member),
        "clerk": signed_in(Role.CLERK),
        "scrutiny officer": signed_in(Role.SCRUTINY_OFFICER),
        "superuser": signed_in(is_superuser=True),
        "staff without a role": signed_in(is_staff=True),
        "owner": signed_in(Role.RECOMMENDATION_OWNER, officer),
    }
    issue = Issue.objects.create(title="Leisure centres", slug=f"leisure-centres-{next(_ids)}")
    published = now - dt.timedelta(days=10)

    # Meeting 1: agenda published, minutes signed.
    m1 = make_meeting(a, (now - dt.timedelta(days=5)).date(), status="held")
    record.meeting_update(
        actor=None, meeting=m1, expected_version=None, agenda_published_at=published
    )
    m1.refresh_from_db()
    public = record.agenda_item_create(
        actor=None, meeting=m1, number="4", title="Leisure centres: open report",
        text="The public report on leisure centres.", issue=issue,
    )  # fmt: skip
    public_doc = record.document_add(
        actor=None, item=public, title="Open report on leisure centres",
        file=pdf("open paper"), published_at=published,
    )  # fmt: skip
    draft_doc = record.document_add(
        actor=None, item=public, title=marker("draft-document-title"),
        file=pdf(marker("draft-document-file")), published_at=None,
    )  # fmt: skip
    draft_doc.extracted_text = marker("draft-document-extracted")
    draft_doc.save()
    future_doc = record.document_add(
        actor=None, item=public, title=marker("future-document-title"),
        file=pdf(marker("future-document-file")), published_at=now + dt.timedelta(days=3),
    )  # fmt: skip
    confidential_doc = record.document_add(
        actor=None, item=public, title=marker("confidential-appendix-title"),
        file=pdf(marker("confidential-appendix-file")), published_at=published,
        visibility="confidential", kind="appendix",
    )  # fmt: skip
    exempt = record.agenda_item_create(
        actor=None, meeting=m1, number="5", title="Leisure centres: contract award",
        text=marker("exempt-item-text"), issue=issue, visibility="exempt",
        exempt_paragraphs=[3], public_interest_reason=marker("exempt-reason"),
    )  # fmt: skip
    exempt_doc = record.document_add(
        actor=None, item=exempt, title=marker("exempt-document-title"),
        file=pdf(marker("exempt-document-file")), published_at=published,
    )  # fmt: skip
    exempt_doc.extracted_text = marker("exempt-document-extracted")
    exempt_doc.save()
    open_doc_on_exempt = record.document_add(
        actor=None, item=exempt, title=marker("public-document-on-exempt-item"),
        file=pdf(marker("public-document-on-exempt-item-file")), published_at=published,
        visibility="public",
    )  # fmt: skip
    confidential = record.agenda_item_create(
        actor=None, meeting=m1, number="6", title=marker("confidential-item-title"),
        text=marker("confidential-item-text"), visibility="confidential",
    )  # fmt: skip
    for item, what in ((exempt, "exempt"), (confidential, "confidential")):
        record.minutes_record(actor=None, item=item, text=marker(f"{what}-minutes"))
        motion = record.motion_record(
            actor=None, item=item, mover=member, seconder=outsider,
            text=marker(f"{what}-motion"),
        )  # fmt: skip
        record.resolution_record(
            actor=None, item=item, motion=motion, parts=[marker(f"{what}-resolution")]
        )
        record.action_record(
            actor=None, item=item, text=marker(f"{what}-action"), owner=officer, due_on=None
        )
        record.declaration_record(
            actor=None, item=item, person=member, kind="other-registrable",
            text=marker(f"{what}-declaration"),
        )  # fmt: skip
    record.motion_record(actor=None, item=public, mover=member, seconder=None)
    record.resolution_record(actor=None, item=public, parts=["That the open report be noted."])
    record.attendance_record(actor=None, meeting=m1, person=member, status="present")
    record.minutes_set_status(actor=None, meeting=m1, status="signed")

    # Meeting 2: agenda published, minutes still a draft.
    m2 = make_meeting(a, (now - dt.timedelta(days=2)).date(), status="held")
    record.meeting_update(
        actor=None, meeting=m2, expected_version=None, agenda_published_at=published
    )
    draft_item = record.agenda_item_create(
        actor=None, meeting=m2, number="7", title="Leisure centres: update", issue=issue
    )
    record.minutes_record(actor=None, item=draft_item, text=marker("draft-minutes"))
    motion = record.motion_record(
        actor=None, item=draft_item, mover=member, seconder=None, text=marker("draft-motion")
    )
    record.resolution_record(
        actor=None, item=draft_item, motion=motion, parts=[marker("draft-resolution")]
    )
    record.action_record(
        actor=None, item=draft_item, text=marker("draft-action"), owner=officer, due_on=None
    )
    record.declaration_record(
        actor=None, item=draft_item, person=member, kind="non-registrable",
        text=marker("draft-declaration"),
    )  # fmt: skip
    record.attendance_record(
        actor=None, meeting=m2, person=member, status="present", role=marker("draft-attendance")
    )

    # Corrections to meeting 1's signed minutes: one agreed at meeting 2, whose minutes are
    # a draft; one about the exempt item, agreed at meeting 4, whose minutes are approved.
    m1.refresh_from_db()
    record.minutes_correction_record(
        actor=None, meeting=m1, agreed_at=m2, text=marker("draft-correction")
    )
    m4 = make_meeting(a, (now - dt.timedelta(days=1)).date(), status="held")
    record.meeting_update(
        actor=None, meeting=m4, expected_version=None, agenda_published_at=published
    )
    m4.refresh_from_db()
    record.minutes_correction_record(
        actor=None, meeting=m1, agreed_at=m4, item=exempt, text=marker("exempt-correction")
    )
    record.minutes_set_status(actor=None, meeting=m4, status="draft")
    m4.refresh_from_db()
    record.minutes_set_status(actor=None, meeting=m4, status="approved")

    # Meeting 3: in the future, agenda not yet published.
    m3 = make_meeting(a, (now + dt.timedelta(days=20)).date())
    unpublished_item = record.agenda_item_create(
        actor=None, meeting=m3, number="1", title=marker("unpublished-agenda-item-title"),
        text=marker("unpublished-agenda-item-text"), issue=issue,
    )  # fmt: skip
    unpublished_doc = record.document_add(
        actor=None, item=unpublished_item, title=marker("unpublished-agenda-document"),
        file=pdf(marker("unpublished-agenda-document-file")), published_at=published,
    )  # fmt: skip

    out.member_markers = [
        marker(f"{what}-{part}")
        for what in ("exempt", "confidential")
        for part in ("minutes", "motion", "resolution", "action", "declaration")
    ] + [
        marker("exempt-correction"),
        marker("exempt-item-text"),
        marker("exempt-document-title"),
        marker("public-document-on-exempt-item"),
        marker("confidential-item-title"),
        marker("confidential-item-text"),
        marker("confidential-appendix-title"),
    ]
    out.draft_markers = [
        marker(what)
        for what in (
            "draft-document-title", "future-document-title", "draft-minutes", "draft-motion",
            "draft-resolution", "draft-action", "draft-declaration", "draft-attendance",
            "draft-correction",
            "unpublished-agenda-item-title", "unpublished-agenda-item-text",
            "unpublished-agenda-document",
        )
    ]  # fmt: skip
    out.objects = {
        "committee": a,
        "other committee": b,
        "issue": issue,
        "signed meeting": m1,
        "draft minutes meeting": m2,
        "unpublished meeting": m3,
        "public item": public,
        "exempt item": exempt,
        "confidential item": confidential,
        "draft minutes item": draft_item,
        "unpublished item": unpublished_item,
        "public document": public_doc,
        "draft document": draft_doc,
        "future document": future_doc,
        "confidential document": confidential_doc,
        "exempt document": exempt_doc,
        "public document on exempt item": open_doc_on_exempt,
        "unpublished agenda document": unpublished_doc,
    }
    # Fresh from the database, so each carries its meeting as the services left it.
    for key, obj in out.objects.items():
        out.objects[key] = type(obj).objects.get(pk=obj.pk)
    return out
