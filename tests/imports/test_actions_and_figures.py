import pytest

from scrutiny.imports.actions import parse_actions
from scrutiny.imports.figures import parse_stated_figures
from scrutiny.imports.records import ImportedAction, StatedFigures


def test_explicit_action_line_with_owner():
    assert parse_actions(text="ACTION: Circulate the figures by ward (Head of Finance)") == [
        ImportedAction(text="Circulate the figures by ward", owner="Head of Finance")
    ]


def test_explicit_action_line_without_owner():
    assert parse_actions(text="Action \u2013 review the scheme.") == [
        ImportedAction(text="Review the scheme", owner="")
    ]


def test_owner_is_the_role_nearest_before_the_commitment():
    text = "The Scrutiny Officer explained the Director of ICT would provide costings."
    assert parse_actions(text=text) == [
        ImportedAction(text="Provide costings", owner="Director of ICT")
    ]


def test_agreed_to_circulate():
    text = "The Head of Democratic Services agreed to circulate the webcasting costs."
    assert parse_actions(text=text) == [
        ImportedAction(text="Circulate the webcasting costs", owner="Head of Democratic Services")
    ]


def test_pointer_object_takes_the_question_raised_earlier():
    text = (
        "A Member asked whether bins could be collected weekly. "
        "The Waste Manager would look into it."
    )
    assert parse_actions(text=text) == [
        ImportedAction(
            text="Look into the point raised: bins could be collected weekly", owner="Waste Manager"
        )
    ]


def test_commitments_by_members_or_unnamed_people_are_not_actions():
    assert parse_actions(text="Members would consider the report. They would investigate it.") == []


def test_past_tense_is_not_an_action():
    assert parse_actions(text="The Director of ICT had provided an update.") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The Committee had put together 13 recommendations. 9 out of these 13 recommendations "
            "had been achieved (2 completed behind schedule). The remaining 4 recommendations had "
            "been extended.",
            StatedFigures(total=13, achieved=9, achieved_late=2, extended=4),
        ),
        (
            "The review made twelve recommendations. Seven of the twelve recommendations have been "
            "achieved (three completed behind schedule). The remaining five recommendations have "
            "been extended.",
            StatedFigures(total=12, achieved=7, achieved_late=3, extended=5),
        ),
        (
            "Twenty recommendations were made; eleven recommendations had been implemented.",
            StatedFigures(total=None, achieved=11, achieved_late=None, extended=None),
        ),
        ("Members noted the report.", None),
    ],
)
def test_stated_figures(text, expected):
    assert parse_stated_figures(text=text) == expected
