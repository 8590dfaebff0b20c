"""The demo council's record, written from a real published meeting page: the Customer
Services Scrutiny Committee's review of Members ICT & Support and ICT Service Delivery,
considered at its meeting of 16 September 2024 (item 27).

Facts the page states are used as stated. Where it is silent (people other than the
mover and seconder, nine of the thirteen recommendations' wording, dates) the values are
illustrative and marked so. Nothing here states the figures the page reports: the demo
records what happened, and the rules compute "9 out of 13 achieved (2 completed behind
schedule); 4 extended" from it."""

import datetime as dt

D = dt.date

COMMITTEE = "Customer Services Scrutiny Committee"
REVIEW_TITLE = "Review of Members ICT & Support and ICT Service Delivery"
REVIEW_SLUG = "members-ict-support-and-ict-service-delivery"
ISSUE_TITLE = (
    "Review of Members ICT & Support and ICT Service Delivery: Interim Report - "
    "(Post Scrutiny Monitoring Update)"
)
AIM = (
    "To assist the Council in improving equipment provision and support to Members, and the "
    "operation of meeting spaces within a modern post-COVID-19 environment."
)
CONCERNS = [
    "Remote support for iPads to enable easier updates",
    "Member ICT equipment",
    "Member ICT support",
    "Council Chamber/meeting room ICT equipment",
    "Power supply within the Council Chamber",
    "Creation of a Member IT Working Group",
    "Accessibility of, and access to, the Council's intranet",
]
TIMELINE = [
    # kind, date, period, text
    (
        "commenced",
        D(2020, 10, 5),
        "2020/21",
        "The review commenced because of operational issues raised by the COVID-19 Global "
        "Pandemic.",
    ),
    (
        "paused",
        D(2021, 3, 15),
        "2020/21",
        "The review was paused while the Council's response to the pandemic took priority "
        "(illustrative date).",
    ),
    (
        "restarted",
        D(2022, 6, 27),
        "2022/23",
        "The review re-started, its aim refocussed on Member ICT equipment and support.",
    ),
    (
        "final-report",
        D(2023, 3, 13),
        "2022/23",
        "The Committee agreed its final report with 13 recommendations.",
    ),
]

# (name, job title, directorate)
DEMOCRATIC = "Governance and Democratic Services"
OFFICERS = {
    "scrutiny": ("Jo Bennett", "Scrutiny Officer", DEMOCRATIC),
    "ict": ("Sam Okafor", "Director of ICT", "ICT"),
    "democratic": (
        "Ruth Hale",
        "Head of Democratic Services",
        "Governance and Democratic Services",
    ),
    "facilities": ("Mark Dunn", "Facilities Manager", "Property and Facilities"),
    "clerk": ("Amy Clarke", "Democratic Services Officer", DEMOCRATIC),
}
# (name, committee role, illustrative?)
COUNCILLORS = [
    ("Helen Marsh", "chair", True),
    ("David Price", "vice-chair", True),
    ("Vicky Wapplington", "member", False),
    ("Phil Smith", "member", False),
    ("Karen Holt", "member", True),
    ("Tom Ashby", "member", True),
    ("Gill Barnes", "member", True),
]

AGREED_ON = D(2023, 3, 13)
EXECUTIVE_RECEIVED = D(2023, 4, 18)
RESPONSE_RECEIVED = D(2023, 6, 13)

