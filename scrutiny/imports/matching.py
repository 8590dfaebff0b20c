"""Recognise the people, committees and wording an import names among what we hold.

Sources name people as printed ("Councillor Vicky Wapplington", "the Director of ICT")
and word the same decision slightly differently each time it is typed ("Council's" and
"Council’s", a closing semicolon). Matching on a normalised form lets a re-import find
the record it made last time, and lets an import find the people the council already
set up, instead of filling the database with near-duplicates.

People are loaded once per import into a ``PeopleDirectory``; people the import has to
add are held there unsaved until the import writes them, so a dry run can say "would
create" and a refused meeting can take its additions back.
"""

import functools
import re
import unicodedata
from dataclasses import dataclass, field

from django.utils.text import slugify

from scrutiny.committees.models import Attendance, Committee
from scrutiny.people.models import Person

_TITLES = re.compile(
    r"^(?:(?:county\s+|borough\s+|district\s+|town\s+)?councill?or|cllr\.?|mr\.?|mrs\.?|ms\.?|"
    r"miss|dr\.?|the)\s+",
    re.IGNORECASE,
)
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})
_DASHES = str.maketrans({"\u2013": "-", "\u2014": "-"})
_JOINING = re.compile(r"^(?:that\s+)|[\s;:,.]+(?:and|or)?$", re.IGNORECASE)
_COUNCILLOR = re.compile(r"^(?:(?:county\s+|borough\s+)?councill?or|cllr\.?)\s", re.IGNORECASE)
_MEMBER_ROLES = ("member", "chair", "substitute", "mayor", "leader", "portfolio", "cabinet")


def plain(text: str) -> str:
    """Casefolded, with typographic quotes and dashes made plain and spaces collapsed."""
    if len(text) <= _REMEMBERED:
        return _plain_remembered(text)
    return _plain(text)


# An import compares the same names, numbers and titles many times over; the short ones
# are worked out once (long texts, minutes, are rarely compared twice).
_REMEMBERED = 300


def _plain(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).translate(_DASHES)
    return " ".join(text.split()).casefold()


_plain_remembered = functools.lru_cache(maxsize=50_000)(_plain)


def same_wording(text: str) -> str:
    """The form two versions of a resolution part or action are compared in: joining
    words at either end ("that", "; and", the closing full stop) do not count."""
    text = plain(text)
    previous = None
    while previous != text:
        previous, text = text, _JOINING.sub("", text).strip()
    return text


def person_name(printed: str) -> str:
    """ "Councillor Vicky Wapplington" → "Vicky Wapplington" (titles stripped)."""
    name = " ".join(printed.split()).strip(" ,.;:")
    previous = None
    while previous != name:
        previous, name = name, _TITLES.sub("", name)
    return name


def attendee_is_councillor(*, name: str, role: str) -> bool:
    """ModernGov lists members and officers together: the title or role tells them apart."""
    if _COUNCILLOR.match(name.strip()):
        return True
    return any(word in role.lower() for word in _MEMBER_ROLES)


def attendance_status(word: str) -> str | None:
    """Our attendance status for the source's word, or None when we cannot tell (blank,
    or a word we do not know). "Expected" (listed before the meeting, nobody has recorded
    who came) is kept as expected, never taken for present."""
    word = plain(word)
    if "apolog" in word:
        return Attendance.Status.APOLOGIES
    if "absent" in word or "did not attend" in word or "not present" in word:
        return Attendance.Status.ABSENT
    if "substitut" in word:
        return Attendance.Status.SUBSTITUTE
    if "attendance" in word or "attending" in word:
        return Attendance.Status.IN_ATTENDANCE
    if "expected" in word:
        return Attendance.Status.EXPECTED
    if "present" in word:
        return Attendance.Status.PRESENT
    return None


def committee_kind(name: str) -> str:
    """A first guess at the kind of a committee the import has to add; staff can change it."""
    words = plain(name)
    if "scrutiny" in words:
        return Committee.Kind.SCRUTINY
    if "cabinet" in words or "executive" in words:
        return Committee.Kind.CABINET
    if words in {"council", "full council", "county council", "borough council"}:
        return Committee.Kind.COUNCIL
    if any(w in words for w in ("planning", "licensing", "audit", "standards", "regulatory")):
        return Committee.Kind.REGULATORY
    return Committee.Kind.SCRUTINY


def unique_slug(text: str, *, taken: set[str], max_length: int = 200) -> str:
    """A slug not in ``taken`` (which it is then added to): "-2", "-3" on clashes."""
    base = slugify(text)[: max_length - 6].strip("-") or "imported"
    slug, counter = base, 1
    while slug in taken:
        counter += 1
        slug = f"{base}-{counter}"
    taken.add(slug)
    return slug


@dataclass
class PeopleDirectory:
    """Every councillor and officer, looked up by name and (officers) job title."""

    councillors: dict[str, Person] = field(default_factory=dict)
    officers_by_name: dict[str, list[Person]] = field(default_factory=dict)
    officers_by_title: dict[str, list[Person]] = field(default_factory=dict)
    added: list[Person] = field(default_factory=list)

    @classmethod
    def load(cls) -> "PeopleDirectory":
        directory = cls()
        for person in Person.objects.only("id", "kind", "name", "job_title"):
            directory._index(person)
        return directory

    def _index(self, person: Person) -> None:
        if person.kind == Person.Kind.COUNCILLOR:
            self.councillors.setdefault(plain(person.name), person)
        else:
            self.officers_by_name.setdefault(plain(person.name), []).append(person)
            if person.job_title:
                self.officers_by_title.setdefault(plain(person.job_title), []).append(person)

    def councillor(self, printed: str, *, party: str = "", ward: str = "") -> Person:
        """The councillor of that name, added (unsaved) when we have none yet."""
        name = person_name(printed)
        found = self.councillors.get(plain(name))
        if found is None:
            found = Person(kind=Person.Kind.COUNCILLOR, name=name, political_party=party, ward=ward)
            self.added.append(found)
            self._index(found)
        return found

    def officer_attending(self, printed: str, *, role: str = "") -> Person:
        """An officer listed as attending: found by name, else added with the role as title."""
        name = person_name(printed)
        matches = self.officers_by_name.get(plain(name), [])
        if matches:
            return matches[0]
        person = Person(kind=Person.Kind.OFFICER, name=name, job_title=role)
        self.added.append(person)
        self._index(person)
        return person

    def action_owner(self, printed: str) -> Person | None:
        """The one officer with that job title or name; None when there is none or several,
        because guessing who must do something is worse than leaving it for a clerk."""
        key = plain(person_name(printed))
        for index in (self.officers_by_title, self.officers_by_name):
            matches = index.get(key, [])
            if len(matches) == 1:
                return matches[0]
            if matches:
                return None
        return None

    def checkpoint(self) -> int:
        return len(self.added)

    def roll_back(self, checkpoint: int) -> None:
        """Forget the people added since ``checkpoint`` (their meeting was refused)."""
        for person in self.added[checkpoint:]:
            if person.kind == Person.Kind.COUNCILLOR:
                self.councillors.pop(plain(person.name), None)
            else:
                self.officers_by_name.pop(plain(person.name), None)
                if person.job_title:
                    titled = self.officers_by_title.get(plain(person.job_title), [])
                    if person in titled:
                        titled.remove(person)
        del self.added[checkpoint:]
