"""The leak crawler's world: the restricted committee record of `tests.publishing.records`
grown to everything the models hold (a second committee's exempt business, exempt items
on a draft minutes' agenda and an unpublished one, an agenda to be published next week,
an exempt paper to be published later, reviews whose recommendations were signed off or
extended by exempt and confidential resolutions, evidence files, and two issued
monitoring reports), and the people whose access differs.

Every text field of every record (found by introspecting the model, so a new field is
marked too) carries a marker of its own, filed under a category that says who may read
it; every file holds a marker of its record's category in its bytes, as a real PDF or
Word document, so the crawler finds it only by reading the file as its reader would. The
reports' files are the renderer's own: each froze markers that nothing else holds."""

import datetime as dt
import io
import itertools
import re
from dataclasses import dataclass, field

import docx
from django.apps import apps
from django.core.files.base import ContentFile
from django.db import models
from django.utils import timezone
from weasyprint import HTML

from scrutiny.committees import services as record
from scrutiny.committees.models import (
    Action,
    AgendaItem,
    Attendance,
    Document,
    MinutesCorrection,
    Resolution,
    ResolutionPart,
)
from scrutiny.reports.services import monitoring_report_issue_with_files
from scrutiny.reviews import services as reviews
from scrutiny.reviews.models import Evidence, Recommendation
from tests.factories import make_meeting, make_officer
from tests.publishing.records import MARK, build_restricted_record, signed_in

# Who may read a marker: the test's table gives each role the categories it may see.
PUBLIC = "public"
EXEMPT_A = "exempt business of committee A"
CONFIDENTIAL_A = "confidential business of committee A"
EXEMPT_B = "exempt business of committee B"
DRAFT_MINUTES = "draft minutes"
UNPUBLISHED_AGENDA = "unpublished agenda"
UNPUBLISHED_DOCUMENT = "unpublished document"
EVIDENCE_OWN = "evidence of the owner's recommendation"
EVIDENCE_A = "evidence of another recommendation of committee A"
EVIDENCE_B = "evidence of a recommendation of committee B"
CATEGORIES = (
    PUBLIC,
    EXEMPT_A,
    CONFIDENTIAL_A,
    EXEMPT_B,
    DRAFT_MINUTES,
    UNPUBLISHED_AGENDA,
    UNPUBLISHED_DOCUMENT,
    EVIDENCE_OWN,
    EVIDENCE_A,
    EVIDENCE_B,
)

# Short enough for the narrowest text field (a document's format, ten characters), and in
# lower case with digits, so it survives slugs, upper-casing and word wrapping.
MARKER = re.compile(r"lk\d{4}q", re.IGNORECASE)
TEXT_FIELDS = (models.CharField, models.TextField)


@dataclass(frozen=True)
class Marker:
    category: str
    model: str
    pk: int
    field: str

    def __str__(self) -> str:
        return f"{self.category}: {self.model} {self.pk} {self.field}"


@dataclass
class Markers:
    """Every marker given out, by its text."""

    given: dict[str, Marker] = field(default_factory=dict)
    _numbers: itertools.count = field(default_factory=lambda: itertools.count(1))

    def new(self, category: str, instance, field_name: str) -> str:
        assert category in CATEGORIES, category
        text = f"lk{next(self._numbers):04d}q"
        self.given[text] = Marker(category, type(instance).__name__, instance.pk, field_name)
        return text

    def found_in(self, text: str) -> set[str]:
        return {m.lower() for m in MARKER.findall(text)} & self.given.keys()


@dataclass
class World:
    users: dict = field(default_factory=dict)
    objects: dict = field(default_factory=dict)
    markers: Markers = field(default_factory=Markers)
    urls: list[str] = field(default_factory=list)  # every URL to ask for (the crawler's seeds)


def pdf_holding(text: str) -> bytes:
    return HTML(string=f"<p>{text}</p>").write_pdf()


