from datetime import date, datetime, timedelta

import pytest

from scrutiny.core.working_days import (
    bank_holidays,
    clear_working_days_between,
    is_working_day,
    papers_are_late,
    papers_deadline,
)

# The bank holidays in England and Wales as published on GOV.UK, written out by hand so
# that the calendar is checked against the published lists rather than against itself.
PUBLISHED_BANK_HOLIDAYS = {
    2019: [
        date(2019, 1, 1),
        date(2019, 4, 19),
        date(2019, 4, 22),
        date(2019, 5, 6),
        date(2019, 5, 27),
        date(2019, 8, 26),
        date(2019, 12, 25),
        date(2019, 12, 26),
    ],
    2020: [
        date(2020, 1, 1),
        date(2020, 4, 10),
        date(2020, 4, 13),
        date(2020, 5, 8),  # early May bank holiday (VE Day), moved to the Friday
        date(2020, 5, 25),
        date(2020, 8, 31),
        date(2020, 12, 25),
        date(2020, 12, 28),  # Boxing Day (substitute day)
    ],
    2021: [
        date(2021, 1, 1),
        date(2021, 4, 2),
        date(2021, 4, 5),
        date(2021, 5, 3),
        date(2021, 5, 31),
        date(2021, 8, 30),
        date(2021, 12, 27),  # Christmas Day (substitute day)
        date(2021, 12, 28),  # Boxing Day (substitute day)
    ],
    2022: [
        date(2022, 1, 3),  # New Year's Day (substitute day)
        date(2022, 4, 15),
        date(2022, 4, 18),
        date(2022, 5, 2),
        date(2022, 6, 2),  # spring bank holiday, moved
        date(2022, 6, 3),  # Platinum Jubilee
        date(2022, 8, 29),
        date(2022, 9, 19),  # State Funeral of Queen Elizabeth II
        date(2022, 12, 26),
        date(2022, 12, 27),  # Christmas Day (substitute day)
    ],
    2023: [
        date(2023, 1, 2),  # New Year's Day (substitute day)
        date(2023, 4, 7),
        date(2023, 4, 10),
        date(2023, 5, 1),
        date(2023, 5, 8),  # Coronation of King Charles III
        date(2023, 5, 29),
        date(2023, 8, 28),
        date(2023, 12, 25),
        date(2023, 12, 26),
    ],
    2024: [
        date(2024, 1, 1),
        date(2024, 3, 29),
        date(2024, 4, 1),
        date(2024, 5, 6),
        date(2024, 5, 27),
        date(2024, 8, 26),
        date(2024, 12, 25),
        date(2024, 12, 26),
    ],
    2025: [
        date(2025, 1, 1),
        date(2025, 4, 18),
        date(2025, 4, 21),
        date(2025, 5, 5),
        date(2025, 5, 26),
        date(2025, 8, 25),
        date(2025, 12, 25),
        date(2025, 12, 26),
    ],
    2026: [
        date(2026, 1, 1),
        date(2026, 4, 3),
        date(2026, 4, 6),
        date(2026, 5, 4),
        date(2026, 5, 25),
        date(2026, 8, 31),
        date(2026, 12, 25),
        date(2026, 12, 28),  # Boxing Day (substitute day)
    ],
    2027: [
        date(2027, 1, 1),
        date(2027, 3, 26),
        date(2027, 3, 29),
        date(2027, 5, 3),
        date(2027, 5, 31),
        date(2027, 8, 30),
        date(2027, 12, 27),  # Christmas Day (substitute day)
        date(2027, 12, 28),  # Boxing Day (substitute day)
    ],
}


@pytest.mark.parametrize("year", sorted(PUBLISHED_BANK_HOLIDAYS))
def test_bank_holidays_match_the_published_lists(year):
    assert bank_holidays(year) == frozenset(PUBLISHED_BANK_HOLIDAYS[year])


def test_jubilee_and_royal_wedding_years():
    assert {date(2011, 4, 29), date(2011, 5, 2), date(2011, 5, 30)} <= (bank_holidays(2011))
    holidays_2012 = bank_holidays(2012)
    assert {date(2012, 6, 4), date(2012, 6, 5)} <= holidays_2012
    assert date(2012, 5, 28) not in holidays_2012  # the usual last Monday of May
    assert date(2022, 5, 30) not in bank_holidays(2022)
    assert date(2020, 5, 4) not in bank_holidays(2020)


def test_bank_holidays_are_always_weekdays():
    for year in range(1978, 2101):
        for day in bank_holidays(year):
            assert day.year == year
            assert day.weekday() < 5, day


def test_scotland_and_northern_ireland_by_setting(settings):
    assert date(2022, 11, 30) not in bank_holidays(2022)  # St Andrew's Day
    settings.SCRUTINY_BANK_HOLIDAYS = "scotland"
    scotland = bank_holidays(2022)
    assert {date(2022, 1, 3), date(2022, 1, 4), date(2022, 8, 1), date(2022, 11, 30)} <= scotland
    assert date(2022, 4, 18) not in scotland  # no Easter Monday
    assert not is_working_day(date(2022, 11, 30))
    settings.SCRUTINY_BANK_HOLIDAYS = "northern-ireland"
    assert {date(2022, 3, 17), date(2022, 7, 12)} <= bank_holidays(2022)


def test_an_unknown_region_is_reported(settings):
    settings.SCRUTINY_BANK_HOLIDAYS = "wales"
    with pytest.raises(ValueError, match="england-and-wales, scotland, northern-ireland"):
        is_working_day(date(2024, 1, 2))


