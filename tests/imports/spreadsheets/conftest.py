"""Trackers built in the tests: council A keeps an Excel workbook with a title above its
headings; council B exports CSV from another system, with semicolons and Windows-1252."""

import csv
import datetime as dt
import io

import pytest
from openpyxl import Workbook

from scrutiny.people.models import Directorate, Person
from scrutiny.reviews import services as reviews
from tests.factories import make_committee, make_resolution

COUNCIL_A_HEADINGS = [
    "Rec No", "Recommendation", "Lead Officer", "Directorate", "Date agreed",
    "Target Date", "Status", "Progress/Action taken", "RAG",
]  # fmt: skip
COUNCIL_B_HEADINGS = [
    "Ref", "Committee", "Portfolio", "Recommendation", "Exec Response", "Response date",
    "Responsible Officer", "Deadline", "Revised deadline", "Status",
]  # fmt: skip


def xlsx_bytes(headings, rows, *, title_rows=(), sheet="Tracker") -> bytes:
    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = sheet
    for row in title_rows:
        worksheet.append(list(row))
    worksheet.append(list(headings))
    for row in rows:
        worksheet.append(list(row))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def csv_bytes(headings, rows, *, delimiter=",", encoding="utf-8") -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(headings)
    for row in rows:
        writer.writerow(row)
    return out.getvalue().encode(encoding)


def council_a_rows():
    return [
        [1, "That the ICT helpdesk publishes its hours.", "Jo Smith", "Resources",
         dt.datetime(2024, 3, 11), dt.datetime(2024, 9, 30), "In progress",
         "Hours drafted.", "Green"],
        [2, "That Members get new iPads.", "sam okafor", "ICT",
         dt.datetime(2024, 3, 11), "31/12/2024", "Not started", None, "Grey"],
        [3, "That the Chamber microphones are replaced.", "Jo  Smith", "Resources",
         "11/03/2024", "31/10/2024", "Complete", "New microphones installed.", "Blue"],
    ]  # fmt: skip


def council_a_xlsx(rows=None) -> bytes:
    return xlsx_bytes(
        COUNCIL_A_HEADINGS,
        council_a_rows() if rows is None else rows,
        title_rows=[["Customer Services Scrutiny Committee: recommendation tracker"], []],
    )


def council_b_rows():
    return [
        ["CSSC (23/24) 01", "Customer Services Scrutiny Committee", "ICT",
         "That the website is made accessible.", "Accepted", "01/06/2024", "Sam Okafor",
         "31/12/2024", "", "On target"],
        ["CSSC (23/24) 02", "CSSC", "Resources", "That council tax bills explain £ charges.",
         "Agreed", "01/06/2024", "Jo Smith", "31/03/2025", "30/06/2025",
         "Extended"],
    ]  # fmt: skip


def council_b_csv(rows=None) -> bytes:
    rows = council_b_rows() if rows is None else rows
    return csv_bytes(COUNCIL_B_HEADINGS, rows, delimiter=";", encoding="cp1252")


@pytest.fixture
def review(db):
    return make_review_shell()


def make_review_shell():
    """A review's shell: its committee, its officers, the executive's receipt date."""
    committee = make_committee("Customer Services Scrutiny Committee")
    resources = Directorate.objects.create(name="Resources")
    ict = Directorate.objects.create(name="ICT")
    Person.objects.create(kind="officer", name="Jo Smith", directorate=resources)
    Person.objects.create(kind="officer", name="Sam Okafor", directorate=ict)
    review = reviews.review_create(actor=None, committee=committee, title="Member ICT")
    return reviews.review_update(
        actor=None, review=review, expected_version=None,
        reported_to_executive_on=dt.date(2024, 4, 18),
    )  # fmt: skip


@pytest.fixture
def resolution(review):
    return make_resolution(review.committee, dt.date(2024, 11, 18))
