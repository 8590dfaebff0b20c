"""How records name themselves (the admin, the audit log's object_repr)."""

import pytest

from scrutiny.committees.models import Attendance, Motion, choice_label
from scrutiny.people.models import Person


@pytest.mark.parametrize(
    ("model", "field", "choices"),
    [
        (Motion, "kind", Motion.Kind),
        (Motion, "outcome", Motion.Outcome),
        (Attendance, "status", Attendance.Status),
    ],
)
def test_a_choice_is_labelled_as_djangos_display_labels_it(model, field, choices):
    for value in [*choices.values, "not-a-choice", ""]:
        display = getattr(model(**{field: value}), f"get_{field}_display")()
        assert choice_label(choices, value) == display


def test_a_motion_and_an_attendance_read_as_before():
    person = Person(name="Jane Smith")
    motion = Motion(mover=person, kind=Motion.Kind.AMENDMENT, outcome="lost")
    assert str(motion) == "Amendment moved by Jane Smith (Lost)"
    assert (
        str(Attendance(person=person, status="substitute")) == "Jane Smith: Present as substitute"
    )
