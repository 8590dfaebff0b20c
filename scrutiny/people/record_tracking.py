"""People's names and titles, and directorates, are on many public pages: each write to
them bumps the `people` scope (see `scrutiny.core.record_versions`)."""

from scrutiny.core import record_versions
from scrutiny.core.record_versions import PEOPLE
from scrutiny.people.models import Directorate, Person


def people_scopes(record):
    return (PEOPLE,)


def register() -> None:
    record_versions.track(Person, people_scopes)
    record_versions.track(Directorate, people_scopes)
