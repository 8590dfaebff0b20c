"""Words for the generated archive: names, committees, item titles and minutes prose,
all drawn from a seeded `random.Random` so the same seed writes the same record."""

from __future__ import annotations

import datetime as dt
import random

from django.utils.text import slugify

FIRST_NAMES = [
    "Aisha", "Alan", "Alison", "Amir", "Andrew", "Angela", "Anne", "Barbara", "Ben", "Beverley",
    "Brian", "Carol", "Catherine", "Chris", "Claire", "Colin", "David", "Deborah", "Derek",
    "Diane", "Elaine", "Emma", "Fiona", "Gareth", "Gary", "Gillian", "Graham", "Hannah",
    "Harjit", "Helen", "Ian", "Imran", "Jacqueline", "James", "Janet", "Jason", "Jean",
    "Jennifer", "John", "Julie", "Karen", "Kevin", "Lesley", "Linda", "Lisa", "Malcolm",
    "Margaret", "Mark", "Martin", "Michael", "Mohammed", "Nasreen", "Neil", "Nicola", "Paul",
    "Pauline", "Peter", "Philip", "Priya", "Rachel", "Richard", "Robert", "Ruth", "Sandra",
    "Sarah", "Shaun", "Simon", "Stephen", "Susan", "Tariq", "Tracey", "Trevor", "Vicky",
    "Wendy", "Yasmin",
]  # fmt: skip
SURNAMES = [
    "Ahmed", "Allen", "Atkinson", "Bailey", "Barker", "Bell", "Bennett", "Bradley", "Brown",
    "Butler", "Campbell", "Carter", "Chapman", "Clarke", "Cole", "Collins", "Cooper", "Cox",
    "Davies", "Dixon", "Edwards", "Ellis", "Evans", "Fletcher", "Foster", "Gibson", "Graham",
    "Green", "Hall", "Harris", "Hughes", "Hussain", "Jackson", "James", "Johnson", "Jones",
    "Kaur", "Kelly", "Khan", "King", "Knight", "Lee", "Lewis", "Marshall", "Mason", "Mills",
    "Mitchell", "Moore", "Morgan", "Morris", "Murphy", "Owen", "Palmer", "Parker", "Patel",
    "Pearson", "Phillips", "Price", "Reid", "Richards", "Roberts", "Robinson", "Rogers",
    "Shaw", "Simpson", "Singh", "Smith", "Stevens", "Taylor", "Thomas", "Thompson", "Turner",
    "Walker", "Ward", "Watson", "White", "Wilkinson", "Williams", "Wilson", "Wood", "Wright",
    "Young",
]  # fmt: skip
PARTIES = [
    ("Labour", 5), ("Conservative", 4), ("Liberal Democrat", 2), ("Green", 1),
    ("Independent", 1),
]  # fmt: skip
WARD_PARTS = [
    "Abbey", "Ashfield", "Bridge", "Castle", "Church", "Eastfield", "Hill", "Kingsway",
    "Meadow", "Mill", "Northgate", "Park", "Riverside", "St Mary's", "Southfield", "Valley",
    "Westfield", "Woodlands",
]  # fmt: skip
GOVERNANCE = "Governance and Democratic Services"
DIRECTORATES = [
    GOVERNANCE, "Adult Social Care", "Children's Services", "Public Health", "Housing",
    "Planning and Regeneration", "Environment and Highways", "Finance", "ICT",
    "Human Resources", "Legal Services", "Customer Services",
]  # fmt: skip
SENIOR_TITLES = ["Director of {d}", "Assistant Director, {d}", "Head of {d}"]
OTHER_TITLES = ["Service Manager", "Policy Officer", "Team Leader", "Principal Officer"]

# (name, kind, relative meeting frequency, hour, topics)
COMMITTEES = [
    ("Overview and Scrutiny Management Board", "scrutiny", 1.0, 10, "corporate"),
    ("Cabinet", "cabinet", 1.4, 10, "corporate"),
    ("Council", "council", 0.6, 18, "council"),
    ("Planning Committee", "regulatory", 2.0, 14, "planning"),
    ("Adults, Health and Wellbeing Scrutiny Committee", "scrutiny", 0.9, 10, "adults"),
    ("Children and Young People Scrutiny Committee", "scrutiny", 0.9, 18, "children"),
    ("Licensing Committee", "regulatory", 1.0, 14, "licensing"),
    ("Place Scrutiny Committee", "scrutiny", 0.9, 18, "place"),
    ("Audit and Governance Committee", "regulatory", 0.5, 14, "corporate"),
    ("Resources and Customer Services Scrutiny Committee", "scrutiny", 0.9, 10, "corporate"),
]
VENUES = ["Council Chamber, Civic Centre", "Committee Room 1, Town Hall", "Committee Room 2"]

