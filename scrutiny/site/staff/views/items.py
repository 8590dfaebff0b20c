"""Forms on one agenda item: minutes, visibility, motions, resolutions, actions and
documents."""

from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from scrutiny.committees import permissions as can
from scrutiny.committees import publication
from scrutiny.committees import services as record
from scrutiny.committees.models import AgendaItem
from scrutiny.people.models import Person
from scrutiny.site.staff.access import staff_page
from scrutiny.site.staff.forms.meetings import (
    ActionCloseForm,
    ActionForm,
    ConfirmForm,
    DeclarationForm,
    DocumentForm,
    MinutesForm,
    MotionForm,
    ResolutionForm,
    VisibilityForm,
)
from scrutiny.site.staff.views import notices
from scrutiny.site.staff.views.common import form_page, posted, uploaded


def _crumbs(item: AgendaItem, label: str):
    meeting = item.meeting
    return [
        ("Staff", reverse("staff:dashboard")),
        ("Meetings", reverse("staff:meetings")),
        (str(meeting), reverse("staff:meeting", args=[meeting.pk])),
        (f"Item {item.number}: {label}", None),
    ]


def _back(item: AgendaItem) -> str:
    return reverse("staff:meeting", args=[item.meeting_id]) + f"#item-{item.pk}"


def _item_page(request, item, form, *, save, success, heading, button="Save", current=None):
    return form_page(
        request,
        form,
        save=save,
        success=success,
        next_url=_back(item),
        heading=heading,
        caption=f"Item {item.number}: {item.title}",
        button=button,
        current=current,
        breadcrumbs=_crumbs(item, heading),
    )


def _current(item: AgendaItem):
    def read():
        fresh = AgendaItem.objects.get(pk=item.pk)
        return [
            ("Minutes", fresh.minutes or "None recorded"),
            ("Visibility", fresh.get_visibility_display()),
            ("Schedule 12A paragraphs", ", ".join(map(str, fresh.exempt_paragraphs)) or "None"),
            ("Public interest reason", fresh.public_interest_reason or "None"),
        ]

    return read


@staff_page(can.can_clerk)
def minutes(request: HttpRequest, pk: int) -> HttpResponse:
    item = can.get_item_for_clerking_or_404(request.user, pk=pk)
    initial = {"version": item.version, "minutes": item.minutes}
    form = MinutesForm(posted(request), initial=initial)
    return _item_page(
        request,
        item,
        form,
        save=lambda d: record.minutes_record(
            actor=request.user, item=item, text=d["minutes"], expected_version=d["version"]
        ),
        success=notices.item_minutes_notice,
        heading="Record the minutes",
        current=_current(item),
    )


@staff_page(can.can_clerk)
def visibility(request: HttpRequest, pk: int) -> HttpResponse:
    item = can.get_item_for_clerking_or_404(request.user, pk=pk)
    initial = {
        "version": item.version,
        "visibility": item.visibility,
        "exempt_paragraphs": item.exempt_paragraphs,
        "public_interest_reason": item.public_interest_reason,
    }
    form = VisibilityForm(posted(request), initial=initial)
    return _item_page(
        request,
        item,
        form,
        save=lambda d: record.agenda_item_set_visibility(
            actor=request.user,
            item=item,
            visibility=d["visibility"],
            exempt_paragraphs=d["exempt_paragraphs"],
            public_interest_reason=d["public_interest_reason"],
            expected_version=d["version"],
        ),
        success=lambda i: (
            f"Item {i.number} is now {i.get_visibility_display().lower()}: "
            f"{notices.agenda_item_notice(i)}"
        ),
        heading="Who can see this item",
        current=_current(item),
    )


@staff_page(can.can_clerk)
def motion(request: HttpRequest, pk: int) -> HttpResponse:
    item = can.get_item_for_clerking_or_404(request.user, pk=pk)
    members = Person.objects.filter(
        memberships__committee=item.meeting.committee, kind=Person.Kind.COUNCILLOR
    ).distinct()
    form = MotionForm(
        posted(request), members=members, initial={"kind": "motion", "outcome": "carried"}
    )

    def save(d):
        return record.motion_record(
            actor=request.user,
            item=item,
            kind=d["kind"],
            text=d["text"],
            mover=d["mover"],
            seconder=d["seconder"],
            outcome=d["outcome"],
            unanimous=d["unanimous"],
            votes_for=d["votes_for"],
            votes_against=d["votes_against"],
            abstentions=d["abstentions"],
            recorded_votes=form.recorded_votes(),
        )

    return _item_page(
        request,
        item,
        form,
        save=save,
        success=lambda m: (
            f"Motion moved by {m.mover} recorded: {notices.minutes_record_notice(item)}"
        ),
        heading="Record a motion",
        button="Record motion",
    )


