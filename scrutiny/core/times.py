"""Times of day as councils write them: "6pm", "6.30pm", "6:30 pm", "18:30", "1830",
"noon". One parser for the staff forms and the importers."""

import datetime
import re

_TIME = re.compile(
    r"""^\s*
    (?P<hour>\d{1,2})
    (?:(?:[:.]\s?(?P<minute>\d{2})(?::(?P<second>\d{2}))?)|(?P<packed>\d{2}))?
    \s*(?P<half>am|pm|a\.m\.?|p\.m\.?)?
    \s*$""",
    re.IGNORECASE | re.VERBOSE,
)
_WORDS = {
    "noon": datetime.time(12, 0),
    "midday": datetime.time(12, 0),
    "midnight": datetime.time(0),
}


def parse_time_of_day(text: str, *, bare_hour: bool = False) -> datetime.time:
    """The time `text` names; ValueError when it names none. A bare hour such as "18"
    needs "am" or "pm" or its minutes (a person's "6" could be morning or evening),
    unless `bare_hour` (a machine's answer, read as the 24-hour clock)."""
    value = (text or "").strip().lower()
    if value in _WORDS:
        return _WORDS[value]
    match = _TIME.match(value)
    if match is None:
        raise ValueError(f"{text!r} is not a time of day")
    hour = int(match["hour"])
    minute = int(match["minute"] or match["packed"] or 0)
    second = int(match["second"] or 0)
    half = (match["half"] or "").replace(".", "")
    if match["packed"] and len(match["hour"]) != 2:
        raise ValueError(f"{text!r} is not a time of day")  # "630" is not "06:30"
    if not (half or bare_hour) and match["minute"] is None and match["packed"] is None:
        raise ValueError(f"{text!r} needs am or pm, or its minutes")
    if half:
        if not 1 <= hour <= 12:
            raise ValueError(f"{text!r} is not a real time")
        hour = hour % 12 + (12 if half == "pm" else 0)
    try:
        return datetime.time(hour, minute, second)
    except ValueError:
        raise ValueError(f"{text!r} is not a real time") from None