TOPICS = {
    "corporate": [
        "Revenue Budget Monitoring",
        "Capital Programme",
        "Medium Term Financial Strategy",
        "Corporate Performance Report",
        "Council Tax Support Scheme",
        "Treasury Management",
        "Customer Contact Strategy",
        "Digital Strategy",
        "Workforce Strategy",
        "Procurement Strategy",
        "Corporate Risk Register",
        "Equality Objectives",
        "Complaints and Compliments Annual Report",
        "Asset Management Plan",
        "Information Governance",
        "Internal Audit Progress",
        "Annual Governance Statement",
        "Statement of Accounts",
        "Members' ICT Provision",
        "Council Plan",
    ],
    "council": [
        "Council Budget and Council Tax",
        "Questions from the Public",
        "Questions from Members",
        "Notices of Motion",
        "Leader's Report",
        "Pay Policy Statement",
        "Constitution Review",
        "Appointments to Committees",
        "Local Plan Adoption",
        "Members' Allowances Scheme",
    ],
    "planning": [
        "Land at {place} Farm",
        "Former {place} Works",
        "{place} Road Garage Site",
        "Land off {place} Lane",
        "{place} House",
        "{place} Retail Park",
    ],
    "licensing": [
        "Statement of Licensing Policy",
        "Gambling Act Policy",
        "Hackney Carriage Fares",
        "Taxi and Private Hire Licensing Policy",
        "Cumulative Impact Assessment",
        "Street Trading Policy",
        "Sex Establishment Policy",
    ],
    "adults": [
        "Adult Social Care Charging Policy",
        "Better Care Fund Plan",
        "Hospital Discharge",
        "Care Home Quality",
        "Mental Health Services",
        "Carers' Strategy",
        "Health and Wellbeing Strategy",
        "GP Access",
        "Dementia Strategy",
        "Learning Disability Services",
        "Public Health Annual Report",
    ],
    "children": [
        "Children's Services Improvement Plan",
        "School Place Planning",
        "SEND Strategy",
        "Fostering Service Annual Report",
        "Youth Justice Plan",
        "Early Help Offer",
        "Child Poverty Strategy",
        "Home to School Transport",
        "Ofsted Inspection Outcome",
        "Corporate Parenting Annual Report",
    ],
    "place": [
        "Local Transport Plan",
        "Highway Maintenance",
        "Waste and Recycling Strategy",
        "Climate Emergency Action Plan",
        "Town Centre Regeneration",
        "Housing Strategy",
        "Homelessness Prevention",
        "Air Quality Action Plan",
        "Flood Risk Management",
        "Parks and Open Spaces",
        "Bus Service Improvement Plan",
        "Fly-tipping Enforcement",
    ],
}
REPORT_KINDS = [
    "Update",
    "Report",
    "Quarter {q} Update",
    "Annual Report {year}",
    "Consultation",
    "Review",
    "Progress Report",
    "Strategy {span}",
    "Action Plan",
]
STANDARD_ITEMS = [
    ("Apologies for Absence", "apologies"),
    ("Declarations of Interest", "declarations"),
    ("Minutes of the Previous Meeting", "minutes"),
]
WORK_PROGRAMME = "Work Programme"
EXCLUSION = "Exclusion of the Press and Public"