@staff_page(can.can_clerk)
def resolution(request: HttpRequest, pk: int) -> HttpResponse:
    item = can.get_item_for_clerking_or_404(request.user, pk=pk)
    form = ResolutionForm(posted(request), item=item, initial={"kind": "resolved"})
    return _item_page(
        request,
        item,
        form,
        save=lambda d: record.resolution_record(
            actor=request.user,
            item=item,
            parts=d["parts"],
            kind=d["kind"],
            preamble=d["preamble"],
            motion=d["motion"],
            unanimous=d["unanimous"],
        ),
        success=lambda r: (
            f"Resolution with {r.parts.count()} numbered parts recorded: "
            f"{notices.minutes_record_notice(item)}"
        ),
        heading="Record a resolution",
        button="Record resolution",
    )


@staff_page(can.can_clerk)
def action(request: HttpRequest, pk: int) -> HttpResponse:
    item = can.get_item_for_clerking_or_404(request.user, pk=pk)
    form = ActionForm(posted(request))
    return _item_page(
        request,
        item,
        form,
        save=lambda d: record.action_record(actor=request.user, item=item, **d),
        success=lambda a: f"Action recorded: {notices.minutes_record_notice(item)}",
        heading="Record an action",
        button="Record action",
    )


@staff_page(can.can_clerk)
def action_close(request: HttpRequest, pk: int) -> HttpResponse:
    act = can.get_action_for_clerking_or_404(request.user, pk=pk)
    form = ActionCloseForm(posted(request), initial={"version": act.version})
    return _item_page(
        request,
        act.item,
        form,
        save=lambda d: record.action_close(
            actor=request.user,
            action=act,
            status=d["status"],
            response=d["response"],
            closed_on=d["closed_on"],
            expected_version=d["version"],
        ),
        success=lambda a: f"Action closed: {notices.minutes_record_notice(act.item)}",
        heading="Close an action",
        button="Close action",
    )


@staff_page(can.can_clerk)
def document_add(request: HttpRequest, pk: int) -> HttpResponse:
    item = can.get_item_for_clerking_or_404(request.user, pk=pk)
    form = DocumentForm(posted(request), uploaded(request), initial={"kind": "report"})

    def save(d):
        checked = d["file"]
        return record.document_add(
            actor=request.user,
            item=item,
            title=d["title"],
            kind=d["kind"],
            file=checked.file,
            file_format=checked.kind.code,
        )

    return _item_page(
        request,
        item,
        form,
        save=save,
        success=lambda doc: f"“{doc.title}” added; it is not public until you publish it",
        heading="Add a document",
        button="Upload document",
    )


@staff_page(can.can_clerk)
def document_publish(request: HttpRequest, pk: int) -> HttpResponse:
    document = can.get_document_for_publishing_or_404(request.user, pk=pk)
    form = ConfirmForm(posted(request))
    return _item_page(
        request,
        document.item,
        form,
        save=lambda d: publication.document_publish(actor=request.user, document=document),
        success=lambda d: f"“{d.title}” published: {notices.document_notice(d)}",
        heading=f"Publish “{document.title}”",
        button="Publish document",
    )


@staff_page(can.can_clerk)
def declaration(request: HttpRequest, pk: int) -> HttpResponse:
    item = can.get_item_for_clerking_or_404(request.user, pk=pk)
    people = Person.objects.filter(kind=Person.Kind.COUNCILLOR).order_by("name")
    form = DeclarationForm(posted(request), people=people)
    return _item_page(
        request,
        item,
        form,
        save=lambda d: record.declaration_record(actor=request.user, item=item, **d),
        success=lambda d: (
            f"Declaration by {d.person} on item {item.number} recorded: "
            f"{notices.minutes_record_notice(item)}"
        ),
        heading="Record a declaration of interest",
        button="Record declaration",
    )
