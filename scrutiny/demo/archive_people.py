"""The council's people and committees for the archive: directorates, officers,
councillors elected in four-yearly terms, and each committee's members term by term."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from scrutiny.committees.models import Committee, Membership
from scrutiny.demo import archive_text as words
from scrutiny.demo.archive_context import Context
from scrutiny.people.models import Directorate, Person

TERM_YEARS = 4


@dataclass
class Term:
    starts: dt.date
    ends: dt.date | None  # None for the current term
    members: list[tuple[Person, str]] = field(default_factory=list)  # (person, role)


@dataclass
class PlannedCommittee:
    committee: Committee
    kind: str
    frequency: float
    hour: int
    topics: str
    abbreviation: str
    terms: list[Term] = field(default_factory=list)

    def term_on(self, day: dt.date) -> Term:
        for term in reversed(self.terms):
            if term.starts <= day:
                return term
        return self.terms[0]


@dataclass
class People:
    directorates: list[Directorate]
    officers: list[Person]
    councillors: list[Person]
    scrutiny_officer: Person  # signs in as bench.officer
    clerk: Person  # bench.clerk
    owner: Person  # bench.owner, who owns many recommendations
    owners: list[Person]  # senior officers recommendations are given to
    committees: list[PlannedCommittee]
    councillor: Person | None = None  # bench.councillor, set once terms are drawn


def _term_starts(context: Context) -> list[dt.date]:
    """Elections in early May every four years, the first one before the record starts."""
    year = context.first_day.year - context.first_day.year % TERM_YEARS
    if dt.date(year, 5, 10) > context.first_day:
        year -= TERM_YEARS
    starts = []
    while dt.date(year, 5, 10) <= context.last_day:
        starts.append(dt.date(year, 5, 10))
        year += TERM_YEARS
    return starts


def build_people(context: Context) -> People:
    rng = context.rng
    taken_directorates = set(Directorate.objects.values_list("name", flat=True))
    directorates = []
    new = []
    for name in words.DIRECTORATES:
        if name in taken_directorates:
            directorates.append(Directorate.objects.get(name=name))
        else:
            directorate = Directorate(name=name)
            directorates.append(directorate)
            new.append(directorate)
    context.write(Directorate, new)

    names: set[str] = set()
    officer_count = context.sizes.fixed("officers", minimum=20)
    officers = []
    for index, name in enumerate(words.person_names(rng, officer_count, names)):
        if index < 4:
            directorate = directorates[0]
            job = ["Scrutiny Officer", "Democratic Services Officer"][index % 2]
        else:
            directorate = directorates[index % len(directorates)]
            title = rng.choice(words.SENIOR_TITLES if index % 3 else words.OTHER_TITLES)
            job = title.format(d=directorate.name)
        officers.append(
            Person(
                kind=Person.Kind.OFFICER,
                name=name,
                job_title=job,
                directorate=directorate,
                email=words.email_for(name),
            )
        )
    councillors = [
        Person(
            kind=Person.Kind.COUNCILLOR,
            name=name,
            political_party=words.party(rng),
            ward=words.ward(rng),
        )
        for name in words.person_names(rng, context.sizes.fixed("councillors", minimum=24), names)
    ]
    context.write(Person, officers + councillors)
    owners = [p for p in officers[4:] if not p.job_title.startswith(tuple(words.OTHER_TITLES))]
    owner = owners[0] if owners else officers[-1]
    committees = _committees(context, officers[:4])
    people = People(
        directorates=directorates,
        officers=officers,
        councillors=councillors,
        scrutiny_officer=officers[0],
        clerk=officers[1],
        owner=owner,
        owners=owners or officers,
        committees=committees,
    )
    _memberships(context, people)
    return people


def _committees(context: Context, support: list[Person]) -> list[PlannedCommittee]:
    count = max(1, min(len(words.COMMITTEES), context.sizes.fixed("committees")))
    taken_names = set(Committee.objects.values_list("name", flat=True))
    taken_slugs = set(Committee.objects.values_list("slug", flat=True))
    planned = []
    for index, (name, kind, frequency, hour, topics) in enumerate(words.COMMITTEES[:count]):
        unique, n = name, 2
        while unique in taken_names:  # an archive added beside an existing record
            unique, n = f"{name} ({n})", n + 1
        taken_names.add(unique)
        committee = Committee(
            name=unique,
            slug=words.slug_for(unique, taken_slugs),
            kind=kind,
            description=f"The {name} of the council.",
            monitoring_interval_months=6,
            scrutiny_officer=support[index % 2 * 2] if kind == "scrutiny" else support[1],
        )
        abbreviation = "".join(w[0] for w in name.replace(",", "").split() if w[0].isupper())
        planned.append(PlannedCommittee(committee, kind, frequency, hour, topics, abbreviation))
    context.write(Committee, [p.committee for p in planned])
    return planned


def _memberships(context: Context, people: People) -> None:
    rng = context.rng
    councillors = people.councillors
    sitting_count = max(6, round(len(councillors) * 0.75))
    starts = _term_starts(context)
    memberships = []
    for number, starts_on in enumerate(starts):
        ends_on = starts[number + 1] - dt.timedelta(days=1) if number + 1 < len(starts) else None
        offset = (number * len(councillors) // 5) % len(councillors)
        sitting = [councillors[(offset + i) % len(councillors)] for i in range(sitting_count)]
        for planned in people.committees:
            if planned.kind == "council":
                chosen = sitting
            else:
                size = min(len(sitting), rng.randint(8, 13))
                chosen = rng.sample(sitting, size)
            term = Term(starts_on, ends_on)
            for position, person in enumerate(chosen):
                role = (
                    Membership.Role.CHAIR
                    if position == 0
                    else Membership.Role.VICE_CHAIR
                    if position == 1
                    else Membership.Role.SUBSTITUTE
                    if position >= len(chosen) - 1 and len(chosen) > 8
                    else Membership.Role.MEMBER
                )
                term.members.append((person, role))
                memberships.append(
                    Membership(
                        committee=planned.committee,
                        person=person,
                        role=role,
                        started_on=starts_on,
                        ended_on=ends_on,
                    )
                )
            planned.terms.append(term)
    context.write(Membership, memberships)
    current = people.committees[0].terms[-1]
    people.councillor = next(p for p, role in current.members if role == Membership.Role.MEMBER)