PUBLIC_INTEREST_REASONS = [
    "The report contains information relating to the financial or business affairs of a "
    "particular person, and the public interest in maintaining the exemption outweighs the "
    "public interest in disclosing it while negotiations continue.",
    "The report contains information relating to an individual; disclosure would breach "
    "their privacy and the public interest in maintaining the exemption outweighs it.",
    "The report contains legal advice subject to professional privilege.",
    "The appendix contains tender prices which would prejudice the Council's position in "
    "the procurement if disclosed.",
]
MINUTES_OPENINGS = [
    "The {officer} presented the report, which {verb} {topic}.",
    "Members considered the report of the {officer}, which {verb} {topic}.",
    "The {officer} introduced the item and summarised {topic}.",
]
MINUTES_VERBS = ["set out", "updated the Committee on", "summarised", "sought views on"]
MINUTES_BODY = [
    "In response to questions, the officer explained that the timetable had been revised "
    "following the consultation and that a further report would come back to the Committee.",
    "Members asked how the proposals would affect residents in rural wards; the officer "
    "undertook to provide a breakdown by ward after the meeting.",
    "A Member raised concerns about the level of staff vacancies in the service and asked "
    "what was being done to recruit and retain experienced staff.",
    "The Committee welcomed the progress made but noted that several targets remained "
    "off track, in particular those relating to response times.",
    "Members discussed the budget pressures identified in the report and the savings "
    "proposed to address them, and asked for the risks to be kept under review.",
    "The Chair thanked the officers for their work and for the clarity of the report.",
    "A Member asked whether partners had been involved in drawing up the plan; the officer "
    "confirmed that the voluntary sector and health partners had been consulted.",
    "It was noted that the figures in the appendix were provisional and would be confirmed "
    "at year end.",
    "Members asked for future reports to include comparisons with neighbouring authorities "
    "and with the national average.",
    "The Cabinet Member attended for this item and answered Members' questions on the "
    "delivery of the commitments in the Council Plan.",
    "In debate, Members expressed differing views on the merits of the proposal, and the "
    "Chair summarised the points to be reflected in the Committee's response.",
]
RESOLUTION_PARTS = [
    "the report be noted",
    "the progress made be welcomed",
    "a further report be brought to a future meeting of the Committee",
    "the comments of the Committee be referred to the Cabinet Member",
    "the recommendations set out in the report be approved",
    "the officer provide the information requested by Members",
    "the Committee's work programme be updated accordingly",
    "authority be delegated to the Director, in consultation with the Cabinet Member, to "
    "finalise the arrangements",
]
ACTION_TEXTS = [
    "Provide Members with a breakdown of the figures by ward.",
    "Circulate the consultation responses to the Committee.",
    "Report back on the outcome of the procurement exercise.",
    "Arrange a site visit for Members of the Committee.",
    "Confirm the timetable for the next phase of the programme.",
    "Write to the Cabinet Member setting out the Committee's comments.",
    "Share the benchmarking data with neighbouring authorities.",
    "Add the item to the Committee's work programme.",
]
ACTION_RESPONSES = [
    "Circulated to Members by email.",
    "Information provided at the following meeting.",
    "Completed; see the briefing note in the Members' library.",
    "Superseded by the revised programme.",
]
DECLARATIONS = [
    ("other-registrable", "is a member of the board of a charity named in the report"),
    ("non-registrable", "has a relative employed by the service"),
    ("dpi", "owns property adjoining the application site and left the room for the item"),
]
RECOMMENDATION_STEMS = [
    "That the Council reviews {x} and reports the findings to the Committee.",
    "That the Cabinet Member ensures {x} is resourced in the next budget round.",
    "That officers publish {x} on the Council's website.",
    "That a working group of Members and officers is established to oversee {x}.",
    "That the service sets clear targets for {x} and reports progress every six months.",
    "That training on {x} is offered to all Members.",
    "That the Council works with partners to improve {x}.",
]
RECOMMENDATION_OBJECTS = [
    "the information given to residents", "response times to enquiries",
    "the support offered to carers", "the quality of data collected",
    "the accessibility of services", "the way complaints are handled",
    "the use of agency staff", "the engagement of young people",
    "the arrangements for out-of-hours cover", "the monitoring of contracts",
]  # fmt: skip
UPDATE_NARRATIVES = {
    "not-started": "Work has not yet started; it is planned for the next quarter.",
    "on-track": "Work is progressing to plan and the target date will be met.",
    "slipped": "Work has been delayed by staffing pressures; a revised plan is being drawn up.",
    "extended": "The Committee agreed a new target date; the work is on course to meet it.",
    "achieved": "Completed: the new arrangements are in place and working.",
    "not-achieved": "This could not be delivered within the resources available.",
    "withdrawn": "Overtaken by the service's restructure; no longer needed.",
}
CONCERNS = [
    "Capacity of the service to deliver", "Quality of information given to residents",
    "Partnership working", "Value for money", "Equality of access",
    "Performance monitoring", "Communication with Members",
]  # fmt: skip


def person_names(rng: random.Random, count: int, taken: set[str]) -> list[str]:
    names: list[str] = []
    while len(names) < count:
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"
        if name not in taken:
            taken.add(name)
            names.append(name)
    return names


def email_for(name: str) -> str:
    return name.lower().replace(" ", ".").replace("'", "") + "@council.example"


def party(rng: random.Random) -> str:
    return rng.choices([p for p, _ in PARTIES], weights=[w for _, w in PARTIES])[0]


def ward(rng: random.Random) -> str:
    return f"{rng.choice(WARD_PARTS)} {rng.choice(['Ward', 'and District', 'North', 'South'])}"


def municipal_year(day: dt.date) -> str:
    start = day.year if day.month >= 5 else day.year - 1
    return f"{start}/{(start + 1) % 100:02d}"


def item_title(rng: random.Random, topics: str, day: dt.date, serial: int) -> str:
    if topics == "planning":
        place = rng.choice(WARD_PARTS)
        site = rng.choice(TOPICS["planning"]).format(place=place)
        kind = rng.choice(["FUL", "OUT", "REM", "HOU"])
        return f"{day:%y}/{serial:05d}/{kind} - {site}"
    subject = rng.choice(TOPICS[topics])
    kind = rng.choice(REPORT_KINDS).format(
        q=(day.month - 1) // 3 + 1, year=municipal_year(day), span=f"{day.year}-{day.year + 4}"
    )
    return f"{subject} {kind}"


def paragraphs(rng: random.Random, topic: str, officer: str, count: int) -> str:
    opening = rng.choice(MINUTES_OPENINGS).format(
        officer=officer, verb=rng.choice(MINUTES_VERBS), topic=topic.lower()
    )
    body = rng.sample(MINUTES_BODY, k=min(len(MINUTES_BODY), count * 2))
    chunks = [opening + " " + body[0]]
    for index in range(1, len(body) - 1, 2):
        chunks.append(f"{body[index]} {body[index + 1]}")
    return "\n\n".join(chunks[:count])


def slug_for(title: str, taken: set[str], limit: int = 180) -> str:
    base = slugify(title)[:limit].strip("-") or "item"
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug
