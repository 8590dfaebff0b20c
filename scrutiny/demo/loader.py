"""Loads the demo council by calling the system's own services, in the order things
happened, so every figure the demo shows is computed by the rules."""

import datetime as dt
from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from scrutiny.committees import services as record
from scrutiny.committees.models import Committee, Issue, Meeting, Membership
from scrutiny.demo import facts as f
from scrutiny.people.models import Directorate, Person
from scrutiny.people.roles import Role
from scrutiny.reviews import services as reviews
from scrutiny.reviews.models import Recommendation, Review
from scrutiny.reviews.monitoring import monitoring_decisions_apply, monitoring_report_issue


def demo_is_loaded() -> bool:
    return Review.objects.filter(slug=f.REVIEW_SLUG).exists()


def _aware(moment: dt.datetime) -> dt.datetime:
    return timezone.make_aware(moment)


def third_monday(year: int, month: int) -> dt.date:
    first = dt.date(year, month, 1)
    return first + dt.timedelta(days=(0 - first.weekday()) % 7 + 14)


class DemoLoader:
    """`today` is the day the demo is loaded as of (default: today): meetings before it
    were held, with their minutes, and the calendar goes on beyond it, so nothing in the
    demo is left "scheduled" in the past whenever it is loaded."""

    actor = None  # the demo is history, recorded by the system itself

    def __init__(
        self, *, today: dt.date | None = None, password_for: Callable[[str], str] | None = None
    ) -> None:
        """`password_for` gives each sign-in's password by its username (default: the
        published demo password, for a local demo only)."""
        self.today = today or timezone.localdate()
        self.password_for = password_for or (lambda username: f.DEMO_PASSWORD)
        if self.today < f.STORY_ENDS:
            raise ValueError(f"The demo is loaded as of {f.STORY_ENDS:%-d %B %Y} or later.")

    @transaction.atomic
    def load(self) -> Review:
        self.people()
        self.committees()
        self.review = self.start_review()
        self.recommendations()
        self.executive_responses()
        self.progress_before_first_report()
        self.first_interim_report()
        self.progress_before_second_report()
        self.second_interim_report()
        self.calendar()
        self.sign_ins()
        return self.review

    def people(self) -> None:
        self.officers = {}
        for key, (name, job, directorate) in f.OFFICERS.items():
            self.officers[key] = Person.objects.create(
                kind=Person.Kind.OFFICER,
                name=name,
                job_title=job,
                directorate=Directorate.objects.get_or_create(name=directorate)[0],
                email=f"{name.lower().replace(' ', '.')}@council.example",
            )
        self.councillors = {
            name: Person.objects.create(kind=Person.Kind.COUNCILLOR, name=name)
            for name, _, _ in f.COUNCILLORS
        }

    def committees(self) -> None:
        self.committee = Committee.objects.create(
            name=f.COMMITTEE,
            slug="customer-services-scrutiny-committee",
            kind=Committee.Kind.SCRUTINY,
            monitoring_interval_months=6,
            description="Scrutinises customer services, ICT and the support given to Members.",
            scrutiny_officer=self.officers["scrutiny"],
        )
        for name, role, _ in f.COUNCILLORS:
            Membership.objects.create(
                committee=self.committee, person=self.councillors[name], role=role
            )
        self.cabinet = Committee.objects.create(name="Cabinet", slug="cabinet", kind="cabinet")

    def meeting(self, starts_at: dt.datetime, committee: Committee | None = None) -> Meeting:
        meeting = record.meeting_create(
            actor=None,
            committee=committee or self.committee,
            starts_at=_aware(starts_at),
            venue=f.VENUE,
            status=Meeting.Status.HELD,
        )
        return record.meeting_update(
            actor=None,
            meeting=meeting,
            expected_version=None,
            agenda_published_at=meeting.starts_at - dt.timedelta(days=11),
        )

    def start_review(self) -> Review:
        self.issue = Issue.objects.create(title=f.ISSUE_TITLE, slug="members-ict-monitoring")
        review = reviews.review_create(
            actor=None,
            committee=self.committee,
            title=f.REVIEW_TITLE,
            slug=f.REVIEW_SLUG,
            aim=f.AIM,
            scope="Member ICT equipment and support, and ICT in the Council Chamber and "
            "meeting rooms.",
            issue=self.issue,
            concerns=f.CONCERNS,
        )
        for kind, day, period, text in f.TIMELINE:
            reviews.timeline_entry_add(
                actor=None, review=review, kind=kind, happened_on=day, text=text,
                period_label=period,
            )  # fmt: skip
        final = self.meeting(dt.datetime(2023, 3, 13, 18, 0))
        item = record.agenda_item_create(
            actor=None, meeting=final, number="52", title=f"{f.REVIEW_TITLE}: Final Report",
            issue=self.issue,
        )  # fmt: skip
        record.minutes_record(actor=None, item=item, text=f.MINUTES_52)
        self.sign_minutes(final)
        return reviews.review_update(
            actor=None,
            review=review,
            expected_version=None,
            stage=Review.Stage.MONITORING,
            reported_to_executive_on=f.EXECUTIVE_RECEIVED,
        )

    def recommendations(self) -> None:
        self.recs: dict[int, Recommendation] = {}
        for number, owner, text, target, illustrative in f.RECOMMENDATIONS:
            self.recs[number] = reviews.recommendation_create(
                actor=None,
                review=self.review,
                number=number,
                reference=f"CSSC (22/23) {number:02d}",
                text=text,
                owner=self.officers[owner],
                agreed_on=f.AGREED_ON,
                original_target_date=target,
                illustrative=illustrative,
            )

    def executive_responses(self) -> None:
        for number, rec in self.recs.items():
            reason = f.PARTIAL_RESPONSES.get(number, "")
            self.recs[number] = reviews.executive_response_record(
                actor=None,
                recommendation=rec,
                response="partially-accepted" if reason else "accepted",
                reason=reason,
                received_on=f.RESPONSE_RECEIVED,
            )

    def update(self, number: int, day: dt.date, status: str, narrative: str) -> None:
        rec = self.recs[number]
        reviews.progress_update_post(
            actor=None,
            recommendation=rec,
            author=rec.owner,
            as_of=day,
            proposed_status=status,
            narrative=narrative,
        )
        rec.refresh_from_db()

    def progress_before_first_report(self) -> None:
        for number in range(1, 8):
            self.update(number, *f.DELIVERED[number][:1], "achieved", f.DELIVERED[number][1])
        for number in (8, 9, 12, 13):
            self.update(number, dt.date(2024, 1, 15), "on-track", "Work under way.")
        for number, (day, narrative) in f.SLIPPED.items():
            self.update(number, day, "slipped", narrative)

    def report_item(self, meeting: Meeting, facts: dict, resolutions: list[str]):
        item = record.agenda_item_create(
            actor=None, meeting=meeting, number=facts["item"], title=facts["title"],
            issue=self.issue,
        )  # fmt: skip
        size_kb = facts.get("document_size_kb")
        record.document_add(
            actor=None,
            item=item,
            title=facts["title"],
            file_format="PDF",
            size_bytes=size_kb * 1024 if size_kb else None,
            published_at=meeting.agenda_published_at,
        )
        report = monitoring_report_issue(
            actor=None,
            review=self.review,
            meeting=meeting,
            item=item,
            issued_on=facts["issued_on"],
        )
        motion = record.motion_record(
            actor=None,
            item=item,
            mover=self.councillors["Vicky Wapplington"],
            seconder=self.councillors["Phil Smith"],
        )
        resolution = record.resolution_record(
            actor=None, item=item, parts=resolutions, motion=motion
        )
        for name, person in self.councillors.items():
            status = "apologies" if name == "Gill Barnes" else "present"
            record.attendance_record(actor=None, meeting=meeting, person=person, status=status)
        for key in ("scrutiny", "clerk"):
            record.attendance_record(
                actor=None, meeting=meeting, person=self.officers[key], status="in-attendance"
            )
        return report, resolution

    def first_interim_report(self) -> None:
        meeting = self.meeting(f.FIRST_INTERIM["starts_at"])
        report, resolution = self.report_item(meeting, f.FIRST_INTERIM, f.RESOLUTIONS_45)
        monitoring_decisions_apply(actor=None, report=report, resolution=resolution)
        for number, (to_date, reason) in f.EXTENSIONS.items():
            reviews.recommendation_extend(
                actor=None,
                recommendation=self.recs[number],
                to_date=to_date,
                reason=reason,
                resolution=resolution,
            )
        self.sign_minutes(meeting)

    def progress_before_second_report(self) -> None:
        for number in (8, 9):
            self.update(number, *f.DELIVERED[number][:1], "achieved", f.DELIVERED[number][1])
        for number, narrative in f.SEPTEMBER_UPDATES.items():
            self.update(number, dt.date(2024, 9, 2), "extended", narrative)

    def second_interim_report(self) -> None:
        meeting = self.meeting(f.SECOND_INTERIM["starts_at"])
        report, resolution = self.report_item(meeting, f.SECOND_INTERIM, f.RESOLUTIONS_27)
        item = report.item
        record.minutes_record(actor=None, item=item, text="\n\n".join(f.MINUTES_27))
        self.action_27 = record.action_record(
            actor=None,
            item=item,
            text=f.ACTION_27,
            owner=self.officers["scrutiny"],
            due_on=dt.date(2025, 3, 17),
        )
        monitoring_decisions_apply(actor=None, report=report, resolution=resolution)
        self.sign_minutes(meeting)
        self.last_held = meeting

    def sign_minutes(self, meeting: Meeting, at: dt.datetime | None = None) -> None:
        """Approved as a correct record at the committee's next meeting, then signed."""
        record.minutes_set_status(
            actor=None,
            meeting=meeting,
            status="signed",
            at=at or meeting.starts_at + dt.timedelta(days=63),
        )

    def calendar_days(self):
        """The committee's meetings after the story: as first published, then the same
        cycle until the calendar reaches `CALENDAR_AHEAD` beyond the demo's today."""
        yield from f.FUTURE_MEETINGS
        last = f.FUTURE_MEETINGS[-1]
        while last.date() < self.today + f.CALENDAR_AHEAD:
            year, month = last.year, last.month
            later = [m for m in f.CYCLE_MONTHS if m > month]
            year, month = (year, later[0]) if later else (year + 1, f.CYCLE_MONTHS[0])
            last = dt.datetime.combine(third_monday(year, month), last.time())
            yield last

    def calendar(self) -> None:
        """Meetings before the demo's today were held: routine business minuted, the
        previous meeting's minutes signed, and the latest meeting's minutes approved.
        Those from today on are scheduled."""
        for starts_at in self.calendar_days():
            if starts_at.date() < self.today:
                self.held_meeting(starts_at)
            else:
                record.meeting_create(
                    actor=None, committee=self.committee, starts_at=_aware(starts_at), venue=f.VENUE
                )
        latest = Meeting.objects.get(pk=self.last_held.pk)
        if latest.minutes_status != Meeting.MinutesStatus.SIGNED:
            record.minutes_set_status(
                actor=None,
                meeting=latest,
                status="approved",
                at=min(latest.starts_at + dt.timedelta(days=7), timezone.now()),
            )

    def held_meeting(self, starts_at: dt.datetime) -> Meeting:
        previous, meeting = self.last_held, self.meeting(starts_at)
        for number, title, minutes in f.ROUTINE_ITEMS:
            item = record.agenda_item_create(
                actor=None, meeting=meeting, number=number, title=title
            )
            if not minutes:
                held_on = f"{previous.date:%-d %B %Y}"
                approved = (
                    f"the minutes of the meeting held on {held_on} be approved as a correct "
                    "record and signed by the Chair"
                )
                record.resolution_record(actor=None, item=item, parts=[approved])
                minutes = f"Members considered the minutes of the meeting held on {held_on}."
            record.minutes_record(actor=None, item=item, text=minutes)
        for name, person in self.councillors.items():
            status = "apologies" if name == "Gill Barnes" else "present"
            record.attendance_record(actor=None, meeting=meeting, person=person, status=status)
        previous.refresh_from_db()
        if previous.minutes_status != Meeting.MinutesStatus.SIGNED:
            self.sign_minutes(previous, at=meeting.starts_at)
        action = self.action_27
        if action.status == action.Status.OPEN and action.due_on <= meeting.date:
            self.action_27 = record.action_close(
                actor=None,
                action=action,
                status="done",
                response=f.ACTION_27_DONE,
                closed_on=meeting.date,
            )
        meeting.refresh_from_db()
        self.last_held = meeting
        return meeting

    def sign_ins(self) -> None:
        users = get_user_model()
        accounts = [
            ("scrutiny.officer", Role.SCRUTINY_OFFICER, self.officers["scrutiny"]),
            ("clerk", Role.CLERK, self.officers["clerk"]),
            ("owner", Role.RECOMMENDATION_OWNER, self.officers["ict"]),
            ("councillor", Role.COUNCILLOR, self.councillors["Vicky Wapplington"]),
        ]
        for username, role, person in accounts:
            first, _, last = person.name.partition(" ")
            user = users.objects.create_user(
                username=username,
                password=self.password_for(username),
                first_name=first,
                last_name=last,
                email=person.email,
                is_staff=role in (Role.SCRUTINY_OFFICER, Role.CLERK),
            )
            user.groups.add(Group.objects.get(name=role.label))
            person.user = user
            person.save(update_fields=["user"])
        users.objects.create_superuser("admin", "admin@council.example", self.password_for("admin"))
