"""The page-furniture tags: the bar chart."""

from tests.site.conftest import css, parse, render


def chart(rows, options=""):
    html = render("{% load site_tags %}{% bar_chart rows " + options + " %}", {"rows": rows})
    return parse(html)


def test_bar_chart_writes_every_value_as_text():
    tree = chart(
        [("Implemented", 8, "green"), ("In progress", 4, "amber"), ("Rejected", 0)],
        'caption="Recommendations by status"',
    )
    (figure,) = css(tree, "figure.app-bar-chart")
    assert css(figure, "figcaption")[0].text_content() == "Recommendations by status"
    rows = css(figure, "li.app-bar-chart__row")
    texts = [" ".join(row.text_content().split()) for row in rows]
    assert texts == ["Implemented 8 (67%)", "In progress 4 (33%)", "Rejected 0 (0%)"]
    # The bars are decoration: screen readers get the text alone.
    for row in rows:
        (track,) = css(row, ".app-bar-chart__track")
        assert track.get("aria-hidden") == "true"
        assert track.text_content().strip() == ""


def test_bar_widths_are_classes_scaled_to_the_total():
    tree = chart([("A", 8, "green"), ("B", 4, "purple"), ("C", 0), ("D", 988, "red")])
    bars = [set(b.get("class").split()) for b in css(tree, ".app-bar-chart__bar")]
    assert "app-bar-chart__bar--1" in bars[0]  # 0.8% of 1,000: rounded up to a sliver
    assert "app-bar-chart__bar--green" in bars[0]
    assert bars[1] == {"app-bar-chart__bar", "app-bar-chart__bar--1"}  # unknown colour ignored
    assert "app-bar-chart__bar--0" in bars[2]
    # The largest group fills only its share of the total, not the whole track.
    assert {"app-bar-chart__bar--99", "app-bar-chart__bar--red"} <= bars[3]
    assert not css(tree, "[style]")


def test_bars_together_fill_the_track():
    tree = chart([("On track", 1, "green"), ("Achieved", 2, "blue"), ("Not started", 1, "grey")])
    bars = [set(b.get("class").split()) for b in css(tree, ".app-bar-chart__bar")]
    assert {"app-bar-chart__bar--25", "app-bar-chart__bar--green"} <= bars[0]
    assert {"app-bar-chart__bar--50", "app-bar-chart__bar--blue"} <= bars[1]
    assert {"app-bar-chart__bar--25", "app-bar-chart__bar--grey"} <= bars[2]


def test_bar_chart_options_and_escaping():
    tree = chart([("<b>Late</b>", 3)], 'unit="days" show_percent=False')
    (row,) = css(tree, "li")
    assert " ".join(row.text_content().split()) == "<b>Late</b> 3 days"
    assert not css(tree, "b")


def test_empty_chart():
    tree = chart([])
    assert css(tree, "ul.app-bar-chart__list")
    assert not css(tree, "li")
