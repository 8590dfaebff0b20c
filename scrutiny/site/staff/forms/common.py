"""Form pieces shared by the staff forms."""

import datetime
import re

from django import forms
from django.utils import timezone

from scrutiny.committees.models import Resolution
from scrutiny.core.errors import Refused
from scrutiny.core.times import parse_time_of_day
from scrutiny.core.uploads import ALL_KINDS, check_upload
from scrutiny.people.models import Person


class VersionField(forms.IntegerField):
    """The version of the record the editor started from, so a service can refuse an
    edit made over someone else's change."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        super().__init__(**kwargs)


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        return obj.display_name


class ResolutionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Resolution) -> str:
        first = obj.parts.first()
        wording = f": {first.text[:80]}" if first else ""
        return f"{obj.reference} ({obj.get_kind_display().lower()}){wording}"


def officers():
    return Person.objects.filter(kind=Person.Kind.OFFICER).select_related("directorate")


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class CheckedFilesField(forms.FileField):
    """Any number of files (none is fine), each judged by its content."""

    widget = MultipleFileInput

    def __init__(self, *, kinds=ALL_KINDS, **kwargs):
        self.kinds = kinds
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        checked = []
        for upload in files:
            try:
                checked.append(check_upload(upload, kinds=self.kinds))
            except Refused as refused:
                raise forms.ValidationError(refused.reason) from None
        return checked


class CheckedFileField(forms.FileField):
    """One file, judged by its content."""

    def __init__(self, *, kinds=ALL_KINDS, **kwargs):
        self.kinds = kinds
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if not upload:
            return None
        try:
            return check_upload(upload, kinds=self.kinds)
        except Refused as refused:
            raise forms.ValidationError(refused.reason) from None


class TimeOfDayField(forms.CharField):
    """A time as a council writes it: "6pm", "6.30pm", "6:30 pm", "18:30"
    (`core.times.parse_time_of_day`)."""

    widget = forms.TextInput(attrs={"class": "govuk-input--width-5", "spellcheck": "false"})
    default_error_messages = {"invalid": "Enter the %(label)s, like 6pm or 6.30pm"}

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        try:
            return parse_time_of_day(value)
        except ValueError:
            label = str(self.label or "time").removesuffix(" (optional)")
            raise forms.ValidationError(
                self.error_messages["invalid"], code="invalid", params={"label": label.lower()}
            ) from None


def combine(day: datetime.date, time: datetime.time) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, time))


NUMBERING = re.compile(r"^\s*(\(?\d{1,2}[.)]\s+|\(?[a-z][.)]\s+)", re.IGNORECASE)


def paragraphs(text: str) -> list[str]:
    """One resolution part per paragraph (a blank line between), with any typed numbering
    ("1)", "(2)", "3.") taken off: the system numbers the parts itself."""
    blocks = re.split(r"\n\s*\n", (text or "").replace("\r\n", "\n").strip())
    parts = [" ".join(line.strip() for line in block.splitlines()) for block in blocks]
    return [NUMBERING.sub("", part, count=1).strip() for part in parts if part.strip()]
