import io
import zipfile

from docx import Document
from docx.oxml.ns import qn

from scrutiny.reports.render import render_docx

from .factories import sample_report
from .helpers import EXTENDED_TEXTS, PHRASES, RESOLUTIONS, SUMMARY, TITLE, squash


def all_text(doc) -> str:
    parts = [paragraph.text for paragraph in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return squash("\n".join(parts))


def test_text_and_core_properties(docx_bytes):
    doc = Document(io.BytesIO(docx_bytes))
    text = all_text(doc)
    for phrase in PHRASES:
        assert phrase in text
    props = doc.core_properties
    assert props.title == TITLE
    assert props.author == "Scrutiny Officer"
    assert props.language == "en-GB"
    assert props.created.date().isoformat() == "2024-09-06"
    assert props.modified == props.created


def test_real_heading_styles(docx_bytes):
    doc = Document(io.BytesIO(docx_bytes))
    headings = [(p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith("Head")]
    assert headings[0] == ("Heading 1", TITLE)
    assert [text for style, text in headings if style == "Heading 2"] == [
        "Summary of progress",
        "Background",
        "Exceptions to delivery",
        "Recommendations for the committee",
        "Appendix: all recommendations and latest updates",
    ]
    assert ("Heading 3", "Members' concerns") in headings
    assert any(p.text == SUMMARY for p in doc.paragraphs)


def test_resolutions_are_a_numbered_list(docx_bytes):
    doc = Document(io.BytesIO(docx_bytes))
    numbered = [p.text for p in doc.paragraphs if p.style.name == "List Number"]
    assert numbered == list(RESOLUTIONS)


def test_tables_have_repeating_header_rows_and_captions(docx_bytes):
    doc = Document(io.BytesIO(docx_bytes))
    assert len(doc.tables) == 3
    for table in doc.tables:
        header = table.rows[0]
        assert header._tr.trPr.find(qn("w:tblHeader")) is not None
        assert table._tbl.tblPr.find(qn("w:tblCaption")) is not None
        assert {cell.paragraphs[0].style.name for cell in header.cells} == {"Table Heading"}
        assert doc.styles["Table Heading"].font.bold
    exceptions = doc.tables[1]
    assert [cell.text for cell in exceptions.rows[0].cells] == [
        "No.",
        "Recommendation",
        "Owner",
        "Original target",
        "Current target",
        "Reason for exception",
        "Latest update",
    ]
    assert [row.cells[1].text for row in exceptions.rows[1:]] == list(EXTENDED_TEXTS)
    assert exceptions.rows[1].cells[3].text == "31 March 2024"
    assert exceptions.rows[1].cells[4].text == "31 March 2025"
    assert len(doc.tables[2].rows) == 14


def test_chart_picture_has_alt_text(docx_bytes):
    doc = Document(io.BytesIO(docx_bytes))
    assert len(doc.inline_shapes) == 1
    doc_pr = doc.inline_shapes[0]._inline.docPr
    assert doc_pr.get("descr") == "Bar chart of recommendations by status: Achieved: 9; Extended: 4"
    assert doc_pr.get("title") == "Recommendations by status"
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as package:
        images = [name for name in package.namelist() if name.startswith("word/media/")]
        assert images == ["word/media/image1.png"]
        assert package.read(images[0]).startswith(b"\x89PNG")


def test_language_is_british_english(docx_bytes):
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as package:
        styles = package.read("word/styles.xml").decode()
    assert '<w:lang w:val="en-GB"' in styles


def test_byte_identical_for_the_same_data(docx_bytes, report):
    assert render_docx(report) == docx_bytes
    assert render_docx(sample_report(issued_on=report.issued_on.replace(day=7))) != docx_bytes


def test_no_exceptions_and_final_report():
    doc = Document(io.BytesIO(render_docx(sample_report(exceptions=(), is_final=True))))
    text = all_text(doc)
    assert "There are no exceptions to delivery to report." in text
    assert len(doc.tables) == 2  # counts and appendix
    numbered = [p.text for p in doc.paragraphs if p.style.name == "List Number"]
    assert numbered[-1].startswith("that Members sign off the review as complete")
    assert doc.core_properties.title.endswith(": Final Report (Post-Scrutiny Monitoring Update)")
