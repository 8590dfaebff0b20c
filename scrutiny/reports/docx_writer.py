"""The Word half of :func:`scrutiny.reports.render.render_docx`.

Built with python-docx on its default template, adjusted to look like a council report:
Arial, black headings using Word's real Heading styles, A4 pages, tables whose header
rows repeat on every page, the chart as a picture with alternative text, and page
numbers in the footer. The zip is rewritten with fixed timestamps so that the same data
always gives the same bytes.
"""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime
from typing import Any

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph

from .data import MonitoringReportData

FONT = "Arial"
TEXT = RGBColor(0x0B, 0x0C, 0x0C)
SECONDARY = RGBColor(0x50, 0x5A, 0x5F)
HEADER_FILL = "F3F2F1"
DRAFT_COLOUR = RGBColor(0xD4, 0x35, 0x1C)
LANGUAGE = "en-GB"
TABLE_TEXT, TABLE_HEADING, TABLE_NOTE = "Table Text", "Table Heading", "Table Note"
PORTRAIT_TEXT_WIDTH = Cm(17)
LANDSCAPE_TEXT_WIDTH = Cm(25.7)


def write_docx(data: MonitoringReportData, view: dict[str, Any], chart: bytes) -> bytes:
    """Write the report described by ``view`` (see ``render._view``) as DOCX bytes."""
    doc = Document()
    _set_up_styles(doc)
    _set_core_properties(doc, data, view)
    section = doc.sections[0]
    _page(section, landscape=False)
    _footer(section, view["council_name"], PORTRAIT_TEXT_WIDTH)
    _draft_header(section, view)
    if view["draft_mark"]:
        notice = doc.add_paragraph()
        notice.add_run(f"{view['draft_mark']}: ").bold = True
        notice.add_run(view["draft_notice"])

    masthead = doc.add_paragraph()
    run = masthead.add_run(view["council_name"])
    run.bold = True
    run.font.size = Pt(13)
    masthead.add_run(f"\t{view['report_kind']}").font.color.rgb = SECONDARY
    masthead.paragraph_format.tab_stops.add_tab_stop(PORTRAIT_TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT)

    doc.add_heading(view["title"], level=1)
    for term, value in view["meta"]:
        line = doc.add_paragraph()
        line.paragraph_format.space_after = Pt(2)
        line.add_run(f"{term}: ").bold = True
        line.add_run(value)
    doc.add_paragraph(view["purpose"]).paragraph_format.space_before = Pt(10)

    doc.add_heading("Summary of progress", level=2)
    summary = doc.add_paragraph()
    summary.add_run(view["summary_sentence"]).bold = True
    counts = _table(
        doc,
        ["Status", "Number"],
        [[row["label"], row["count"]] for row in view["counts"]] + [["Total", view["total"]]],
        widths=[Cm(6), Cm(3)],
        caption="Recommendations by status",
        numeric_columns={1},
    )
    for cell in counts.rows[-1].cells:
        for paragraph in cell.paragraphs:
            for run in paragraph.runs:
                run.bold = True
    doc.add_paragraph()
    doc.add_picture(io.BytesIO(chart), width=Cm(15))
    picture = doc.inline_shapes[-1]
    picture._inline.docPr.set("descr", view["chart_long_alt"])
    picture._inline.docPr.set("title", view["chart_caption"])
    doc.add_paragraph(f"Figure 1: {view['chart_caption']}. {view['chart_alt']}.", style="Caption")

    doc.add_heading("Background", level=2)
    if view["background"]:
        for line in view["background"]:
            item = doc.add_paragraph(style="List Bullet")
            if line["label"]:
                item.add_run(f"{line['label']}: ").bold = True
            item.add_run(line["text"])
    else:
        doc.add_paragraph("No background has been recorded for this review.")
    if view["concerns"]:
        doc.add_heading("Members' concerns", level=3)
        doc.add_paragraph("Members had remained concerned about:")
        for concern in view["concerns"]:
            doc.add_paragraph(concern, style="List Bullet")

    doc.add_heading("Exceptions to delivery", level=2)
    doc.add_paragraph(view["exceptions_intro"])
    if view["exceptions"]:
        _table(
            doc,
            [
                "No.",
                "Recommendation",
                "Owner",
                "Original target",
                "Current target",
                "Reason for exception",
                "Latest update",
            ],
            [
                [
                    (row.number, row.reference),
                    row.text,
                    (row.owner, row.directorate),
                    row.original_target,
                    row.current_target,
                    row.reason,
                    (row.latest_update, _updated(row.latest_update_on)),
                ]
                for row in view["exceptions"]
            ],
            widths=[Cm(1.1), Cm(4.3), Cm(2.4), Cm(2), Cm(2), Cm(2.6), Cm(2.6)],
            caption=view["exceptions_caption"],
        )

    doc.add_heading("Recommendations for the committee", level=2)
    doc.add_paragraph(view["resolutions_intro"])
    for resolution in view["resolutions"]:
        doc.add_paragraph(resolution, style="List Number")

    appendix = doc.add_section(WD_SECTION.NEW_PAGE)
    _page(appendix, landscape=True)
    appendix.footer.is_linked_to_previous = False
    _footer(appendix, view["council_name"], LANDSCAPE_TEXT_WIDTH)
    _draft_header(appendix, view)
    doc.add_heading("Appendix: all recommendations and latest updates", level=2)
    _table(
        doc,
        [
            "No.",
            "Recommendation",
            "Owner",
            "Original target",
            "Current target",
            "Status",
            "Latest update",
        ],
        [
            [
                (row.number, row.reference),
                row.text,
                (row.owner, row.directorate),
                row.original_target,
                row.current_target,
                (row.status, row.status_note),
                (row.latest_update, _updated(row.latest_update_on)),
            ]
            for row in view["appendix"]
        ],
        widths=[Cm(1.2), Cm(8.3), Cm(3.4), Cm(2.5), Cm(2.5), Cm(2.8), Cm(5)],
        caption=view["appendix_caption"],
    )
    closing = doc.add_paragraph(view["footer"])
    closing.paragraph_format.space_before = Pt(12)
    for run in closing.runs:
        run.font.color.rgb = SECONDARY

    out = io.BytesIO()
    doc.save(out)
    return normalise_zip(out.getvalue(), data.issued_on)