def docx_holding(text: str) -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _value(model_field, marker: str) -> str:
    """A web address holds its marker in its path, so pages still link it."""
    if isinstance(model_field, models.URLField):
        return f"https://example.org/{marker}"
    return marker


def mark(
    world: World, instance, category: str, only: tuple[str, ...] = (), **by_field: str
) -> None:
    """Give each text field of `instance` (or those named in `only`) its own marker of
    `category` (or of the category `by_field` names for that field), and its file a new
    PDF or Word file holding one. Fields with choices are vocabulary and slugs name public
    pages, so neither is marked; written past the services, which would refuse some
    markers (a URL, a paragraph)."""
    model = type(instance)
    values = {}
    for model_field in model._meta.concrete_fields:
        if only and model_field.name not in only:
            continue
        category_here = by_field.get(model_field.name, category)
        if isinstance(model_field, models.FileField):
            stored = getattr(instance, model_field.name)
            if stored:
                marker = world.markers.new(category_here, instance, model_field.name)
                holding = docx_holding if stored.name.endswith(".docx") else pdf_holding
                name = stored.name.rsplit("/", 1)[-1]
                stored.save(name, ContentFile(holding(marker)), save=False)
                values[model_field.name] = stored.name
            continue
        if (
            not isinstance(model_field, TEXT_FIELDS)
            or isinstance(model_field, models.SlugField)
            or model_field.choices
        ):
            continue
        value = _value(model_field, world.markers.new(category_here, instance, model_field.name))
        assert model_field.max_length is None or len(value) <= model_field.max_length, value
        values[model_field.name] = value
    model.objects.filter(pk=instance.pk).update(**values)


def mark_item(world: World, item: AgendaItem, category: str, **by_field: str) -> None:
    """The item, and everything the minutes record of it, in `category` (its own fields
    as `by_field` says)."""
    mark(world, item, category, **by_field)
    for related in (item.motions, item.resolutions, item.actions, item.declarations):
        for instance in related.all():
            mark(world, instance, category)
    for part in ResolutionPart.objects.filter(resolution__item=item):
        mark(world, part, category)


def _decide(item: AgendaItem, person) -> Resolution:
    """What the minutes record of an item: minutes, a motion, its resolution, an action
    and a declaration (their text is marked afterwards)."""
    record.minutes_record(actor=None, item=item, text="Minutes.")
    motion = record.motion_record(actor=None, item=item, mover=person, seconder=None, text="M")
    resolution = record.resolution_record(actor=None, item=item, motion=motion, parts=["R"])
    record.action_record(actor=None, item=item, text="Action.", owner=None, due_on=None)
    record.declaration_record(
        actor=None, item=item, person=person, kind="non-registrable", text="Declared."
    )
    return resolution


def _committee_b_exempt_business(world: World, committee, councillor) -> Resolution:
    """Committee B's meeting, its minutes signed, with an exempt item and its paper."""
    day = timezone.localdate() - dt.timedelta(days=6)
    meeting = make_meeting(committee, day, status="held")
    published = world.objects["signed meeting"].agenda_published_at
    record.meeting_update(
        actor=None, meeting=meeting, expected_version=None, agenda_published_at=published
    )
    meeting.refresh_from_db()
    item = record.agenda_item_create(
        actor=None, meeting=meeting, number="3", title="Depot disposal", visibility="exempt",
        exempt_paragraphs=[3], public_interest_reason="Commercial terms.",
    )  # fmt: skip
    record.document_add(
        actor=None, item=item, title="Valuation", published_at=published,
        file=ContentFile(b"%PDF-1.4", name="valuation.pdf"),
    )  # fmt: skip
    resolution = _decide(item, councillor)
    record.minutes_set_status(actor=None, meeting=meeting, status="signed")
    world.objects["B exempt item"] = item
    return resolution