def test_is_working_day():
    assert is_working_day(date(2024, 9, 16))  # Monday
    assert not is_working_day(date(2024, 9, 14))  # Saturday
    assert not is_working_day(date(2024, 9, 15))  # Sunday
    assert not is_working_day(date(2024, 8, 26))  # summer bank holiday
    assert not is_working_day(date(2021, 12, 28))  # Boxing Day (substitute day)
    assert is_working_day(date(2024, 12, 27))  # the Friday after Boxing Day


def test_datetimes_are_refused_so_the_caller_chooses_the_local_day():
    with pytest.raises(TypeError, match=r"must be a datetime\.date"):
        is_working_day(datetime(2024, 9, 16, 18, 30))
    with pytest.raises(TypeError):
        papers_deadline("2024-09-16")


def test_clear_working_days_exclude_both_ends():
    # Friday 6 to Monday 16 September 2024: 9, 10, 11, 12 and 13 September.
    assert clear_working_days_between(date(2024, 9, 6), date(2024, 9, 16)) == 5
    # Publication on a working day itself does not count.
    assert clear_working_days_between(date(2024, 9, 9), date(2024, 9, 16)) == 4
    assert clear_working_days_between(date(2024, 9, 13), date(2024, 9, 16)) == 0
    assert clear_working_days_between(date(2024, 9, 16), date(2024, 9, 16)) == 0
    assert clear_working_days_between(date(2024, 9, 17), date(2024, 9, 16)) == 0


def test_papers_deadline_for_a_monday_meeting():
    assert papers_deadline(date(2024, 9, 16)) == date(2024, 9, 6)


def test_papers_deadline_for_a_midweek_meeting():
    # Thursday 19 September 2024: clear days 12, 13, 16, 17, 18 September.
    assert papers_deadline(date(2024, 9, 19)) == date(2024, 9, 11)


def test_papers_deadline_across_christmas_and_new_year():
    # Tuesday 7 January 2025: clear days 30, 31 December, 2, 3 and 6 January (1 January,
    # 25 and 26 December are bank holidays), so papers by Friday 27 December 2024.
    assert papers_deadline(date(2025, 1, 7)) == date(2024, 12, 27)


def test_papers_deadline_across_substitute_days():
    # Tuesday 4 January 2022: 3 January, 27 and 28 December 2021 are substitute days, so
    # the clear days are 23, 24, 29, 30 and 31 December and papers are due by Wednesday 22.
    assert papers_deadline(date(2022, 1, 4)) == date(2021, 12, 22)


def test_papers_deadline_across_easter():
    # Thursday 24 April 2025: Good Friday 18 and Easter Monday 21 April do not count, so
    # the clear days are 15, 16, 17, 22 and 23 April and papers are due by Monday 14 April.
    assert papers_deadline(date(2025, 4, 24)) == date(2025, 4, 14)
    # Wednesday 3 April 2024, just after Easter: clear days 25, 26, 27, 28 March, 2 April.
    assert papers_deadline(date(2024, 4, 3)) == date(2024, 3, 22)


def test_papers_are_late():
    meeting = date(2024, 9, 16)
    assert not papers_are_late(meeting_date=meeting, published_on=date(2024, 9, 6))
    assert not papers_are_late(meeting_date=meeting, published_on=date(2024, 9, 2))
    assert papers_are_late(meeting_date=meeting, published_on=date(2024, 9, 9))
    assert papers_are_late(meeting_date=meeting, published_on=meeting)
    assert papers_are_late(meeting_date=meeting, published_on=date(2024, 9, 20))
    # Over the weekend after the deadline there are still five clear working days.
    assert not papers_are_late(meeting_date=meeting, published_on=date(2024, 9, 8))


def test_papers_are_late_takes_keywords_only():
    with pytest.raises(TypeError):
        papers_are_late(date(2024, 9, 16), date(2024, 9, 6))


def test_deadline_and_lateness_agree_for_every_meeting_day_of_several_years():
    day = date(2019, 1, 14)
    while day < date(2028, 1, 1):
        deadline = papers_deadline(day)
        assert is_working_day(deadline)
        assert clear_working_days_between(deadline, day) == 5
        assert not papers_are_late(meeting_date=day, published_on=deadline)
        next_working_day = deadline + timedelta(days=1)
        while not is_working_day(next_working_day):
            next_working_day += timedelta(days=1)
        assert papers_are_late(meeting_date=day, published_on=next_working_day)
        day += timedelta(days=1)


def test_council_closure_days_from_settings(settings):
    meeting = date(2026, 1, 6)  # Tuesday
    # Clear days 29, 30, 31 December 2025, 2 and 5 January 2026.
    assert papers_deadline(meeting) == date(2025, 12, 24)
    settings.SCRUTINY_EXTRA_NON_WORKING_DAYS = [date(2025, 12, 29), "2025-12-30", "2025-12-31"]
    assert not is_working_day(date(2025, 12, 30))
    assert is_working_day(date(2026, 1, 2))
    # Now the clear days are 22, 23, 24 December, 2 and 5 January.
    assert papers_deadline(meeting) == date(2025, 12, 19)
    assert papers_are_late(meeting_date=meeting, published_on=date(2025, 12, 24))


def test_bad_closure_days_setting_is_reported(settings):
    settings.SCRUTINY_EXTRA_NON_WORKING_DAYS = ["29/12/2025"]
    with pytest.raises(ValueError):
        is_working_day(date(2025, 12, 29))