def normalise_zip(blob: bytes, when: date) -> bytes:
    """Rewrite a zip with the same timestamp and attributes on every member, so that the
    archive depends only on its contents."""
    stamp = (max(when.year, 1980), when.month, when.day, 0, 0, 0)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(blob)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=stamp)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            target.writestr(member, source.read(info.filename))
    return out.getvalue()


# Helpers ------------------------------------------------------------------------------


def _updated(on: str) -> str:
    return f"Updated {on}" if on else ""


def _set_up_styles(doc: DocxDocument) -> None:
    styles = doc.styles
    normal = styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(11)
    normal.font.color.rgb = TEXT
    _plain_fonts(normal)
    normal.paragraph_format.space_after = Pt(6)
    for name, size in (("Heading 1", 20), ("Heading 2", 15), ("Heading 3", 12)):
        style = styles[name]
        style.font.name = FONT
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.italic = False
        style.font.color.rgb = TEXT
        _plain_fonts(style)
        style.paragraph_format.space_before = Pt(18 if name != "Heading 3" else 12)
        style.paragraph_format.space_after = Pt(6)
        style.paragraph_format.keep_with_next = True
    # Table text is styled by paragraph style, not run by run: smaller files, faster.
    table_text = styles.add_style(TABLE_TEXT, WD_STYLE_TYPE.PARAGRAPH)
    table_text.base_style = normal
    table_text.font.size = Pt(9)
    table_text.paragraph_format.space_after = Pt(2)
    table_heading = styles.add_style(TABLE_HEADING, WD_STYLE_TYPE.PARAGRAPH)
    table_heading.base_style = table_text
    table_heading.font.bold = True
    table_note = styles.add_style(TABLE_NOTE, WD_STYLE_TYPE.PARAGRAPH)
    table_note.base_style = table_text
    table_note.font.size = Pt(8)
    table_note.font.color.rgb = SECONDARY
    footer = styles["Footer"]
    footer.paragraph_format.tab_stops.clear_all()  # the template's centre tab
    footer.font.size = Pt(8)
    footer.font.color.rgb = SECONDARY
    for name in ("List Bullet", "List Number", "Caption", "Table Grid", "Footer"):
        style = styles[name]
        style.font.name = FONT
        _plain_fonts(style)
    caption = styles["Caption"]
    caption.font.size = Pt(9)
    caption.font.bold = False
    caption.font.color.rgb = SECONDARY
    # The document's language, for spelling and for screen readers.
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), LANGUAGE)
    lang.set(qn("w:eastAsia"), LANGUAGE)


