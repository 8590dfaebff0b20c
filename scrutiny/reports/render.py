"""Render a :class:`MonitoringReportData` as a standalone HTML page, a Word document and
a tagged PDF.

The HTML is rendered with a standalone Django template ``Engine`` pointed at this
package's ``templates`` folder, so the package needs no entry in ``INSTALLED_APPS`` and
no Django settings. The three renderers share one view of the data (``_view``) so the
formats always say the same thing. Output depends only on the data: the documents'
creation dates are taken from ``data.issued_on``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.template import Context, Engine
from django.utils.safestring import mark_safe

from . import wording
from .chart import CHART_TITLE, chart_png, chart_svg, chart_text_alternative, chart_title
from .data import MonitoringReportData, RecommendationRow
from .docx_writer import write_docx

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
HTML_TEMPLATE = "reports/monitoring_report.html"
LANGUAGE = "en-GB"

_engine = Engine(dirs=[str(TEMPLATE_DIR)], autoescape=True, debug=False)


@dataclass(frozen=True)
class _Row:
    """A recommendation with every value already written out as text."""

    number: str
    reference: str
    text: str
    owner: str
    directorate: str
    original_target: str
    current_target: str
    status: str
    status_note: str
    rag: str
    reason: str
    latest_update: str
    latest_update_on: str


def _row(rec: RecommendationRow) -> _Row:
    reference = rec.reference.strip()
    return _Row(
        number=str(rec.number),
        reference="" if reference == str(rec.number) else reference,
        text=rec.text,
        owner=rec.owner or "Not assigned",
        directorate=rec.directorate,
        original_target=wording.format_date(rec.original_target),
        current_target=wording.format_date(rec.current_target),
        status=rec.status,
        status_note="Completed behind schedule" if rec.achieved_late else "",
        rag=rec.rag,
        reason=rec.exception_reason or "No reason given",
        latest_update=rec.latest_update or "No update recorded",
        latest_update_on=wording.format_date(rec.latest_update_on, missing=""),
    )


def _view(data: MonitoringReportData) -> dict:
    """Everything the templates and the DOCX writer need, as plain text."""
    meta = [("Report to", data.committee_name)]
    if data.meeting_date:
        meta.append(("Date of meeting", wording.format_date(data.meeting_date)))
    if data.author:
        meta.append(("Report of", data.author))
    meta.append(("Date of report", wording.format_date(data.issued_on)))
    footer = f"{data.council_name}. Report issued {wording.format_date(data.issued_on)}"
    footer += f" by {data.author}." if data.author else "."
    return {
        "title": wording.report_title(data),
        "report_kind": wording.report_kind(sequence=data.sequence, is_final=data.is_final),
        "council_name": data.council_name,
        "committee_name": data.committee_name,
        "author": data.author,
        "issued_iso": data.issued_on.isoformat(),
        "meta": meta,
        "purpose": wording.purpose_sentence(data),
        "summary_sentence": data.summary_sentence,
        "counts": [{"label": c.label, "count": str(c.count), "rag": c.rag} for c in data.counts],
        "total": str(data.total),
        "chart_caption": CHART_TITLE,
        "chart_alt": chart_text_alternative(data.counts),
        "chart_long_alt": chart_title(data.counts),
        "background": [
            {"label": line.label or wording.format_date(line.date, missing=""), "text": line.text}
            for line in data.background
        ],
        "concerns": list(data.concerns),
        "exceptions_intro": wording.exceptions_intro(len(data.exceptions)),
        "exceptions": [_row(rec) for rec in data.exceptions],
        "exceptions_caption": "Recommendations not delivered by their original target date",
        "appendix_caption": (
            f"All {data.total} recommendations, their targets, status and latest update"
        ),
        "resolutions_intro": wording.recommendations_intro(data.committee_name),
        "resolutions": list(wording.data_resolutions(data)),
        "appendix": [_row(rec) for rec in data.recommendations],
        "footer": footer,
        "draft_mark": wording.DRAFT_MARK if data.is_draft else "",
        "draft_notice": wording.DRAFT_NOTICE if data.is_draft else "",
    }


# HTML ---------------------------------------------------------------------------------


def render_html(data: MonitoringReportData) -> str:
    """A complete, standalone, accessible HTML document (lang en-GB, styles inline)."""
    view = _view(data)
    # chart_svg escapes every piece of text it draws, so it is safe to insert as markup.
    view["chart_svg"] = mark_safe(chart_svg(data.counts))
    context = Context(view, autoescape=True, use_l10n=False, use_tz=False)
    return _engine.get_template(HTML_TEMPLATE).render(context)


# PDF ----------------------------------------------------------------------------------


def render_pdf(data: MonitoringReportData) -> bytes:
    """A tagged PDF/UA-1 document made from :func:`render_html`, with the title, author
    and language in its metadata, bookmarks from the headings and the chart's text
    alternative as the figure's /Alt."""
    from weasyprint import HTML  # imported here: it is slow to import and needs Pango

    html = render_html(data)
    return HTML(string=html, base_url=str(TEMPLATE_DIR)).write_pdf(
        pdf_variant="pdf/ua-1",
        pdf_tags=True,
        pdf_identifier=True,  # a hash of the content, so the same data gives the same file
        uncompressed_pdf=False,
    )


# DOCX ---------------------------------------------------------------------------------


def render_docx(data: MonitoringReportData) -> bytes:
    """A Word document with real heading styles, header rows on every table, the chart as
    a picture with alternative text and the draft resolutions as a numbered list."""
    return write_docx(data, _view(data), chart_png(data.counts))
