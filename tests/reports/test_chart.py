import io
import xml.etree.ElementTree as ET

from PIL import Image

from scrutiny.reports.chart import (
    RAG_COLOURS,
    chart_png,
    chart_svg,
    chart_text_alternative,
    chart_title,
)
from scrutiny.reports.data import StatusCount

SVG = "{http://www.w3.org/2000/svg}"
COUNTS = (StatusCount("Achieved", 9, "green"), StatusCount("Extended", 4, "amber"))


def test_text_alternative():
    assert chart_text_alternative(COUNTS) == "Achieved: 9; Extended: 4"
    assert chart_text_alternative(()) == "No recommendations"
    assert chart_title(COUNTS) == "Bar chart of recommendations by status: Achieved: 9; Extended: 4"


def test_svg_is_accessible_and_well_formed():
    root = ET.fromstring(chart_svg(COUNTS))
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title.text == chart_title(COUNTS)
    assert desc.text == "Achieved: 9; Extended: 4"
    assert root.get("aria-labelledby") == title.get("id")
    assert desc.get("id") == "status-chart-desc"
    texts = [element.text for element in root.iter(f"{SVG}text")]
    assert texts == ["Achieved", "9", "Extended", "4"]
    fills = [rect.get("fill") for rect in root.iter(f"{SVG}rect")]
    assert fills == [RAG_COLOURS["green"], RAG_COLOURS["amber"]]


def test_svg_bars_are_proportional():
    root = ET.fromstring(chart_svg(COUNTS))
    widths = [float(rect.get("width")) for rect in root.iter(f"{SVG}rect")]
    assert abs(widths[1] / widths[0] - 4 / 9) < 0.01


def test_svg_escapes_labels():
    svg = chart_svg((StatusCount("<b>Late & lost</b>", 1, "red"),))
    ET.fromstring(svg)  # still well formed
    assert "<b>" not in svg
    assert "&lt;b&gt;Late &amp; lost&lt;/b&gt;" in svg


def test_svg_handles_zero_and_no_counts():
    ET.fromstring(chart_svg((StatusCount("Not started", 0, "grey"),)))
    ET.fromstring(chart_svg(()))


def test_png_draws_the_bars_in_the_palette():
    image = Image.open(io.BytesIO(chart_png(COUNTS)))
    assert image.format == "PNG"
    assert image.width == 1280
    colours = {colour for _, colour in image.convert("RGB").getcolors(maxcolors=1 << 16)}
    assert (0x00, 0x70, 0x3C) in colours
    assert (0xF4, 0x77, 0x38) in colours


def test_png_is_deterministic():
    assert chart_png(COUNTS) == chart_png(COUNTS)
