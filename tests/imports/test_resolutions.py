import pytest

from scrutiny.imports.records import ImportedMotion, ImportedResolution
from scrutiny.imports.resolutions import parse_motions, parse_resolutions


def test_resolved_that_with_numbered_parts_on_separate_lines():
    text = "RESOLVED that: 1) the report be noted;\n\n2)    that officers report back.\n"
    assert parse_resolutions(text=text) == [
        ImportedResolution(kind="resolved", parts=("The report be noted", "Officers report back"))
    ]


def test_unanimous_resolution_with_parts_run_together():
    text = "Resolved: (unanimously) That 1. the report be noted; 2. the plan be approved."
    assert parse_resolutions(text=text) == [
        ImportedResolution(
            kind="resolved",
            parts=("The report be noted", "The plan be approved"),
            unanimous=True,
        )
    ]


def test_single_part_after_a_dash():
    text = "RESOLVED \u2013 That the minutes of the meeting held on 1 July be approved.\n\nNext."
    assert parse_resolutions(text=text) == [
        ImportedResolution(
            kind="resolved", parts=("The minutes of the meeting held on 1 July be approved",)
        )
    ]


@pytest.mark.parametrize(
    "labels",
    [
        ("1.", "2.", "3."),
        ("(1)", "(2)", "(3)"),
        ("a.", "b.", "c."),
        ("(a)", "(b)", "(c)"),
        ("(i)", "(ii)", "(iii)"),
    ],
)
def test_resolved_colon_then_numbered_lines(labels):
    text = "RESOLVED:\n" + "\n".join(
        f"{label} {words}"
        for label, words in zip(labels, ["note it;", "agree it; and", "publish it."], strict=True)
    )
    [resolution] = parse_resolutions(text=text)
    assert resolution.parts == ("Note it", "Agree it", "Publish it")


def test_recommended_is_a_recommendation_to_another_body():
    text = "RECOMMENDED \u2013 That Cabinet adopts the revised allocations policy."
    [resolution] = parse_resolutions(text=text)
    assert resolution.kind == "recommended"
    assert resolution.parts == ("Cabinet adopts the revised allocations policy",)


def test_recommendation_keeps_the_body_it_is_made_to_as_preamble():
    text = "RECOMMENDED to Council that:\n1) the budget be approved; and\n2) the precept be set."
    [resolution] = parse_resolutions(text=text)
    assert resolution.preamble == "to Council"
    assert resolution.parts == ("The budget be approved", "The precept be set")


def test_page_without_a_resolution():
    text = (
        "Members discussed the report.\nThe issue was resolved informally.\nResolved issues: none."
    )
    assert parse_resolutions(text=text) == []


def test_cross_reference_numbers_do_not_split_a_part():
    text = (
        "RESOLVED that: 1) the report be public under Part 4.5.17(4) and (2) of the rules;\n"
        "2) noted."
    )
    [resolution] = parse_resolutions(text=text)
    assert resolution.parts[0] == "The report be public under Part 4.5.17(4) and (2) of the rules"
    assert len(resolution.parts) == 2


def test_sub_parts_stay_inside_their_part():
    text = (
        "RESOLVED:\n1. that officers:\n(a) consult tenants;\n(b) report back;\n"
        "2. that the report be noted."
    )
    [resolution] = parse_resolutions(text=text)
    assert resolution.parts == (
        "Officers: (a) consult tenants; (b) report back",
        "The report be noted",
    )


def test_it_was_unanimously_resolved():
    [resolution] = parse_resolutions(text="It was unanimously RESOLVED that the item be deferred.")
    assert resolution.unanimous
    assert resolution.parts == ("The item be deferred",)


def test_resolution_ends_at_an_unnumbered_paragraph():
    text = "RESOLVED \u2013 That the report be noted.\n\nThe meeting closed at 8.15 pm."
    [resolution] = parse_resolutions(text=text)
    assert resolution.parts == ("The report be noted",)


def test_two_resolutions_in_one_text():
    text = "RESOLVED \u2013 That the report be noted.\n\nRECOMMENDED \u2013 That Cabinet agree it."
    assert [r.kind for r in parse_resolutions(text=text)] == ["resolved", "recommended"]


def test_moved_and_seconded():
    text = (
        "Moved by Councillor Vicky Wapplington and seconded by Councillor Phil Smith\n\n"
        "RESOLVED \u2013 noted."
    )
    assert parse_motions(text=text) == [
        ImportedMotion(
            mover="Councillor Vicky Wapplington",
            seconder="Councillor Phil Smith",
            outcome="carried",
        )
    ]


def test_proposed_and_seconded_with_motion_text_and_outcome():
    text = (
        "It was proposed by Cllr Jane O'Neil, seconded by Cllr Sam Lee "
        "that the item be deferred. LOST"
    )
    assert parse_motions(text=text) == [
        ImportedMotion(
            mover="Cllr Jane O'Neil",
            seconder="Cllr Sam Lee",
            text="the item be deferred",
            outcome="lost",
        )
    ]


def test_motion_without_a_following_resolution_has_no_outcome():
    [motion] = parse_motions(text="Moved by Councillor A Smith and seconded by Councillor B Jones.")
    assert motion.outcome == ""
