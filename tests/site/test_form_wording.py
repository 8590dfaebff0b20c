"""Every form of the site, found by walking the form classes the project defines, is
submitted empty and then with wrong answers of every kind; each error it gives must be
written for its field: none of Django's generic messages ("This field is required.",
"Enter a whole number.", "Select a valid choice..."), never "---------", and a field's
error names the field (shares a word with its label). A new form class must join
`BUILDERS`, or the walk fails."""

import importlib
import pkgutil
import re

import pytest
from django import forms
from django.contrib.auth import get_user_model
from django.core import validators
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils.datastructures import MultiValueDict

import scrutiny
from scrutiny.committees.models import AgendaItem, Committee, Meeting, Resolution
from scrutiny.core.forms import GovukFormMixin
from scrutiny.people.models import Person
from scrutiny.reviews.models import MonitoringReport, Review
from scrutiny.site.forms import GovukDateField

REVIEW_SLUG = "members-ict-support-and-ict-service-delivery"
STOP_WORDS = {"the", "and", "for", "this", "that", "with", "from", "your", "its", "are", "was"}
STOP_WORDS |= {"enter", "select", "choose", "optional"}


def project_form_classes() -> dict[str, type]:
    """Every form class defined in the project's modules, by dotted name."""
    for module in pkgutil.walk_packages(scrutiny.__path__, "scrutiny."):
        if ".migrations" in module.name or ".management" in module.name:
            continue
        importlib.import_module(module.name)
    found = {}
    pending = [forms.BaseForm]
    while pending:
        klass = pending.pop()
        pending.extend(klass.__subclasses__())
        if klass.__module__.startswith("scrutiny.") and "Mixin" not in klass.__name__:
            found[f"{klass.__module__}.{klass.__qualname__}"] = klass
    found.pop("scrutiny.core.forms.GovukForm")  # the base the others build on
    return found


def _world() -> dict:
    review = Review.objects.get(slug=REVIEW_SLUG)
    meeting = Meeting.objects.filter(items__isnull=False).order_by("starts_at").first()
    return {
        "review": review,
        "recommendation": review.recommendations.order_by("number").first(),
        "meeting": meeting,
        "item": AgendaItem.objects.filter(meeting=meeting).first(),
        "report": MonitoringReport.objects.filter(review=review).order_by("-sequence").first(),
        "user": get_user_model().objects.get(username="scrutiny.officer"),
    }


