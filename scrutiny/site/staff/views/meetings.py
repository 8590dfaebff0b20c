"""Meeting pages for clerks: the list, one meeting, and the meeting-level forms."""

import datetime

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from scrutiny.committees import permissions as can
from scrutiny.committees import publication
from scrutiny.committees import services as record
from scrutiny.committees.models import Attendance, Meeting
from scrutiny.committees.selectors import committee_worked_for, meeting_register
from scrutiny.core.working_days import papers_are_late, papers_deadline
from scrutiny.publishing import links, rules
from scrutiny.site.staff.access import staff_page
from scrutiny.site.staff.forms.common import combine
from scrutiny.site.staff.forms.meetings import (
    AgendaItemForm,
    AttendanceForm,
    ConfirmForm,
    CorrectionForm,
    MeetingEditForm,
    MeetingForm,
    MinutesStatusForm,
)
from scrutiny.site.staff.views import notices
from scrutiny.site.staff.views.common import form_page, posted

RECENT = 20  # past meetings listed


def _crumbs(meeting: Meeting | None = None, *trail):
    crumbs = [("Staff", reverse("staff:dashboard")), ("Meetings", reverse("staff:meetings"))]
    if meeting is not None:
        url = reverse("staff:meeting", args=[meeting.pk]) if trail else None
        crumbs.append((str(meeting), url))
    return [*crumbs, *trail]


def _current(meeting: Meeting):
    def read():
        fresh = Meeting.objects.get(pk=meeting.pk)
        published = fresh.agenda_published_at
        return [
            ("Starts", timezone.localtime(fresh.starts_at).strftime("%-d %B %Y, %H:%M")),
            ("Venue", fresh.venue),
            ("Webcast", fresh.webcast_url or "None"),
            ("Status", fresh.get_status_display()),
            ("Minutes", fresh.get_minutes_status_display()),
            ("Agenda published", timezone.localtime(published) if published else "Not yet"),
        ]

    return read


@staff_page()
def meeting_list(request: HttpRequest) -> HttpResponse:
    meetings = Meeting.objects.select_related("committee")
    # A meeting is upcoming from the start of its day, in the council's time zone.
    today = timezone.make_aware(datetime.datetime.combine(timezone.localdate(), datetime.time()))
    context = {
        "upcoming": list(meetings.filter(starts_at__gte=today).order_by("starts_at")),
        "past": list(meetings.filter(starts_at__lt=today).order_by("-starts_at")[:RECENT]),
        "can_clerk": can.can_clerk(request.user),
        "sees_everything": rules.user_sees_everything(request.user),
        "breadcrumbs": _crumbs(),
    }
    return render(request, "site/staff/meeting_list.html", context)


