import io

from pypdf import PdfReader

from scrutiny.reports.render import render_pdf

from .helpers import PHRASES, TITLE, squash


def reader(pdf_bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf_bytes))


def test_text(pdf_bytes):
    text = squash("\n".join(page.extract_text() for page in reader(pdf_bytes).pages))
    for phrase in PHRASES:
        assert phrase in text


def test_tagged_with_language_and_title(pdf_bytes):
    pdf = reader(pdf_bytes)
    catalog = pdf.trailer["/Root"]
    assert "/StructTreeRoot" in catalog
    assert catalog["/MarkInfo"]["/Marked"]
    assert catalog["/Lang"] == "en-GB"
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"]
    assert pdf.metadata.title == TITLE
    assert pdf.metadata.author == "Scrutiny Officer"
    assert pdf.metadata.creation_date.date().isoformat() == "2024-09-06"
    xmp = catalog["/Metadata"].get_object().get_data()
    assert b"pdfuaid:part" in xmp


def flatten(outline, depth=0):
    for item in outline:
        if isinstance(item, list):
            yield from flatten(item, depth + 1)
        else:
            yield depth, item.title


def test_bookmarks_follow_the_headings(pdf_bytes):
    assert list(flatten(reader(pdf_bytes).outline)) == [
        (0, TITLE),
        (1, "Summary of progress"),
        (1, "Background"),
        (2, "Members' concerns"),
        (1, "Exceptions to delivery"),
        (1, "Recommendations for the committee"),
        (1, "Appendix: all recommendations and latest updates"),
    ]


def test_chart_figure_has_alt_text(pdf_bytes):
    pdf = reader(pdf_bytes)
    figures = []

    def walk(node):
        node = node.get_object()
        if isinstance(node, dict):
            if node.get("/S") == "/Figure":
                figures.append(node)
            kids = node.get("/K")
            if kids is not None:
                for kid in kids if isinstance(kids, list) else [kids]:
                    walk(kid)
        elif isinstance(node, list):
            for kid in node:
                walk(kid)

    walk(pdf.trailer["/Root"]["/StructTreeRoot"])
    assert [figure["/Alt"] for figure in figures] == [
        "Bar chart of recommendations by status: Achieved: 9; Extended: 4"
    ]


def test_byte_identical_for_the_same_data(pdf_bytes, report):
    assert render_pdf(report) == pdf_bytes
