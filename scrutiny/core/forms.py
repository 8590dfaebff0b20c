"""The GOV.UK Design System's form patterns, applied to every form in one place.

`GovukForm` (or `GovukFormMixin` beside another form class, such as Django's sign-in
form) words each field the way the Design System asks:

- every message Django would give in its own generic words ("This field is required.",
  "Enter a whole number.", "Select a valid choice. … is not one of the available
  choices.") is replaced by one written for the field from its kind and label: "Enter
  the title", "Select the committee", "Number must be 999 or less". A message the field
  was given (its `error_messages`, or its own class's) is kept: that is where a field
  whose label does not read well in the generic sentence says it its own way;
- an optional field's label ends "(optional)", unless its choices hold an empty answer
  of their own ("Not recorded"), which makes it no more optional than any other choice;
- a select never offers "---------": a required one starts with a prompt, an optional
  one with "None", unless the field names its own (`empty_label`);
- a number box is narrow (`govuk-input--width-4`), as is a short text box;
- when a form with a file upload comes back with errors, a browser cannot be given the
  chosen file again: the file field says so ("Select the file again"), so the file is
  never silently dropped.

Fields added in a form's own `__init__` are worded too: the wording is applied when the
form is first rendered or cleaned.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.utils import pretty_name

OPTIONAL = "(optional)"
DJANGO_BLANK = "---------"
NUMBER_WIDTH = "govuk-input--width-4"
SHORT_TEXT_WIDTH = "govuk-input--width-10"
FILE_AGAIN = "file_again"
QUESTION_WORDS = frozenset({"what", "who", "why", "when", "where", "how", "which", "whether"})
VALIDATOR_CODES = (
    "invalid",
    "max_length",
    "min_length",
    "min_value",
    "max_value",
    "null_characters_not_allowed",
)


def field_subject(field: forms.Field, name: str = "") -> str:
    """The field's label as the object of a sentence: "(optional)" and a leading "Or",
    "Upload" or "The" taken off ("Upload the saved page" is about "saved page"), and a
    lower-case first letter unless it starts an acronym ("CCTV ...")."""
    label = str(field.label or pretty_name(name) or "answer").strip()
    label = label.removesuffix(OPTIONAL).strip().rstrip(":?.")
    for lead in ("Or ", "Upload ", "The ", "the "):
        label = label.removeprefix(lead)
    if len(label) > 1 and label[1].isupper():
        return label
    return label[:1].lower() + label[1:]


def unmarked(field: forms.Field) -> forms.Field:
    """An optional field not to be labelled "(optional)": one of two ways of giving the
    same thing ("Upload the page", "Or paste its text"), or needed only with another
    answer, as its own error says."""
    field.marked_optional = False
    return field


def _the(subject: str) -> str:
    """ "the target date", but "what happened", "who declared it"."""
    first = subject.split(" ", 1)[0].lower()
    return subject if first in QUESTION_WORDS else f"the {subject}"


def _django_defaults(field: forms.Field) -> dict[str, str]:
    """The messages Django's own classes give this field (its generic words)."""
    messages: dict[str, str] = {}
    for klass in reversed(type(field).__mro__):
        if klass.__module__.startswith("django.") and "default_error_messages" in vars(klass):
            messages.update(klass.default_error_messages)
    return messages


def _is_choice(field: forms.Field) -> bool:
    return isinstance(field, forms.ChoiceField | forms.ModelChoiceField | forms.BooleanField)


def _empty_choice_is_an_answer(field: forms.Field) -> bool:
    """A choice of "" with a label of its own ("Not recorded", "No person")."""
    if isinstance(field, forms.ModelChoiceField):
        return False
    if not isinstance(field, forms.ChoiceField):
        return False
    return any(value == "" and label != DJANGO_BLANK for value, label in field.choices)


def generic_messages(field: forms.Field, name: str = "") -> dict[str, str]:
    """The messages written for this field from its kind and label, by error code."""
    subject = field_subject(field, name)
    the = _the(subject)
    capital = subject[:1].upper() + subject[1:]
    if isinstance(field, forms.FileField) or _is_choice(field):
        required = f"Select {the}"
    else:
        required = f"Enter {the}"
    messages = {
        "required": required,
        "invalid_choice": f"Select one of the choices given for {the}",
        "invalid_pk_value": f"Select one of the choices given for {the}",
        "invalid_list": f"Select one of the choices given for {the}",
        "max_length": f"{capital} must be %(limit_value)d characters or fewer",
        "min_length": f"{capital} must be %(limit_value)d characters or more",
        "null_characters_not_allowed": f"{capital} must not contain null characters",
        "min_value": f"{capital} must be %(limit_value)s or more",
        "max_value": f"{capital} must be %(limit_value)s or less",
        "step_size": f"{capital} must be a multiple of %(limit_value)s",
        "max_digits": f"{capital} must be no more than %(max)s digits",
        "max_decimal_places": f"{capital} must have no more than %(max)s decimal places",
        "max_whole_digits": f"{capital} must be no more than %(max)s digits",
        "missing": f"Select {the}",
        "empty": f"The selected {subject} is empty",
        "contradiction": f"Select {the} or remove the current one, not both",
    }
    if isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField):
        messages["invalid"] = f"{capital} must be a number"
    elif isinstance(field, forms.EmailField):
        messages["invalid"] = f"Enter {the} in the correct format, like name@example.gov.uk"
    elif isinstance(field, forms.URLField):
        messages["invalid"] = f"Enter {the} as a web address, like https://www.example.gov.uk"
    elif isinstance(field, forms.SlugField):
        messages["invalid"] = (
            f"{capital} must only include letters a to z, numbers, hyphens and underscores"
        )
    elif isinstance(field, forms.FileField):
        messages["invalid"] = f"The selected {subject} could not be read: select it again"
        messages["max_length"] = (
            f"The name of the selected {subject} must be %(max)d characters or fewer"
        )
    elif isinstance(field, forms.DateField | forms.DateTimeField | forms.TimeField):
        messages["invalid"] = f"Enter {the} as a real date"
    else:
        messages["invalid"] = f"Enter {the} in the form shown"
    messages[FILE_AGAIN] = (
        f"Select {the} again: a chosen file is not kept when the form has a problem"
    )
    return messages


def word_field(field: forms.Field, name: str) -> None:
    """Word one field as the module describes; done once for each field."""
    if getattr(field, "_govuk_worded", False):
        return
    field._govuk_worded = True
    if field.label is None:
        field.label = pretty_name(name)
    hidden = field.widget.is_hidden
    defaults = _django_defaults(field)
    written = generic_messages(field, name)
    for code, message in field.error_messages.items():
        if code in defaults and message == defaults[code] and code in written:
            field.error_messages[code] = written[code]
    for code in VALIDATOR_CODES:
        # Codes of the field's validators, which read the field's messages by code.
        field.error_messages.setdefault(code, written[code])
    if isinstance(field, forms.FileField):
        field.error_messages.setdefault(FILE_AGAIN, written[FILE_AGAIN])
    if isinstance(field, forms.ModelChoiceField) and field.empty_label == DJANGO_BLANK:
        field.empty_label = "None" if not field.required else "Select one"
    if (
        not hidden
        and not field.required
        and getattr(field, "marked_optional", True)
        and not isinstance(field, forms.BooleanField)
        and not _empty_choice_is_an_answer(field)
        and field.label
        and OPTIONAL not in str(field.label)
    ):
        field.label = f"{field.label} {OPTIONAL}"
    _width(field)


def _width(field: forms.Field) -> None:
    widget = field.widget
    classes = str(widget.attrs.get("class", ""))
    if "govuk-input--width" in classes or "govuk-!-width" in classes:
        return
    if isinstance(widget, forms.NumberInput) and not widget.is_hidden:
        widget.attrs["class"] = f"{classes} {NUMBER_WIDTH}".strip()
    elif (
        type(widget) is forms.TextInput
        and getattr(field, "max_length", None)
        and field.max_length <= 20
    ):
        widget.attrs["class"] = f"{classes} {SHORT_TEXT_WIDTH}".strip()


class GovukFormMixin:
    """Put before the form class: `class SignInForm(GovukFormMixin, AuthenticationForm)`."""

    def word_fields(self) -> None:
        for name, field in self.fields.items():
            word_field(field, name)

    def __getitem__(self, name: str) -> forms.BoundField:
        self.word_fields()
        return super().__getitem__(name)

    def full_clean(self) -> None:
        self.word_fields()
        super().full_clean()
        self._ask_for_files_again()

    def add_error(self, field: str | None, error: Any) -> None:
        super().add_error(field, error)
        if getattr(self, "_cleaned", False):
            # A refusal after cleaning (a service's): the files are not kept either.
            self._ask_for_files_again()

    def _ask_for_files_again(self) -> None:
        self._cleaned = True
        if not self.is_bound or not self._errors or not self.files:
            return
        for name, field in self.fields.items():
            if not isinstance(field, forms.FileField) or name in self._errors:
                continue
            key = self.add_prefix(name)
            getlist = getattr(self.files, "getlist", None)
            chosen = getlist(key) if getlist else [self.files.get(key)]
            if any(chosen):
                super().add_error(name, field.error_messages[FILE_AGAIN])

    def files_to_choose_again(self) -> list[str]:
        """The file fields whose chosen files were not kept and are asked for again."""
        return [
            name
            for name, field in self.fields.items()
            if FILE_AGAIN in field.error_messages
            and field.error_messages[FILE_AGAIN] in (self._errors or {}).get(name, [])
        ]


class GovukForm(GovukFormMixin, forms.Form):
    """A form worded to the GOV.UK Design System's patterns (see the module)."""
