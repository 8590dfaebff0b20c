"""A horizontal bar chart of recommendations by status, as SVG (for HTML and PDF) and
PNG (for DOCX). Both are drawn from the same layout so they look alike, and both carry
every label and count as text, so the colour is never the only way to read them."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from xml.sax.saxutils import escape

from PIL import Image, ImageDraw, ImageFont

from .data import StatusCount

# GOV.UK Design System palette.
RAG_COLOURS = {
    "green": "#00703c",
    "amber": "#f47738",
    "red": "#d4351c",
    "grey": "#505a5f",
    "blue": "#1d70b8",
}
TEXT_COLOUR = "#0b0c0c"
RULE_COLOUR = "#b1b4b6"
CHART_TITLE = "Recommendations by status"

# Layout in CSS pixels; the PNG is drawn at PNG_SCALE times this size.
WIDTH = 640
ROW_HEIGHT = 36
BAR_HEIGHT = 22
PADDING = 12
FONT_SIZE = 15
LABEL_CHAR_WIDTH = 8.2  # generous average advance of a 15px sans-serif character
COUNT_SPACE = 48
PNG_SCALE = 2


def chart_text_alternative(counts: Sequence[StatusCount]) -> str:
    """The chart as text, e.g. "Achieved: 9; Extended: 4"."""
    if not counts:
        return "No recommendations"
    return "; ".join(f"{item.label}: {item.count}" for item in counts)


def chart_title(counts: Sequence[StatusCount]) -> str:
    """The full accessible name: what the chart is, then what it shows."""
    return f"Bar chart of {CHART_TITLE.lower()}: {chart_text_alternative(counts)}"


@dataclass(frozen=True)
class _Bar:
    label: str
    count: str
    colour: str
    y: float  # top of the row
    width: float  # bar length


@dataclass(frozen=True)
class _Layout:
    width: float
    height: float
    bar_x: float
    bars: tuple[_Bar, ...]


def _layout(counts: Sequence[StatusCount]) -> _Layout:
    longest = max((len(item.label) for item in counts), default=0)
    bar_x = PADDING + min(max(longest * LABEL_CHAR_WIDTH, 80), WIDTH * 0.45) + PADDING
    scale_width = WIDTH - bar_x - COUNT_SPACE - PADDING
    top = max((item.count for item in counts), default=0) or 1
    bars = tuple(
        _Bar(
            label=item.label,
            count=str(item.count),
            colour=RAG_COLOURS.get(item.rag, RAG_COLOURS["grey"]),
            y=PADDING + index * ROW_HEIGHT,
            width=scale_width * max(item.count, 0) / top,
        )
        for index, item in enumerate(counts)
    )
    height = PADDING * 2 + max(len(bars), 1) * ROW_HEIGHT
    return _Layout(width=WIDTH, height=height, bar_x=bar_x, bars=bars)


def _n(value: float) -> str:
    """A coordinate with at most one decimal place and no trailing zeros."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def chart_svg(counts: Sequence[StatusCount], *, id_prefix: str = "status-chart") -> str:
    """An accessible standalone SVG with role="img". Its <title>, which names it and is
    also what WeasyPrint uses as the PDF figure's /Alt, holds the full text alternative;
    <desc> repeats the figures alone but is not referenced by aria-describedby, so screen
    readers do not read them twice. ``id_prefix`` keeps the ids unique on a page."""
    layout = _layout(counts)
    title_id, desc_id = f"{id_prefix}-title", f"{id_prefix}-desc"
    text_y = (ROW_HEIGHT + FONT_SIZE * 0.7) / 2  # baseline that centres the text in the row
    bar_y = (ROW_HEIGHT - BAR_HEIGHT) / 2
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{_n(layout.width)}" '
        f'height="{_n(layout.height)}" viewBox="0 0 {_n(layout.width)} {_n(layout.height)}" '
        f'aria-labelledby="{title_id}" class="status-chart">',
        f'<title id="{title_id}">{escape(chart_title(counts))}</title>',
        f'<desc id="{desc_id}">{escape(chart_text_alternative(counts))}</desc>',
        f'<g font-family="Arial, Helvetica, sans-serif" font-size="{FONT_SIZE}" '
        f'fill="{TEXT_COLOUR}" aria-hidden="true">',
        f'<line x1="{_n(layout.bar_x)}" y1="{_n(PADDING / 2)}" x2="{_n(layout.bar_x)}" '
        f'y2="{_n(layout.height - PADDING / 2)}" stroke="{RULE_COLOUR}" stroke-width="1"/>',
    ]
    for bar in layout.bars:
        parts.append(
            f'<text x="{_n(layout.bar_x - PADDING)}" y="{_n(bar.y + text_y)}" '
            f'text-anchor="end">{escape(bar.label)}</text>'
        )
        if bar.width > 0:
            parts.append(
                f'<rect x="{_n(layout.bar_x)}" y="{_n(bar.y + bar_y)}" width="{_n(bar.width)}" '
                f'height="{_n(BAR_HEIGHT)}" fill="{bar.colour}"/>'
            )
        parts.append(
            f'<text x="{_n(layout.bar_x + bar.width + 8)}" y="{_n(bar.y + text_y)}" '
            f'font-weight="bold">{escape(bar.count)}</text>'
        )
    parts.append("</g></svg>")
    return "".join(parts)


@cache
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    # Pillow's bundled scalable font: the same glyphs on every machine, no system fonts.
    return ImageFont.load_default(size=size)


def chart_png(counts: Sequence[StatusCount]) -> bytes:
    """The same chart as a PNG drawn with Pillow (for documents that cannot take SVG).
    The bytes depend only on ``counts``."""
    layout = _layout(counts)
    s = PNG_SCALE
    image = Image.new("RGB", (round(layout.width * s), round(layout.height * s)), "#ffffff")
    draw = ImageDraw.Draw(image)
    font = _font(FONT_SIZE * s)
    draw.line(
        [
            (layout.bar_x * s, PADDING / 2 * s),
            (layout.bar_x * s, (layout.height - PADDING / 2) * s),
        ],
        fill=RULE_COLOUR,
        width=s,
    )
    bar_y = (ROW_HEIGHT - BAR_HEIGHT) / 2
    for bar in layout.bars:
        middle = (bar.y + ROW_HEIGHT / 2) * s
        label = _fit(draw, bar.label, font, (layout.bar_x - 2 * PADDING) * s)
        draw.text(
            ((layout.bar_x - PADDING) * s, middle), label, font=font, fill=TEXT_COLOUR, anchor="rm"
        )
        if bar.width > 0:
            draw.rectangle(
                [
                    (layout.bar_x * s, (bar.y + bar_y) * s),
                    ((layout.bar_x + bar.width) * s - 1, (bar.y + bar_y + BAR_HEIGHT) * s - 1),
                ],
                fill=bar.colour,
            )
        draw.text(
            ((layout.bar_x + bar.width + 8) * s, middle),
            bar.count,
            font=font,
            fill=TEXT_COLOUR,
            anchor="lm",
        )
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False, dpi=(96 * s, 96 * s))
    return out.getvalue()


def _fit(draw: ImageDraw.ImageDraw, text: str, font, width: float) -> str:
    """Shorten a label with an ellipsis if it would run into the bars."""
    if draw.textlength(text, font=font) <= width:
        return text
    while text and draw.textlength(text + "…", font=font) > width:
        text = text[:-1]
    return text.rstrip() + "…"