@staff_page()
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The clerk's view of a meeting: every item, drafts and exempt business included.
    Anyone else reads the meeting as the publishing rules let them, on the public page
    (a committee's members see its exempt business there once it is published)."""
    if not rules.user_sees_everything(request.user):
        return redirect("site:meeting_detail", pk=pk)
    meeting = get_object_or_404(Meeting.objects.select_related("committee"), pk=pk)
    items = meeting.items.prefetch_related(
        "documents",
        "declarations__person",
        "motions__mover",
        "motions__seconder",
        "resolutions__parts",
        "actions",
    )
    items = list(items.select_related("issue"))
    entries = list(meeting.attendance.select_related("person").order_by("person__name"))
    order = ["present", "substitute", "apologies", "absent", "in-attendance", "expected"]
    by_status = {
        label: [e for e in entries if e.status == status]
        for status, label in sorted(Attendance.Status.choices, key=lambda c: order.index(c[0]))
        if any(e.status == status for e in entries)
    }
    deadline = papers_deadline(meeting.date)
    published = meeting.agenda_published_at
    late = bool(
        published
        and papers_are_late(meeting_date=meeting.date, published_on=timezone.localdate(published))
    ) or (published is None and timezone.localdate() > deadline)
    context = {
        "meeting": meeting,
        "items": items,
        "deadline": deadline,
        "papers_late": late,
        "attendance": list(by_status.items()),
        "corrections": meeting.corrections.select_related("agreed_at", "item").order_by("id"),
        "can_clerk": can.can_clerk_meeting(request.user, meeting),
        "item_reviews": links.reviews_of_items(request.user, items),
        "breadcrumbs": _crumbs(meeting),
    }
    return render(request, "site/staff/meeting_detail.html", context)


@staff_page(can.can_clerk)
def meeting_create(request: HttpRequest) -> HttpResponse:
    form = MeetingForm(
        posted(request),
        initial={"status": Meeting.Status.SCHEDULED},
        committee=committee_worked_for(request.user, timezone.localdate()),
    )

    def save(data):
        return record.meeting_create(
            actor=request.user,
            committee=data["committee"],
            starts_at=combine(data["date"], data["time"]),
            venue=data["venue"],
            status=data["status"],
            webcast_url=data["webcast_url"],
        )

    return form_page(
        request,
        form,
        save=save,
        success=lambda m: f"Meeting of {m} added: {notices.meeting_notice(m)}",
        next_url=lambda m: reverse("staff:meeting", args=[m.pk]),
        heading="Add a meeting",
        button="Add meeting",
        breadcrumbs=_crumbs(None, ("Add a meeting", None)),
    )


@staff_page(can.can_clerk)
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = can.get_meeting_for_clerking_or_404(request.user, pk=pk)
    local = timezone.localtime(meeting.starts_at)
    initial = {
        "version": meeting.version,
        "date": local.date(),
        "time": f"{local:%H:%M}",
        "venue": meeting.venue,
        "webcast_url": meeting.webcast_url,
        "status": meeting.status,
    }
    form = MeetingEditForm(posted(request), initial=initial)

    def save(data):
        return record.meeting_update(
            actor=request.user,
            meeting=meeting,
            expected_version=data["version"],
            starts_at=combine(data["date"], data["time"]),
            venue=data["venue"],
            status=data["status"],
            webcast_url=data["webcast_url"],
        )

    return form_page(
        request,
        form,
        save=save,
        success=lambda m: f"Meeting saved: {notices.meeting_notice(m)}",
        next_url=reverse("staff:meeting", args=[meeting.pk]),
        heading="Edit the meeting",
        caption=str(meeting),
        current=_current(meeting),
        breadcrumbs=_crumbs(meeting, ("Edit", None)),
    )


@staff_page(can.can_clerk)
def agenda_item_create(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = can.get_meeting_for_clerking_or_404(request.user, pk=pk)
    form = AgendaItemForm(posted(request))

    def save(data):
        return record.agenda_item_create(actor=request.user, meeting=meeting, **data)

    return form_page(
        request,
        form,
        save=save,
        success=lambda item: (
            f"Item {item.number} added to the agenda: {notices.agenda_item_notice(item)}"
        ),
        next_url=reverse("staff:meeting", args=[meeting.pk]),
        heading="Add an agenda item",
        caption=str(meeting),
        button="Add item",
        breadcrumbs=_crumbs(meeting, ("Add an agenda item", None)),
    )


@staff_page(can.can_clerk)
def minutes_status(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = can.get_meeting_for_clerking_or_404(request.user, pk=pk)
    initial = {"version": meeting.version, "minutes_status": meeting.minutes_status}
    form = MinutesStatusForm(posted(request), initial=initial)

    def save(data):
        return record.minutes_set_status(
            actor=request.user,
            meeting=meeting,
            status=data["minutes_status"],
            expected_version=data["version"],
        )

    return form_page(
        request,
        form,
        save=save,
        success=notices.minutes_status_notice,
        next_url=reverse("staff:meeting", args=[meeting.pk]),
        heading="Set the minutes' status",
        caption=str(meeting),
        current=_current(meeting),
        breadcrumbs=_crumbs(meeting, ("Minutes status", None)),
    )


def _publish(request, pk: int, *, service, heading: str, success, button: str):
    meeting = can.get_meeting_for_clerking_or_404(request.user, pk=pk)
    form = ConfirmForm(posted(request), initial={"version": meeting.version})
    return form_page(
        request,
        form,
        save=lambda data: service(
            actor=request.user, meeting=meeting, expected_version=data["version"]
        ),
        success=success,
        next_url=reverse("staff:meeting", args=[meeting.pk]),
        heading=heading,
        caption=str(meeting),
        button=button,
        current=_current(meeting),
        breadcrumbs=_crumbs(meeting, (heading, None)),
    )


@staff_page(can.can_clerk)
def agenda_publish(request: HttpRequest, pk: int) -> HttpResponse:
    return _publish(
        request,
        pk,
        service=publication.agenda_publish,
        heading="Publish the agenda",
        success=notices.agenda_notice,
        button="Publish agenda",
    )


@staff_page(can.can_clerk)
def minutes_publish(request: HttpRequest, pk: int) -> HttpResponse:
    return _publish(
        request,
        pk,
        service=publication.minutes_publish,
        heading="Publish the minutes",
        success=notices.minutes_status_notice,
        button="Publish minutes",
    )


@staff_page(can.can_clerk)
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = can.get_meeting_for_clerking_or_404(request.user, pk=pk)
    register = meeting_register(meeting=meeting)
    initial = {f"status_{a.person_id}": a.status for a in register.recorded.values()}
    roles = {pk: a.role for pk, a in register.recorded.items()}
    form = AttendanceForm(
        posted(request),
        people=register.people,
        members=register.members,
        roles=roles,
        initial=initial,
    )
    return form_page(
        request,
        form,
        save=lambda d: record.attendance_register_record(
            actor=request.user, meeting=meeting, register=form.register()
        ),
        success=lambda rows: (
            f"Attendance of {len(rows)} {'person' if len(rows) == 1 else 'people'} recorded: "
            f"{notices.attendance_notice(meeting)}"
        ),
        next_url=reverse("staff:meeting", args=[meeting.pk]) + "#attendance",
        heading="Record attendance",
        caption=str(meeting),
        button="Save the register",
        breadcrumbs=_crumbs(meeting, ("Attendance", None)),
        extra={
            "intro": "Choose each member's attendance. Members not recorded are left out of "
            "the minutes."
        },
    )


@staff_page(can.can_clerk)
def correction(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = can.get_meeting_for_clerking_or_404(request.user, pk=pk)
    form = CorrectionForm(posted(request), meeting=meeting)
    return form_page(
        request,
        form,
        save=lambda d: record.minutes_correction_record(actor=request.user, meeting=meeting, **d),
        success=lambda c: f"Correction agreed on {c.agreed_at.date:%-d %B %Y} recorded",
        next_url=reverse("staff:meeting", args=[meeting.pk]) + "#corrections",
        heading="Record a correction to the signed minutes",
        caption=str(meeting),
        button="Record correction",
        breadcrumbs=_crumbs(meeting, ("Correction", None)),
        extra={
            "intro": "Signed minutes never change. A correction agreed at a later meeting is "
            "published beside them."
        },
    )