def _plain_fonts(style) -> None:
    """Drop theme font references, which would otherwise win over the named font."""
    rfonts = style.element.rPr.rFonts if style.element.rPr is not None else None
    if rfonts is None:
        return
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(attribute), None)
    rfonts.set(qn("w:cs"), FONT)


def _set_core_properties(doc: DocxDocument, data: MonitoringReportData, view: dict) -> None:
    issued = datetime(data.issued_on.year, data.issued_on.month, data.issued_on.day)
    props = doc.core_properties
    props.title = view["title"]
    props.subject = data.review_title
    props.author = data.author
    props.last_modified_by = data.author
    props.category = "Post-scrutiny monitoring report"
    props.comments = data.summary_sentence
    props.keywords = "scrutiny, monitoring, recommendations"
    props.language = LANGUAGE
    props.created = issued
    props.modified = issued
    props.last_printed = issued
    props.revision = 1


def _page(section, *, landscape: bool) -> None:
    short, long = Mm(210), Mm(297)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (long, short) if landscape else (short, long)
    section.left_margin = section.right_margin = Cm(2)
    section.top_margin = section.bottom_margin = Cm(1.8)


def _footer(section, council_name: str, width) -> None:
    paragraph = section.footer.paragraphs[0]
    paragraph.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)
    paragraph.add_run(council_name)
    paragraph.add_run("\tPage ")
    _field(paragraph, "PAGE", "1")
    paragraph.add_run(" of ")
    _field(paragraph, "NUMPAGES", "1")


def _draft_header(section, view: dict) -> None:
    """A draft says DRAFT at the top of every page: each section's own header carries
    it (not linked to the previous section's, so no section can lose it)."""
    if not view["draft_mark"]:
        return
    section.header.is_linked_to_previous = False
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(view["draft_mark"])
    run.bold = True
    run.font.size = Pt(16)
    run.font.color.rgb = DRAFT_COLOUR


def _field(paragraph: Paragraph, instruction: str, placeholder: str) -> None:
    """A simple field (page number, page count) whose shown text Word updates."""
    run = paragraph.add_run(placeholder)
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run._r.addprevious(field)
    field.append(run._r)


def _table(
    doc: DocxDocument,
    headers: list[str],
    rows: list[list[str | tuple[str, str]]],
    *,
    widths: list,
    caption: str,
    numeric_columns: frozenset[int] | set[int] = frozenset(),
) -> Table:
    """A table with a repeating header row; the first column is bold (row headers).
    A cell value may be a (main, note) pair: the note goes underneath, smaller."""
    styles = doc.styles
    text, heading, note = (
        styles[name].style_id for name in (TABLE_TEXT, TABLE_HEADING, TABLE_NOTE)
    )
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    header = table.rows[0]
    _row_properties(header, repeat=True)
    for index, cell in enumerate(header.cells):
        _fill(cell, headers[index], heading, note, right=index in numeric_columns)
        _shade(cell, HEADER_FILL)
        cell.width = widths[index]
    for values in rows:
        row = table.add_row()
        _row_properties(row, repeat=False)
        for index, cell in enumerate(row.cells):
            style = heading if index == 0 else text
            _fill(cell, values[index], style, note, right=index in numeric_columns)
            cell.width = widths[index]
    # Word's "alt text" for tables.
    tbl_pr = table._tbl.tblPr
    for tag in ("w:tblCaption", "w:tblDescription"):
        element = OxmlElement(tag)
        element.set(qn("w:val"), caption)
        tbl_pr.append(element)
    return table


def _row_properties(row, *, repeat: bool) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))
    if repeat:
        tr_pr.append(OxmlElement("w:tblHeader"))


def _fill(cell, value: str | tuple[str, str], style_id, note_style_id, *, right: bool) -> None:
    main, note = value if isinstance(value, tuple) else (value, "")
    paragraph = cell.paragraphs[0]
    # Set the style id directly: python-docx's style setter searches every style by name.
    paragraph._p.get_or_add_pPr().style = style_id
    if right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    paragraph.add_run(main)
    if note:
        extra = cell.add_paragraph(note)
        extra._p.get_or_add_pPr().style = note_style_id


def _shade(cell, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)