# number, owner key, text, original target, illustrative
RECOMMENDATIONS = [
    (
        1,
        "ict",
        "That remote support be provided for Members' iPads so that updates can be "
        "installed without Members attending the Civic Centre.",
        D(2023, 7, 31),
        True,
    ),
    (
        2,
        "ict",
        "That a dedicated Member ICT support contact be established, with published "
        "hours and response times.",
        D(2023, 6, 30),
        True,
    ),
    (
        3,
        "democratic",
        "That a Member IT Working Group be created to advise on Member ICT equipment and support.",
        D(2023, 6, 30),
        True,
    ),
    (
        4,
        "ict",
        "That iPad software updates be scheduled and notified to Members in advance.",
        D(2023, 9, 30),
        True,
    ),
    (
        5,
        "democratic",
        "That ICT training be included in the Member induction and development programme.",
        D(2023, 9, 30),
        True,
    ),
    (
        6,
        "facilities",
        "That a fault-reporting procedure be introduced for Council Chamber and "
        "meeting room equipment.",
        D(2023, 12, 31),
        True,
    ),
    (7, "ict", "That a guide to ICT support for Members be published.", D(2023, 10, 31), True),
    (
        8,
        "ict",
        "That the accessibility of the Council's intranet for Members be improved.",
        D(2023, 12, 31),
        True,
    ),
    (
        9,
        "democratic",
        "That guidance on taking part in hybrid meetings be provided to Members.",
        D(2024, 6, 30),
        True,
    ),
    (
        10,
        "facilities",
        "That necessary works be completed in the Council Chamber to upgrade the power supply.",
        D(2023, 12, 31),
        False,
    ),
    (
        11,
        "ict",
        "That consideration be given to providing additional access to the intranet "
        "(either via an extranet link or additional on-site PC/Laptop provision) for Members.",
        D(2023, 12, 31),
        False,
    ),
    (
        12,
        "ict",
        "That a review of the Council Chamber and meeting room ICT equipment takes place.",
        D(2024, 3, 31),
        False,
    ),
    (
        13,
        "ict",
        "That a review of Members' ICT Equipment provision also takes place.",
        D(2024, 3, 31),
        False,
    ),
]
PARTIAL_RESPONSES = {
    13: "Accepted, subject to the budget available for the next equipment refresh.",
}

# What the services reported: number -> (date delivered, narrative). Recommendations 4 and 8
# were delivered after their original target dates.
DELIVERED = {
    1: (D(2023, 7, 14), "Mobile device management now pushes updates to Members' iPads."),
    2: (D(2023, 6, 20), "Member ICT support line launched, staffed 8am to 6pm on weekdays."),
    3: (D(2023, 6, 26), "Member IT Working Group established; first meeting held 26 June 2023."),
    4: (D(2023, 10, 20), "Update schedule agreed with the Working Group and emailed monthly."),
    5: (D(2023, 9, 12), "ICT session added to the induction and development programme."),
    6: (D(2023, 12, 4), "Fault-reporting form and procedure published on the intranet."),
    7: (D(2023, 10, 2), "Guide to ICT support for Members published."),
    8: (D(2024, 4, 19), "Intranet accessibility fixes completed after an audit."),
    9: (D(2024, 5, 24), "Hybrid meetings guidance issued to all Members."),
}
# Before the first interim report some recommendations had slipped.
SLIPPED = {
    10: (D(2024, 1, 15), "Contractor survey found the distribution board must be replaced."),
    11: (D(2024, 1, 15), "An extranet link depends on the new identity platform."),
}
# number -> (new target, reason), agreed at the first interim report's meeting.
EXTENSIONS = {
    10: (
        D(2024, 12, 31),
        "The works need the Chamber out of use; they are scheduled for the "
        "recess after the contractor's survey found the distribution board must be replaced.",
    ),
    11: (
        D(2025, 3, 31),
        "An extranet link depends on the Council's new identity platform, "
        "now due to go live in January 2025.",
    ),
    12: (
        D(2025, 3, 31),
        "The review is being combined with the accommodation review so that "
        "equipment matches the future use of each room.",
    ),
    13: (
        D(2025, 5, 31),
        "To align the review with the equipment refresh after the May 2025 elections.",
    ),
}
# The Director of ICT's update two weeks before the meeting of 16 September 2024.
SEPTEMBER_UPDATES = {
    10: "Works tendered; contractor appointed for the winter recess.",
    11: "Identity platform in testing; extranet pilot with the Member IT Working Group.",
    12: "Equipment survey of the Chamber and meeting rooms complete; options being costed.",
    13: "Member survey on devices closed; options, including laptops, being assessed.",
}

