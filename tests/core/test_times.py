"""The one parser of times of day: what the meeting form's hint shows, and the
ModernGov answers' 24-hour times."""

import datetime

import pytest

from scrutiny.core.times import parse_time_of_day


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("6pm", (18, 0)),
        ("6 pm", (18, 0)),
        ("6PM", (18, 0)),
        ("6.30pm", (18, 30)),
        ("6:30pm", (18, 30)),
        ("6:30 pm", (18, 30)),
        ("6.30 p.m.", (18, 30)),
        ("10am", (10, 0)),
        ("12pm", (12, 0)),
        ("12am", (0, 0)),
        ("12.15am", (0, 15)),
        ("18:30", (18, 30)),
        ("18.30", (18, 30)),
        ("09:05", (9, 5)),
        ("1830", (18, 30)),
        ("0930", (9, 30)),
        ("noon", (12, 0)),
        ("Midday", (12, 0)),
        (" 7pm ", (19, 0)),
    ],
)
def test_times_as_people_write_them(text, expected):
    assert parse_time_of_day(text) == datetime.time(*expected)


@pytest.mark.parametrize(
    "text",
    ["", "6", "18", "25:00", "13pm", "0am", "6.75pm", "630", "six", "6:3pm", "18:30:99", "pm"],
)
def test_what_is_no_time_is_refused(text):
    with pytest.raises(ValueError):
        parse_time_of_day(text)


def test_a_machines_bare_hour_is_on_the_24_hour_clock():
    assert parse_time_of_day("18", bare_hour=True) == datetime.time(18)
    assert parse_time_of_day("18:30:15", bare_hour=True) == datetime.time(18, 30, 15)
