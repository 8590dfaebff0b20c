"""The words of each reminder. Every email is built as a `Letter` (paragraphs and lists
of recommendations with links) and rendered twice, as plain text and as HTML, from the
same two templates, so both say exactly the same thing."""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

from scrutiny.people.models import Person
from scrutiny.reminders.models import Kind
from scrutiny.reminders.selectors import DueReminder, OwnerMissing
from scrutiny.reviews.cycle import last_reports
from scrutiny.reviews.models import Recommendation

ESCALATE = (
    "This is ready to escalate: the committee may ask its chair to write to the chief executive."
)


def update_url(recommendation: Recommendation) -> str:
    """Where an owner updates a recommendation. The one place the staff page's path is
    written down for emails."""
    base = settings.SCRUTINY_SITE_URL.rstrip("/")
    return f"{base}/staff/recommendations/{recommendation.pk}/update/"


def long_date(day: datetime.date) -> str:
    return f"{day:%-d %B %Y}"


@dataclass(frozen=True)
class Item:
    text: str
    link_text: str = ""
    url: str = ""


@dataclass(frozen=True)
class Section:
    heading: str
    items: tuple[Item, ...]


@dataclass
class Letter:
    subject: str
    greeting: str
    opening: list[str]
    sections: list[Section] = field(default_factory=list)
    closing: list[str] = field(default_factory=list)
    signature: str = ""


def recommendation_item(rec: Recommendation) -> Item:
    reference = f" ({rec.reference})" if rec.reference else ""
    target = rec.current_target_date or rec.original_target_date
    text = f"{rec.text} (recommendation {rec.number}{reference})."
    if target:
        text += f" Target date: {long_date(target)}."
    return Item(text=text, link_text=f"Update “{rec.short_text}”", url=update_url(rec))


def person_heading(group: OwnerMissing) -> str:
    if group.owner is None:
        return "No owner named"
    heading = group.owner.display_name
    return f"{heading} ({group.owner.email})" if group.owner.email else f"{heading}: no email"


def by_review(recommendations) -> list[Section]:
    """Owners' recommendations, a section per review, saying what 'since' means for it."""
    sections: dict[int, tuple] = {}
    for rec in recommendations:
        sections.setdefault(rec.review_id, (rec.review, []))[1].append(rec)
    result = []
    last = last_reports(sections)
    for review_id, (review, recs) in sections.items():
        report = last.get(review_id)
        if report is None:
            heading = f"{review.title} (no update since the recommendations were agreed)"
        else:
            heading = f"{review.title} (last report issued {long_date(report.issued_on)})"
        result.append(Section(heading, tuple(recommendation_item(r) for r in recs)))
    return result


def _meeting_sentence(reminder: DueReminder) -> str:
    return (
        f"The {reminder.committee} will receive the next monitoring report at its meeting "
        f"on {long_date(reminder.meeting.date)}. The papers for that meeting must be "
        f"published by {long_date(reminder.deadline)}."
    )


def owner_letter(reminder: DueReminder) -> Letter:
    deadline = long_date(reminder.deadline)
    second = reminder.kind == Kind.SECOND_REMINDER
    opening = ["This is a second reminder."] if second else []
    opening += [
        _meeting_sentence(reminder),
        "You have not posted a progress update on these recommendations since the last "
        f"monitoring report was issued. Update each one by {deadline}.",
    ]
    return Letter(
        subject=("Reminder: u" if second else "U")
        + f"pdate your scrutiny recommendations by {deadline}",
        greeting=f"Dear {reminder.recipient.name},",
        opening=opening,
        sections=by_review(reminder.recommendations),
        closing=["If a target date will be missed, say why in your update."],
    )


def owners_sections(reminder: DueReminder) -> list[Section]:
    return [
        Section(person_heading(g), tuple(recommendation_item(r) for r in g.recommendations))
        for g in reminder.owners
    ]


def officer_letter(reminder: DueReminder) -> Letter:
    review, committee = reminder.review, reminder.committee
    name = reminder.recipient.name if reminder.recipient else "colleague"
    letter = Letter(subject="", greeting=f"Dear {name},", opening=[])
    if reminder.kind == Kind.ESCALATION:
        letter.subject = f"Ready to escalate: updates missing for {review.title}"
        letter.opening = [
            f"The papers deadline for the {committee} meeting on "
            f"{long_date(reminder.meeting.date)} was {long_date(reminder.deadline)}.",
            f"These owners have not posted a progress update on {review.title} since the "
            "last monitoring report was issued:",
        ]
        letter.sections = owners_sections(reminder)
        letter.closing = [ESCALATE]
    elif reminder.kind == Kind.EXECUTIVE_RESPONSE:
        letter.subject = f"Ready to escalate: executive response overdue for {review.title}"
        letter.opening = [
            f"The executive's response to the report of {review.title} was due on "
            f"{long_date(reminder.due_on)}. It has not yet responded to these "
            "recommendations:",
        ]
        letter.sections = owners_sections(reminder)
        letter.closing = [ESCALATE]
    elif reminder.kind == Kind.NO_MEETING:
        letter.subject = f"No meeting for the next monitoring report on {review.title}"
        letter.opening = [
            f"The next monitoring report on {review.title} is due on or after "
            f"{long_date(reminder.due_on)}, but the {committee} has no meeting scheduled "
            "on or after that date.",
            "Owners will not be reminded to update their recommendations until there is a "
            "meeting to report to.",
        ]
    elif reminder.kind == Kind.CANNOT_REMIND:
        letter.subject = f"Owners we cannot email about {review.title}"
        letter.opening = [
            _meeting_sentence(reminder),
            "These recommendations need a progress update, but we cannot email their "
            "owners because there is no owner or no email address:",
        ]
        letter.sections = owners_sections(reminder)
        letter.closing = [
            "Ask the owners for an update, or add their email addresses so that they get "
            "the reminders."
        ]
    else:
        raise ValueError(f"No letter for {reminder.kind!r}")
    return letter


def letter_for(reminder: DueReminder) -> Letter:
    if reminder.kind in (Kind.FIRST_REMINDER, Kind.SECOND_REMINDER):
        letter = owner_letter(reminder)
    else:
        letter = officer_letter(reminder)
    officer = reminder.committee.scrutiny_officer
    letter.signature = officer.display_name if officer else settings.COUNCIL_NAME
    return letter


def reply_to(reminder: DueReminder) -> list[str]:
    officer: Person | None = reminder.committee.scrutiny_officer
    if reminder.recipient != officer and officer is not None and officer.email:
        return [officer.email]
    return []


def reminder_email(reminder: DueReminder) -> EmailMultiAlternatives:
    """The email for a due reminder, to its address, plain text with an HTML alternative."""
    letter = letter_for(reminder)
    context = {"letter": letter, "council_name": settings.COUNCIL_NAME}
    message = EmailMultiAlternatives(
        subject=letter.subject,
        body=render_to_string("reminders/email/letter.txt", context),
        to=[reminder.address],
        reply_to=reply_to(reminder),
    )
    message.attach_alternative(
        render_to_string("reminders/email/letter.html", context), "text/html"
    )
    return message