def _more_restricted_business(world: World) -> None:
    """What the restricted record lacks: exempt items on the draft minutes' agenda and on
    the unpublished one, an agenda to be published next week, an exempt paper to be
    published later, and the exempt item's action closed with its response."""
    objects = world.objects
    now = timezone.now()
    member = world.users["councillor of A"].person
    exempt = {"visibility": "exempt", "exempt_paragraphs": [1], "public_interest_reason": "Staff."}
    in_draft = record.agenda_item_create(
        actor=None, meeting=objects["draft minutes meeting"], number="8", title="Staffing",
        **exempt,
    )  # fmt: skip
    _decide(in_draft, member)
    unpublished = record.agenda_item_create(
        actor=None, meeting=objects["unpublished meeting"], number="2", title="Staffing",
        **exempt,
    )  # fmt: skip
    scheduled = make_meeting(objects["committee"], (now + dt.timedelta(days=30)).date())
    record.meeting_update(
        actor=None, meeting=scheduled, expected_version=None,
        agenda_published_at=now + dt.timedelta(days=7),
    )  # fmt: skip
    on_scheduled = record.agenda_item_create(
        actor=None, meeting=scheduled, number="1", title="Budget", text="Text."
    )
    later = record.document_add(
        actor=None, item=objects["exempt item"], title="Later",
        file=ContentFile(b"%PDF-1.4", name="later.pdf"), published_at=now + dt.timedelta(days=3),
    )  # fmt: skip
    action = Action.objects.get(item=objects["exempt item"])
    record.action_close(
        actor=None,
        action=action,
        status="done",
        response="Done.",
        closed_on=timezone.localdate(),
    )
    objects.update(
        {"exempt item in draft minutes": in_draft, "exempt item on unpublished agenda": unpublished,
         "scheduled agenda meeting": scheduled, "item on scheduled agenda": on_scheduled,
         "exempt document published later": later}
    )  # fmt: skip


def _progress(rec: Recommendation, status: str, as_of: dt.date, file_name: str) -> None:
    """An update from the owner with an evidence file."""
    evidence = Evidence(title="Evidence")
    evidence.file.save(file_name, ContentFile(b"evidence"), save=False)
    reviews.progress_update_post(
        actor=None, recommendation=rec, author=rec.owner, as_of=as_of,
        proposed_status=status, narrative="Progress.", evidence=[evidence],
    )  # fmt: skip
    rec.refresh_from_db()


def _recommendation(review, number: int, owner) -> Recommendation:
    return reviews.recommendation_create(
        actor=None, review=review, number=number, text="Recommended.", owner=owner,
        agreed_on=dt.date(2023, 3, 13), original_target_date=dt.date(2024, 3, 31),
    )  # fmt: skip


def _reviews(world: World, committee_b, exempt_b: Resolution) -> None:
    """Committee A's review: the owner's recommendation signed off by the exempt
    resolution, another extended by the confidential one; committee B's review, signed
    off by B's exempt resolution. Each recommendation has an update with evidence."""
    objects = world.objects
    signed = objects["signed meeting"]
    exempt_a = Resolution.objects.get(item=objects["exempt item"])
    confidential_a = Resolution.objects.get(item=objects["confidential item"])
    review_a = reviews.review_create(
        actor=None, committee=objects["committee"], title="Leisure centres review",
        issue=objects["issue"], scope="Scope.", aim="Aim.", concerns=["Concern."],
    )  # fmt: skip
    reviews.review_update(actor=None, review=review_a, expected_version=None, stage="monitoring")
    reviews.timeline_entry_add(
        actor=None, review=review_a, kind="commenced", happened_on=dt.date(2022, 9, 1),
        text="Commenced.", period_label="2022/23",
    )  # fmt: skip
    own = _recommendation(review_a, 1, world.users["recommendation owner"].person)
    _progress(own, "achieved", signed.date, "own.pdf")
    reviews.recommendation_set_status(
        actor=None, recommendation=own, status="achieved", resolution=exempt_a
    )
    open_own = _recommendation(review_a, 3, world.users["recommendation owner"].person)
    _progress(open_own, "on-track", signed.date, "own-open.pdf")
    other = _recommendation(review_a, 2, make_officer("Zed Owner"))
    _progress(other, "on-track", signed.date, "other.docx")
    reviews.recommendation_extend(
        actor=None, recommendation=other, to_date=dt.date(2027, 3, 31),
        reason="More time.", resolution=confidential_a,
    )  # fmt: skip
    review_b = reviews.review_create(
        actor=None, committee=committee_b, title="Depots review", scope="Scope."
    )
    b_rec = _recommendation(review_b, 1, make_officer("Yara Owner"))
    _progress(b_rec, "achieved", exempt_b.item.meeting.date, "b.pdf")
    reviews.recommendation_set_status(
        actor=None, recommendation=b_rec, status="achieved", resolution=exempt_b
    )
    objects.update(
        {"review A": review_a, "review B": review_b, "own recommendation": own,
         "open own recommendation": open_own, "other recommendation": other,
         "B recommendation": b_rec}
    )  # fmt: skip


def _mark_committee_record(world: World) -> None:
    objects = world.objects
    signed, draft_minutes = objects["signed meeting"], objects["draft minutes meeting"]
    mark_item(world, objects["public item"], PUBLIC)
    mark_item(world, objects["exempt item"], EXEMPT_A, number=PUBLIC, title=PUBLIC)
    mark_item(world, objects["confidential item"], CONFIDENTIAL_A, number=PUBLIC)
    mark_item(world, objects["draft minutes item"], DRAFT_MINUTES, number=PUBLIC, title=PUBLIC,
              text=PUBLIC, public_interest_reason=PUBLIC, source_id=PUBLIC)  # fmt: skip
    mark_item(world, objects["unpublished item"], UNPUBLISHED_AGENDA)
    mark_item(world, objects["exempt item on unpublished agenda"], UNPUBLISHED_AGENDA)
    mark_item(world, objects["item on scheduled agenda"], UNPUBLISHED_AGENDA)
    # Its agenda is out, so members read its text; its minutes are a draft.
    mark_item(world, objects["exempt item in draft minutes"], DRAFT_MINUTES, number=PUBLIC,
              title=PUBLIC, text=EXEMPT_A, public_interest_reason=EXEMPT_A,
              source_id=EXEMPT_A)  # fmt: skip
    mark_item(world, objects["B exempt item"], EXEMPT_B, number=PUBLIC, title=PUBLIC)
    for attendance in Attendance.objects.filter(meeting=signed):
        mark(world, attendance, PUBLIC)
    for attendance in Attendance.objects.filter(meeting=draft_minutes):
        mark(world, attendance, DRAFT_MINUTES)
    for correction in MinutesCorrection.objects.all():
        if correction.agreed_at_id == draft_minutes.pk:
            mark(world, correction, DRAFT_MINUTES)
        else:
            mark(world, correction, EXEMPT_A if correction.item_id else PUBLIC)
    documents = {
        "public document": PUBLIC,
        "draft document": UNPUBLISHED_DOCUMENT,
        "future document": UNPUBLISHED_DOCUMENT,
        "confidential document": CONFIDENTIAL_A,
        "exempt document": EXEMPT_A,
        "public document on exempt item": EXEMPT_A,
        "unpublished agenda document": UNPUBLISHED_AGENDA,
        "exempt document published later": UNPUBLISHED_DOCUMENT,
    }
    for key, category in documents.items():
        mark(world, objects[key], category)
    for document in Document.objects.filter(item=objects["B exempt item"]):
        mark(world, document, EXEMPT_B)


RECOMMENDATIONS_WITH_EVIDENCE = {
    "own recommendation": EVIDENCE_OWN,
    "open own recommendation": EVIDENCE_OWN,
    "other recommendation": EVIDENCE_A,
    "B recommendation": EVIDENCE_B,
}


def _mark_evidence(world: World) -> None:
    """Evidence is named on public pages; only its files are not (`can_read_evidence`)."""
    for key, file_category in RECOMMENDATIONS_WITH_EVIDENCE.items():
        for item in Evidence.objects.filter(update__recommendation=world.objects[key]):
            mark(world, item, PUBLIC, file=file_category)


def _mark_reviews(world: World) -> None:
    """Reviews are public business."""
    for key in RECOMMENDATIONS_WITH_EVIDENCE:
        rec = world.objects[key]
        for instance in (rec, *rec.updates.all(), *rec.extensions.all()):
            mark(world, instance, PUBLIC)
    for key in ("review A", "review B"):
        review = world.objects[key]
        for instance in (review, *review.concerns.all(), *review.timeline.all()):
            mark(world, instance, PUBLIC)


def _mark_reported(world: World, category: str) -> None:
    """New markers in some of what review A's next report will freeze (its title, its
    recommendations' wording, its concerns), so that report alone holds them."""
    review = world.objects["review A"]
    mark(world, review, category, only=("title",))
    for rec in review.recommendations.all():
        mark(world, rec, category, only=("text", "reference"))
    for concern in review.concerns.all():
        mark(world, concern, category)


def fresh(instance):
    return type(instance).objects.get(pk=instance.pk)


def _issue_report(world: World, meeting_key: str):
    """Review A's next report, issued (and filed) to the meeting: its files are the
    renderer's own."""
    meeting, review = (fresh(world.objects[key]) for key in (meeting_key, "review A"))
    return monitoring_report_issue_with_files(
        actor=None,
        review=review,
        meeting=meeting,
        issued_on=min(meeting.date, timezone.localdate()),
    )


def _unmarked() -> list[str]:
    """Records still holding the restricted record's own marks: left uncategorised."""
    found = []
    for label in ("committees", "reviews"):
        for model in apps.get_app_config(label).get_models():
            for model_field in model._meta.concrete_fields:
                if isinstance(model_field, TEXT_FIELDS):
                    rows = model.objects.filter(**{f"{model_field.name}__contains": MARK})
                    found += [f"{model.__name__} {pk}" for pk in rows.values_list("pk", flat=True)]
    return found


def build_world() -> World:
    """The world: see the module's docstring. Users by role, as the test's table names
    them."""
    base = build_restricted_record()
    world = World(objects=dict(base.objects))
    committee_a, committee_b = world.objects["committee"], world.objects["other committee"]
    named = make_officer("Nora Named")
    committee_a.scrutiny_officer = named
    committee_a.save(update_fields=["scrutiny_officer"])
    world.users = {
        "anonymous": None,
        "signed in, no role": base.users["staff without a role"],
        "councillor of A": base.users["member"],
        "councillor of B": base.users["outsider"],
        "recommendation owner": base.users["owner"],
        "A's named officer, no role": signed_in(person=named),
        "scrutiny officer": base.users["scrutiny officer"],
        "clerk": base.users["clerk"],
        "administrator": base.users["superuser"],
    }
    outsider = world.users["councillor of B"].person
    exempt_b = _committee_b_exempt_business(world, committee_b, outsider)
    _more_restricted_business(world)
    _reviews(world, committee_b, exempt_b)
    _mark_committee_record(world)
    _mark_evidence(world)
    assert _unmarked() == []
    _mark_reviews(world)
    # Two reports, each freezing markers of its own: one filed on a published agenda (so
    # public), one on an agenda to be published next week. Then the review's live text.
    world.objects["public report"] = _issue_report(world, "draft minutes meeting")
    _mark_reported(world, UNPUBLISHED_AGENDA)
    world.objects["report to come"] = _issue_report(world, "scheduled agenda meeting")
    _mark_reported(world, PUBLIC)
    # The items the reports were filed as (their titles are the reports' own).
    for key, category in (("public report", PUBLIC), ("report to come", UNPUBLISHED_AGENDA)):
        item = world.objects[key].item
        mark(world, item, category, only=("number", "text", "public_interest_reason"))
    return world