BUILDERS = {
    # scrutiny.site.staff.forms.reviews
    "ReviewCreateForm": lambda w, d, f: _form(
        "reviews.ReviewCreateForm", d, f, committees=Committee.objects.all()
    ),
    "ReviewEditForm": lambda w, d, f: _form("reviews.ReviewEditForm", d, f),
    "RecommendationForm": lambda w, d, f: _form("reviews.RecommendationForm", d, f),
    "RecommendationEditForm": lambda w, d, f: _form("reviews.RecommendationEditForm", d, f),
    "ExecutiveResponseForm": lambda w, d, f: _form("reviews.ExecutiveResponseForm", d, f),
    "ProgressUpdateForm": lambda w, d, f: _form(
        "reviews.ProgressUpdateForm", d, f, recommendation=w["recommendation"]
    ),
    "ExtensionForm": lambda w, d, f: _form(
        "reviews.ExtensionForm", d, f, resolutions=Resolution.objects.all()
    ),
    "SignOffForm": lambda w, d, f: _form(
        "reviews.SignOffForm", d, f, resolutions=Resolution.objects.all()
    ),
    "TimelineEntryForm": lambda w, d, f: _form("reviews.TimelineEntryForm", d, f),
    # scrutiny.site.staff.forms.meetings
    "MeetingForm": lambda w, d, f: _form("meetings.MeetingForm", d, f),
    "MeetingEditForm": lambda w, d, f: _form("meetings.MeetingEditForm", d, f),
    "VisibilityFields": lambda w, d, f: _form("meetings.VisibilityFields", d, f),
    "AgendaItemForm": lambda w, d, f: _form("meetings.AgendaItemForm", d, f),
    "VisibilityForm": lambda w, d, f: _form("meetings.VisibilityForm", d, f),
    "MinutesForm": lambda w, d, f: _form("meetings.MinutesForm", d, f),
    "MinutesStatusForm": lambda w, d, f: _form("meetings.MinutesStatusForm", d, f),
    "meetings.ConfirmForm": lambda w, d, f: _form("meetings.ConfirmForm", d, f),
    "MotionForm": lambda w, d, f: _form(
        "meetings.MotionForm", d, f, members=Person.objects.filter(kind="councillor")[:3]
    ),
    "ResolutionForm": lambda w, d, f: _form("meetings.ResolutionForm", d, f, item=w["item"]),
    "ActionForm": lambda w, d, f: _form("meetings.ActionForm", d, f),
    "ActionCloseForm": lambda w, d, f: _form("meetings.ActionCloseForm", d, f),
    "DocumentForm": lambda w, d, f: _form("meetings.DocumentForm", d, f),
    "AttendanceForm": lambda w, d, f: _form(
        "meetings.AttendanceForm",
        d,
        f,
        people=Person.objects.filter(kind="councillor")[:3],
        members={p.pk for p in Person.objects.filter(kind="councillor")[:2]},
        roles={},
    ),
    "DeclarationForm": lambda w, d, f: _form(
        "meetings.DeclarationForm", d, f, people=Person.objects.all()
    ),
    "CorrectionForm": lambda w, d, f: _form("meetings.CorrectionForm", d, f, meeting=w["meeting"]),
    # scrutiny.site.staff.forms.monitoring
    "ReportIssueForm": lambda w, d, f: _form(
        "monitoring.ReportIssueForm",
        d,
        f,
        meetings=Meeting.objects.all(),
        committee=w["review"].committee,
    ),
    "ReportReissueForm": lambda w, d, f: _form("monitoring.ReportReissueForm", d, f),
    "DecisionsForm": lambda w, d, f: _form(
        "monitoring.DecisionsForm",
        d,
        f,
        report=w["report"],
        resolutions=Resolution.objects.all(),
        recommendations=list(w["review"].recommendations.all()),
    ),
    # scrutiny.site.staff.forms.accounts
    "AccountForm": lambda w, d, f: _form("accounts.AccountForm", d, f),
    "AccountConfirmForm": lambda w, d, f: _form(
        "accounts.AccountConfirmForm", d, f, user=w["user"]
    ),
    # the imports
    "UploadForm": lambda w, d, f: _form("spreadsheets.UploadForm", d, f),
    "MappingForm": lambda w, d, f: _form(
        "spreadsheets.MappingForm", d, f, headings=["Rec no", "Recommendation", "Owner"]
    ),
    "spreadsheets.ConfirmForm": lambda w, d, f: _form(
        "spreadsheets.ConfirmForm", d, f, invalid_rows=[(3, "Row 3: no wording")]
    ),
    "MinutesPageForm": lambda w, d, f: _form("record_imports.MinutesPageForm", d, f),
    "ModernGovForm": lambda w, d, f: _form("moderngov_imports.ModernGovForm", d, f),
    "RunNowForm": lambda w, d, f: _form("moderngov_sync.RunNowForm", d, f),
    # signing in and passwords
    "SignInForm": lambda w, d, f: _CLASSES["accounts.SignInForm"](None, data=d),
    "AdminSignInForm": lambda w, d, f: _CLASSES["accounts.AdminSignInForm"](None, data=d),
    "UnlockRequestForm": lambda w, d, f: _form("accounts.UnlockRequestForm", d, f),
    "ResetRequestForm": lambda w, d, f: _form("accounts.ResetRequestForm", d, f),
    "PasswordByLinkForm": lambda w, d, f: _CLASSES["accounts.PasswordByLinkForm"](w["user"], d),
    "InvitationPasswordForm": lambda w, d, f: _CLASSES["accounts.InvitationPasswordForm"](
        w["user"], d
    ),
}
_CLASSES: dict[str, type] = {}  # "module.Class" (the module's last part) -> class


