"""A draft report says DRAFT on every page of every format; an issued report never does."""

import dataclasses
import io

import docx
import pytest
from lxml import html as lxml_html
from pypdf import PdfReader

from scrutiny.reports.render import render_docx, render_html, render_pdf

from .factories import large_report, sample_report


@pytest.fixture(scope="module")
def draft():
    # Large enough to run over several portrait pages and the landscape appendix.
    return dataclasses.replace(large_report(), is_draft=True)


@pytest.fixture(scope="module")
def issued():
    return large_report()


@pytest.fixture(scope="module")
def draft_pdf(draft):
    return PdfReader(io.BytesIO(render_pdf(draft)))


@pytest.fixture(scope="module")
def issued_pdf(issued):
    return PdfReader(io.BytesIO(render_pdf(issued)))


def test_the_draft_pdf_says_draft_on_every_page(draft_pdf):
    assert len(draft_pdf.pages) > 2
    assert [("DRAFT" in page.extract_text()) for page in draft_pdf.pages] == [True] * len(
        draft_pdf.pages
    )


def test_the_draft_pdf_stays_tagged(draft_pdf):
    catalog = draft_pdf.trailer["/Root"]
    assert "/StructTreeRoot" in catalog
    assert catalog["/MarkInfo"]["/Marked"]


def test_an_issued_pdf_carries_no_draft_mark(issued_pdf):
    assert not any("DRAFT" in page.extract_text() for page in issued_pdf.pages)


def test_the_draft_html_opens_with_a_draft_banner(draft):
    page = lxml_html.fromstring(render_html(draft))
    banner = page.xpath('//body/*[1][@class="draft-banner"]')
    assert banner, "the banner is the first thing in the body"
    assert banner[0].get("role") == "note"
    assert banner[0].xpath(".//strong")[0].text_content() == "DRAFT"
    assert "has not been issued" in banner[0].text_content()
    # Printed, every page carries it too.
    assert '@top-center { content: "DRAFT"' in page.xpath("//style")[0].text_content()


def test_an_issued_html_report_has_no_banner():
    text = render_html(sample_report())
    assert "DRAFT" not in text
    assert "draft-banner" not in lxml_html.fromstring(text).xpath("//body//@class")


def test_every_section_of_a_draft_word_document_has_draft_in_its_header(draft):
    document = docx.Document(io.BytesIO(render_docx(draft)))
    assert len(document.sections) == 2  # the portrait report and the landscape appendix
    for section in document.sections:
        assert not section.header.is_linked_to_previous
        assert [p.text for p in section.header.paragraphs] == ["DRAFT"]
    assert document.paragraphs[0].text.startswith("DRAFT: This report has not been issued.")


def test_an_issued_word_document_has_no_draft_mark(issued):
    document = docx.Document(io.BytesIO(render_docx(issued)))
    headers = [p.text for s in document.sections for p in s.header.paragraphs]
    assert "DRAFT" not in " ".join(headers)
    assert not any("DRAFT" in p.text for p in document.paragraphs)
