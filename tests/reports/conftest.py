import pytest

from scrutiny.reports.render import render_docx, render_html, render_pdf

from .factories import sample_report


@pytest.fixture(scope="session")
def report():
    return sample_report()


@pytest.fixture(scope="session")
def html(report):
    return render_html(report)


@pytest.fixture(scope="session")
def docx_bytes(report):
    return render_docx(report)


@pytest.fixture(scope="session")
def pdf_bytes(report):
    return render_pdf(report)
