"""Form pieces that follow the GOV.UK Design System.

`GovukDateField` asks for a date as three boxes (day, month, year), the GOV.UK
date input pattern, and explains what is wrong in the words the Design System
recommends ("Meeting date must be a real date"). Render it, like any other field,
with `{% govuk_field form.meeting_date %}` from the `govuk` template tag library.
"""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import pretty_name

DATE_PARTS = ("day", "month", "year")


class GovukDateWidget(forms.MultiWidget):
    """Three text boxes named `<name>_day`, `<name>_month` and `<name>_year`."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        widgets = {part: forms.TextInput(attrs={"inputmode": "numeric"}) for part in DATE_PARTS}
        super().__init__(widgets, attrs)

    def decompress(self, value: Any) -> list[str | None]:
        if isinstance(value, datetime.date):
            return [str(value.day), str(value.month), str(value.year)]
        if isinstance(value, str) and value:
            try:
                parsed = datetime.date.fromisoformat(value)
            except ValueError:
                return [None, None, None]
            return [str(parsed.day), str(parsed.month), str(parsed.year)]
        return [None, None, None]

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return all(f"{name}_{part}" not in data for part in DATE_PARTS)


class GovukDateField(forms.Field):
    """A date entered as day, month and year; cleans to `datetime.date`.

    Error messages take `%(label)s` (the label with a lower-case first letter, for
    the middle of a sentence), `%(Label)s` (as written) and, for "incomplete",
    `%(missing)s` ("month", "day and year"). Each error carries the parts of the
    date that are wrong in `params["parts"]`, so only those boxes are marked.
    """

    widget = GovukDateWidget
    default_error_messages = {
        "required": "Enter the %(label)s",
        "incomplete": "%(Label)s must include a %(missing)s",
        "invalid": "%(Label)s must be a real date",
        "invalid_year": "Year must include 4 numbers",
    }

    def __init__(
        self,
        *,
        min_year: int = 1900,
        max_year: int = 2200,
        **kwargs: Any,
    ) -> None:
        self.min_year = min_year
        self.max_year = max_year
        self._field_name: str | None = None
        super().__init__(**kwargs)

    def get_bound_field(self, form: forms.BaseForm, field_name: str) -> forms.BoundField:
        # Remember the field's name so error messages can fall back on it when no
        # label was given, just as the rendered label does.
        self._field_name = field_name
        return super().get_bound_field(form, field_name)

    def _label_params(self) -> dict[str, str]:
        label = str(self.label or pretty_name(self._field_name or "date"))
        label = label.removesuffix("(optional)").strip()
        # Lower-case the first letter for mid-sentence use, unless it starts an
        # acronym or a proper name written in capitals ("CCTV review date").
        starts_acronym = len(label) > 1 and label[1].isupper()
        lower = label if starts_acronym else label[:1].lower() + label[1:]
        return {"label": lower, "Label": label[:1].upper() + label[1:]}

    def _error(self, code: str, parts: tuple[str, ...], **params: str) -> ValidationError:
        return ValidationError(
            self.error_messages[code],
            code=code,
            params={**self._label_params(), **params, "parts": parts},
        )

    def to_python(self, value: Any) -> datetime.date | None:
        if isinstance(value, datetime.date):
            return value
        if value in self.empty_values:
            return None
        if isinstance(value, str):
            try:
                return datetime.date.fromisoformat(value)
            except ValueError:
                raise self._error("invalid", DATE_PARTS) from None
        values = dict(zip(DATE_PARTS, [str(v or "").strip() for v in value], strict=False))
        for part in DATE_PARTS:
            values.setdefault(part, "")
        if not any(values.values()):
            return None
        missing = tuple(part for part in DATE_PARTS if not values[part])
        if missing:
            words = " and ".join(missing) if len(missing) < 3 else "day, month and year"
            raise self._error("incomplete", missing, missing=words)
        # isdecimal, not isdigit: "²" is a digit that int() refuses. More than four digits
        # is no day, month or year (and past the length int() reads).
        not_numbers = tuple(
            part for part in DATE_PARTS if not values[part].isdecimal() or len(values[part]) > 4
        )
        if not_numbers:
            raise self._error("invalid", not_numbers)
        if len(values["year"]) != 4:
            raise self._error("invalid_year", ("year",))
        day, month, year = (int(values[part]) for part in DATE_PARTS)
        if not 1 <= month <= 12:
            raise self._error("invalid", ("month",))
        if not self.min_year <= year <= self.max_year:
            raise self._error("invalid", ("year",))
        if not 1 <= day <= 31:
            raise self._error("invalid", ("day",))
        try:
            return datetime.date(year, month, day)
        except ValueError:
            # A day the month does not have, such as 31 February.
            raise self._error("invalid", ("day", "month")) from None

    def validate(self, value: datetime.date | None) -> None:
        if value is None and self.required:
            raise self._error("required", DATE_PARTS)

    def prepare_value(self, value: Any) -> Any:
        return value


def error_parts(bound_field: forms.BoundField) -> tuple[str, ...]:
    """The parts of a date field (day, month, year) that its errors are about.

    Errors raised outside `GovukDateField` (a form's clean method, for example)
    do not say, so they mark every part.
    """
    errors = bound_field.form.errors.as_data().get(bound_field.name, [])
    parts: list[str] = []
    for error in errors:
        named = (getattr(error, "params", None) or {}).get("parts")
        for part in named or DATE_PARTS:
            if part not in parts:
                parts.append(part)
    return tuple(part for part in DATE_PARTS if part in parts)