FIRST_INTERIM = {
    "starts_at": dt.datetime(2024, 3, 18, 18, 0),
    "issued_on": D(2024, 3, 5),
    "item": "45",
    "title": "Review of Members ICT & Support and ICT Service Delivery - Post-Scrutiny "
    "Monitoring (First Interim Report)",
}
SECOND_INTERIM = {
    "starts_at": dt.datetime(2024, 9, 16, 18, 0),
    "issued_on": D(2024, 9, 5),
    "item": "27",
    "title": "Review of Members ICT & Support and ICT Service Delivery - Post- Scrutiny "
    "Monitoring (Second Interim Report)",
    "document_size_kb": 556,
}
VENUE = "Council Chamber, Civic Centre"
# The last event of the story: the minutes of 16 September 2024 were signed at the next
# meeting. The demo can be loaded as of this day or any later one.
STORY_ENDS = D(2024, 11, 18)
# The committee's calendar after the story, as first published. Those before the day the
# demo is loaded as of are held (`DemoLoader.calendar`); the cycle then goes on (the third
# Monday of these months) until the calendar reaches `CALENDAR_AHEAD` beyond that day.
FUTURE_MEETINGS = [
    dt.datetime(2024, 11, 18, 18, 0),
    dt.datetime(2025, 1, 20, 18, 0),
    dt.datetime(2025, 3, 17, 18, 0),
    dt.datetime(2025, 6, 16, 18, 0),
]
CYCLE_MONTHS = (1, 3, 6, 9, 11)
CALENDAR_AHEAD = dt.timedelta(days=183)
# The routine business of a meeting after the story, item by item.
ROUTINE_ITEMS = [
    ("1", "Apologies for absence", "Apologies for absence were received from Councillor "
     "Gill Barnes."),
    ("2", "Declarations of interest", "There were no declarations of interest."),
    ("3", "Minutes of the previous meeting", ""),  # written from the previous meeting's date
]  # fmt: skip
ACTION_27_DONE = (
    "Laptops with mobile network access were included in the options for the refresh of "
    "Members' ICT equipment."
)

MINUTES_27 = [
    "The Scrutiny Officer explained the review had initially commenced 2020/21 because of "
    "operational issues raised by the COVID-19 Global Pandemic. When the review re-started "
    "2022/23, the aim refocussed on Member ICT equipment and support.",
    "Members had remained concerned on the following: remote support for iPads to enable "
    "easier updates; Member ICT equipment; Member ICT support; Council Chamber/meeting room "
    "ICT equipment; power supply within the Council Chamber; creation of a Member IT Working "
    "Group; accessibility of; and access to the Council's intranet.",
    "A Member raised that a previous discussion on Members' ICT Equipment included laptops "
    "with mobile network access using sim cards. The Chair agreed that this would be useful "
    "when out of office to fulfil Council business and Member casework. The Scrutiny Officer "
    "explained the Director of ICT had provided an update two weeks prior but would "
    "investigate this point.",
]
MINUTES_52 = (
    "Members considered the final report of the review and agreed its 13 recommendations, "
    "to be submitted to the Executive for its response."
)
ACTION_27 = (
    "Investigate providing Members with laptops with mobile network access (SIM cards) as "
    "part of the review of Members' ICT Equipment provision, and report back."
)
RESOLUTIONS_27 = [
    "Members note the progress against the review recommendations;",
    "that Members acknowledge any exceptions to delivery and clarify the additional action "
    "required by the service;",
    "that Members make its report and findings public, in accordance with Part 4.5.17(4) of "
    "the Council's Constitution;",
    "that Officers continue to implement the recommendations and submit a further report in "
    "six months' time highlighting progress and any exceptions to delivery.",
]
RESOLUTIONS_45 = [
    "Members note the progress against the review recommendations and agree that "
    "recommendations 1 to 7 have been achieved;",
    "that Members agree the extensions to recommendations 10 to 13 set out in the report;",
    "that Officers continue to implement the recommendations and submit a further report in "
    "six months' time highlighting progress and any exceptions to delivery.",
]
DEMO_PASSWORD = "scrutiny-demo"