def _form(short: str, data, files, **kwargs):
    return _CLASSES[short](data, files, **kwargs)


def _short(dotted: str) -> str:
    """ "scrutiny.site.staff.forms.meetings.ConfirmForm" -> "meetings.ConfirmForm";
    "scrutiny.imports.spreadsheets.forms.ConfirmForm" -> "spreadsheets.ConfirmForm"."""
    module, name = dotted.rsplit(".", 1)
    parts = [p for p in module.split(".") if p != "forms"]
    return f"{parts[-1]}.{name}"


def _builder(dotted: str):
    return BUILDERS.get(_short(dotted)) or BUILDERS.get(dotted.rsplit(".", 1)[-1])


CLASSES = project_form_classes()
_CLASSES.update({_short(name): klass for name, klass in CLASSES.items()})


def generic_patterns() -> list[re.Pattern]:
    """Django's own messages (its form fields' and validators'), as patterns."""
    messages = {"This field is required."}
    for name in dir(forms):
        klass = getattr(forms, name)
        if isinstance(klass, type) and issubclass(klass, forms.Field):
            for klass_in_line in klass.__mro__:
                messages |= {
                    str(m) for m in vars(klass_in_line).get("default_error_messages", {}).values()
                }
    for name in dir(validators):
        klass = getattr(validators, name)
        message = getattr(klass, "message", None)
        if isinstance(klass, type) and message:
            messages.add(str(message))
    patterns = []
    for message in messages:
        text = re.escape(message)
        text = re.sub(r"%\\\(\w+\\\)[sd]", ".*", text)
        patterns.append(re.compile(f"^{text}$", re.DOTALL))
    return patterns


GENERIC = generic_patterns()


def words(text: str) -> set[str]:
    """Significant words, cut to four letters (so "files" meets "file")."""
    found = re.findall(r"[a-z0-9]+", text.lower())
    return {w[:4] for w in found if len(w) > 2 and w not in STOP_WORDS}


def assert_written_for_the_field(form, where: str) -> None:
    for name, errors in form.errors.items():
        for error in errors:
            assert "---------" not in error, (where, name, error)
            assert not any(p.match(error) for p in GENERIC), f"{where} {name}: generic {error!r}"
            if name == "__all__":
                continue
            label = str(form.fields[name].label)
            assert words(label) & words(error), f"{where} {name}: {error!r} names not {label!r}"


def wrong(form, *, far: bool) -> tuple[dict, dict]:
    """Wrong answers of every kind for the form's fields: too long, not numbers, choices
    it does not offer, dates that are no dates, empty files; with `far`, numbers out of
    range instead."""
    data, files = MultiValueDict(), MultiValueDict()
    for name, field in form.fields.items():
        if isinstance(field, GovukDateField):
            data.update({f"{name}_day": "31", f"{name}_month": "2", f"{name}_year": "20x5"})
        elif isinstance(field, forms.FileField):
            files.setlist(name, [SimpleUploadedFile("empty.pdf", b"")])
        elif isinstance(field, forms.BooleanField):
            continue
        elif isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
            data.setlist(name, ["no-such-choice"])
        elif isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
            data[name] = "no-such-choice"
        elif isinstance(field, forms.IntegerField):
            data[name] = "-100000" if far else "lots"
        elif isinstance(field, forms.EmailField | forms.URLField | forms.SlugField):
            data[name] = "not one at all!"
        elif getattr(field, "max_length", None):
            data[name] = "x" * (field.max_length + 1)
        else:
            data[name] = "null \x00 character"
    return data, files


@pytest.fixture
def world(db):
    call_command("load_demo")
    return _world()


def test_every_form_class_has_a_builder_and_is_worded():
    missing = [name for name in CLASSES if _builder(name) is None]
    assert not missing, f"add these forms to BUILDERS: {missing}"
    plain = [name for name, klass in CLASSES.items() if not issubclass(klass, GovukFormMixin)]
    assert not plain, f"these forms are not worded (use GovukForm): {plain}"


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(CLASSES))
def test_every_forms_errors_are_written_for_its_fields(world, name):
    build = _builder(name)
    shown = build(world, None, None)
    labels = " ".join(str(shown[field].label) for field in shown.fields)
    assert "---------" not in str(list(getattr(f, "choices", []) for f in shown.fields.values()))
    assert labels or not shown.fields
    rounds = [({}, {}), wrong(shown, far=False), wrong(shown, far=True)]
    errors_seen = 0
    for data, files in rounds:
        form = build(world, data, files)
        form.is_valid()
        assert_written_for_the_field(form, name)
        errors_seen += len(form.errors)
    if any(field.required for field in shown.fields.values()):
        assert errors_seen, f"{name} refused nothing"


def test_the_check_catches_djangos_messages():
    """The check itself can fail: Django's words, or a message that names another field."""

    class Plain(forms.Form):
        title = forms.CharField()
        count = forms.IntegerField()

    form = Plain({"count": "lots"})
    with pytest.raises(AssertionError):
        assert_written_for_the_field(form, "Plain")

    class Elsewhere(forms.Form):
        title = forms.CharField(error_messages={"required": "Enter a number"})

    with pytest.raises(AssertionError):
        assert_written_for_the_field(Elsewhere({}), "Elsewhere")


def test_worded_messages_are_the_ones_gov_uk_asks_for(world):
    form = BUILDERS["RecommendationForm"](world, {"number": "lots"}, None)
    assert form.errors["text"] == ["Enter the wording of the recommendation"]
    assert form.errors["original_target_date"] == ["Enter the target date"]
    assert form.errors["number"] == ["Recommendation number must be a number"]
    form = BUILDERS["RecommendationForm"](world, {"number": "1000"}, None)
    assert form.errors["number"] == ["Recommendation number must be 999 or less"]
    form = BUILDERS["MeetingForm"](world, {"time": "later"}, None)
    assert form.errors["committee"] == ["Select the committee that is meeting"]
    assert form.errors["time"] == ["Enter the start time, like 6pm, 6.30pm or 18:30"]
    form = BUILDERS["ActionForm"](world, {"text": "x", "owner": "999999"}, None)
    assert form.errors["owner"] == ["Select one of the choices given for the owner"]
    form = BUILDERS["DeclarationForm"](world, {}, None)
    assert form.errors["person"] == ["Select who declared it"]


def test_optional_fields_say_so_and_selects_offer_no_dashes(world):
    form = BUILDERS["AgendaItemForm"](world, None, None)
    assert form["text"].label == "Agenda text (optional)"
    assert form["issue"].label == "Issue (optional)"
    assert form["title"].label == "Title"
    choices = [label for _, label in form.fields["issue"].choices]
    assert choices[0] == "Not part of an issue"
    motion = BUILDERS["MotionForm"](world, None, None)
    assert motion["seconder"].label == "Seconded by (optional)"
    assert next(label for _, label in motion.fields["mover"].choices) == "Select the mover"
    # A choice whose empty answer has words of its own is no more optional than the rest.
    votes = [name for name in motion.fields if name.startswith("vote_")]
    assert votes and all("(optional)" not in motion[name].label for name in votes)


def test_number_and_time_boxes_are_narrow(world):
    motion = BUILDERS["MotionForm"](world, None, None)
    assert "govuk-input--width-3" in str(motion["votes_for"])
    recommendation = BUILDERS["RecommendationForm"](world, None, None)
    assert "govuk-input--width-4" in str(recommendation["number"])
    meeting = BUILDERS["MeetingForm"](world, None, None)
    assert "govuk-input--width-5" in str(meeting["time"])
    item = BUILDERS["AgendaItemForm"](world, None, None)
    assert "govuk-input--width-5" in str(item["number"])
