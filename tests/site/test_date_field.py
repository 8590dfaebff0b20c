"""GovukDateField: the GOV.UK date input (day, month, year) for Django forms."""

import datetime

import pytest
from django import forms

from scrutiny.site.forms import GovukDateField, GovukDateWidget
from tests.site.conftest import css


class MeetingForm(forms.Form):
    held_on = GovukDateField(label="Meeting date", help_text="For example, 27 3 2025")
    review_on = GovukDateField(required=False)


def data(day="", month="", year="", **extra):
    return {"held_on_day": day, "held_on_month": month, "held_on_year": year, **extra}


def test_round_trip(render_field):
    form = MeetingForm(data=data("27", "3", "2025"))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["held_on"] == datetime.date(2025, 3, 27)
    assert form.cleaned_data["review_on"] is None

    # The cleaned date shown again as initial data fills the three boxes.
    again = MeetingForm(initial={"held_on": form.cleaned_data["held_on"]})
    tree = render_field(again, "held_on")
    values = {i.get("name"): i.get("value") for i in css(tree, "input")}
    assert values == {"held_on_day": "27", "held_on_month": "3", "held_on_year": "2025"}

    # And submitting what was shown gives the same date back, unchanged.
    resubmitted = MeetingForm(data=values, initial={"held_on": datetime.date(2025, 3, 27)})
    assert resubmitted.is_valid()
    assert resubmitted.cleaned_data["held_on"] == datetime.date(2025, 3, 27)
    assert not resubmitted.has_changed()
    assert MeetingForm(data=data("28", "3", "2025"), initial=again.initial).has_changed()


def test_spaces_and_leading_zeros_are_fine():
    form = MeetingForm(data=data(" 07 ", "03", "2025 "))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["held_on"] == datetime.date(2025, 3, 7)


def test_31_february_is_not_a_real_date(render_field):
    form = MeetingForm(data=data("31", "2", "2025"))
    assert not form.is_valid()
    assert form.errors["held_on"] == ["Meeting date must be a real date"]
    tree = render_field(form, "held_on")
    error = css(tree, "#id_held_on-error")[0]
    assert error.text_content().strip() == "Error: Meeting date must be a real date"
    # The boxes keep what was typed, and the day and month are marked.
    inputs = {i.get("name"): i for i in css(tree, "input")}
    assert inputs["held_on_day"].get("value") == "31"
    assert "govuk-input--error" in inputs["held_on_day"].get("class")
    assert "govuk-input--error" in inputs["held_on_month"].get("class")
    assert "govuk-input--error" not in inputs["held_on_year"].get("class")


@pytest.mark.parametrize(
    ("day", "month", "year", "message", "parts"),
    [
        ("", "", "", "Enter the meeting date", {"day", "month", "year"}),
        ("27", "", "2025", "Meeting date must include a month", {"month"}),
        ("", "", "2025", "Meeting date must include a day and month", {"day", "month"}),
        ("27", "13", "2025", "Meeting date must be a real date", {"month"}),
        ("0", "3", "2025", "Meeting date must be a real date", {"day"}),
        ("27", "March", "2025", "Meeting date must be a real date", {"month"}),
        ("27", "3", "25", "Year must include 4 numbers", {"year"}),
        ("29", "2", "2025", "Meeting date must be a real date", {"day", "month"}),
        # Digits to str.isdigit() that int() refuses, and more digits than it reads.
        ("²", "3", "2025", "Meeting date must be a real date", {"day"}),
        ("27", "3", "２０²５", "Meeting date must be a real date", {"year"}),
        ("9" * 5000, "3", "2025", "Meeting date must be a real date", {"day"}),
        ("27", "00003", "2025", "Meeting date must be a real date", {"month"}),
    ],
)
def test_errors_follow_the_design_system(render_field, day, month, year, message, parts):
    form = MeetingForm(data=data(day, month, year))
    assert not form.is_valid()
    assert form.errors["held_on"] == [message]
    tree = render_field(form, "held_on")
    marked = {
        i.get("name").removeprefix("held_on_")
        for i in css(tree, "input")
        if "govuk-input--error" in i.get("class")
    }
    assert marked == parts


def test_digits_of_other_scripts_are_read_as_numbers():
    form = MeetingForm(data=data("٢٧", "３", "2025"))  # Arabic-Indic 27, fullwidth 3
    assert form.is_valid(), form.errors
    assert form.cleaned_data["held_on"] == datetime.date(2025, 3, 27)


def test_leap_day_is_real():
    form = MeetingForm(data=data("29", "2", "2024"))
    assert form.is_valid(), form.errors


def test_optional_date_may_be_left_blank_but_not_half_filled():
    assert MeetingForm(data=data("1", "1", "2025")).is_valid()
    form = MeetingForm(data=data("1", "1", "2025", review_on_day="3"))
    assert form.errors["review_on"] == ["Review on must include a month and year"]


def test_markup_is_the_govuk_date_input(render_field):
    form = MeetingForm(data=data("31", "2", "2025"))
    form.is_valid()
    tree = render_field(form, "held_on")
    (group,) = css(tree, "div.govuk-form-group.govuk-form-group--error")
    (fieldset,) = css(group, "fieldset.govuk-fieldset")
    assert fieldset.get("role") == "group"
    assert fieldset.get("aria-describedby") == "id_held_on-hint id_held_on-error"
    assert css(fieldset, "legend")[0].text_content().strip() == "Meeting date"
    assert css(fieldset, "#id_held_on-hint")[0].text_content() == "For example, 27 3 2025"
    (date_input,) = css(fieldset, "div.govuk-date-input")
    items = css(date_input, "div.govuk-date-input__item")
    assert len(items) == 3
    for item, part, width in zip(items, ("day", "month", "year"), (2, 2, 4), strict=True):
        (box,) = css(item, "input")
        assert box.get("id") == f"id_held_on_{part}"
        assert box.get("name") == f"held_on_{part}"
        assert box.get("type") == "text"
        assert box.get("inputmode") == "numeric"
        assert f"govuk-input--width-{width}" in box.get("class")
        label = css(item, f"label[for=id_held_on_{part}]")[0]
        assert label.text_content() == part.capitalize()


def test_autocomplete_is_split_per_part(render_field):
    class F(forms.Form):
        born = GovukDateField(widget=GovukDateWidget(attrs={"autocomplete": "bday"}))

    tree = render_field(F(), "born")
    assert [i.get("autocomplete") for i in css(tree, "input")] == [
        "bday-day",
        "bday-month",
        "bday-year",
    ]


def test_custom_error_messages():
    class F(forms.Form):
        due = GovukDateField(
            label="Response due",
            error_messages={"required": "Enter the date the response is due"},
        )

    assert F(data={}).errors["due"] == ["Enter the date the response is due"]


def test_omitted_from_data():
    widget = GovukDateWidget()
    assert widget.value_omitted_from_data({}, {}, "d")
    assert not widget.value_omitted_from_data({"d_year": "2025"}, {}, "d")
    assert widget.decompress(datetime.date(2025, 12, 1)) == ["1", "12", "2025"]
    assert widget.decompress(None) == [None, None, None]
