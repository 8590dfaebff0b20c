from datetime import date

import pytest

from scrutiny.reports import wording

from .factories import REVIEW_TITLE, sample_report


@pytest.mark.parametrize(
    ("n", "word"),
    [
        (1, "First"),
        (2, "Second"),
        (3, "Third"),
        (8, "Eighth"),
        (9, "Ninth"),
        (12, "Twelfth"),
        (13, "13th"),
        (21, "21st"),
        (22, "22nd"),
        (23, "23rd"),
        (24, "24th"),
        (101, "101st"),
        (111, "111th"),
        (112, "112th"),
    ],
)
def test_sequence_word(n, word):
    assert wording.sequence_word(n) == word


def test_sequence_word_rejects_zero():
    with pytest.raises(ValueError):
        wording.sequence_word(0)


@pytest.mark.parametrize(
    ("months", "phrase"),
    [
        (1, "one month's"),
        (3, "three months'"),
        (6, "six months'"),
        (12, "twelve months'"),
        (18, "18 months'"),
    ],
)
def test_months_time(months, phrase):
    assert wording.months_time(months) == phrase


def test_months_time_rejects_zero():
    with pytest.raises(ValueError):
        wording.months_time(0)


def test_report_title_interim():
    assert wording.report_title(sample_report(sequence=2)) == (
        f"{REVIEW_TITLE}: Second Interim Report (Post-Scrutiny Monitoring Update)"
    )
    assert wording.report_title(sample_report(sequence=1)).endswith(
        ": First Interim Report (Post-Scrutiny Monitoring Update)"
    )
    assert ": 14th Interim Report" in wording.report_title(sample_report(sequence=14))


def test_report_title_final():
    assert wording.report_title(sample_report(sequence=3, is_final=True)) == (
        f"{REVIEW_TITLE}: Final Report (Post-Scrutiny Monitoring Update)"
    )


def test_draft_resolutions_in_the_councils_form():
    assert wording.draft_resolutions(
        constitution_reference="Part 4.5.17(4) of the Council's Constitution", interval_months=6
    ) == (
        "Members note the progress against the review recommendations;",
        "that Members acknowledge any exceptions to delivery and clarify the additional "
        "action required by the service;",
        "that Members make its report and findings public, in accordance with Part 4.5.17(4) "
        "of the Council's Constitution;",
        "that Officers continue to implement the recommendations and submit a further report "
        "in six months' time highlighting progress and any exceptions to delivery.",
    )


def test_draft_resolutions_interval_and_reference_come_from_the_arguments():
    three = wording.draft_resolutions(
        constitution_reference="Standing Order 12(b)", interval_months=3
    )
    assert "in accordance with Standing Order 12(b);" in three[2]
    assert "further report in three months' time" in three[3]
    one = wording.draft_resolutions(constitution_reference="Rule 12(b)", interval_months=1)
    assert "further report in one month's time" in one[3]
    blank = wording.draft_resolutions(constitution_reference=" ", interval_months=6)
    assert blank[2].endswith("in accordance with the Council's Constitution;")


def test_final_report_closes_the_review():
    final = wording.draft_resolutions(
        constitution_reference="Part 4.5.17(4) of the Council's Constitution",
        interval_months=6,
        is_final=True,
    )
    assert len(final) == 4
    assert (
        final[:3]
        == wording.draft_resolutions(
            constitution_reference="Part 4.5.17(4) of the Council's Constitution", interval_months=6
        )[:3]
    )
    assert final[3] == (
        "that Members sign off the review as complete and no further monitoring report is required."
    )
    assert "further report in" not in final[3]
    assert wording.data_resolutions(sample_report(is_final=True)) == final


def test_intros():
    assert wording.recommendations_intro("Customer Services Scrutiny Committee") == (
        "It is recommended that the Customer Services Scrutiny Committee resolves that:"
    )
    assert wording.exceptions_intro(0) == "There are no exceptions to delivery to report."
    assert wording.exceptions_intro(1).startswith("The following recommendation has not")
    assert wording.exceptions_intro(4).startswith("The following 4 recommendations have not")
    assert wording.purpose_sentence(sample_report()).startswith(
        "This second interim monitoring report sets out the progress made in delivering "
        "the 13 recommendations"
    )
    assert wording.purpose_sentence(sample_report(is_final=True)).startswith(
        "This final monitoring report"
    )


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (date(2024, 9, 16), "16 September 2024"),
        (date(2025, 1, 1), "1 January 2025"),
        (None, "Not set"),
    ],
)
def test_format_date(value, text):
    assert wording.format_date(value) == text
