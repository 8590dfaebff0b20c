import dataclasses
import html as html_lib
from html.parser import HTMLParser

from scrutiny.reports.render import render_html

from .factories import sample_report
from .helpers import PHRASES, RESOLUTIONS, TITLE


class Outline(HTMLParser):
    """Collects what a screen reader user would navigate by."""

    def __init__(self):
        super().__init__()
        self.lang = None
        self.title = None
        self.headings = []
        self.tables = 0
        self.resolutions = []
        self.in_ol = False
        self._capture = None
        self._text = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        elif tag in {"h1", "h2", "h3", "title", "li"}:
            self._capture, self._text = tag, []
        elif tag == "table":
            self.tables += 1
        elif tag == "ol":
            self.in_ol = True

    def handle_endtag(self, tag):
        if tag == "ol":
            self.in_ol = False
        if tag == self._capture:
            text = " ".join("".join(self._text).split())
            if tag.startswith("h"):
                self.headings.append((tag, text))
            elif tag == "li" and self.in_ol:
                self.resolutions.append(text)
            elif tag == "title" and self.title is None:  # not the chart's SVG <title>
                self.title = text
            self._capture = None

    def handle_data(self, data):
        if self._capture:
            self._text.append(data)


def outline(page: str) -> Outline:
    parser = Outline()
    parser.feed(page)
    return parser


def test_standalone_accessible_document(html):
    assert html.startswith("<!DOCTYPE html>")
    page = outline(html)
    assert page.lang == "en-GB"
    assert page.title == TITLE
    assert page.headings[0] == ("h1", TITLE)
    assert [text for level, text in page.headings if level == "h2"] == [
        "Summary of progress",
        "Background",
        "Exceptions to delivery",
        "Recommendations for the committee",
        "Appendix: all recommendations and latest updates",
    ]
    assert ("h3", "Members' concerns") in page.headings
    assert page.tables == 3  # counts, exceptions, appendix
    assert "<style>" in html
    assert "<link" not in html and "<script" not in html


def test_contains_the_report_text(html):
    text = html_lib.unescape(html)
    for phrase in PHRASES:
        assert phrase in text


def test_resolutions_are_an_ordered_list(html):
    assert outline(html).resolutions == list(RESOLUTIONS)


def test_counts_table_and_chart_text_alternative(html):
    assert "<caption>Recommendations by status</caption>" in html
    assert '<th scope="col">Status</th>' in html
    assert '<td class="num">9</td>' in html
    assert '<td class="num">13</td>' in html
    assert '<svg xmlns="http://www.w3.org/2000/svg" role="img"' in html
    assert '<desc id="status-chart-desc">Achieved: 9; Extended: 4</desc>' in html
    assert "Bar chart of recommendations by status: Achieved: 9; Extended: 4" in html


def test_exceptions_show_owner_dates_reason_and_update(html, report):
    text = html_lib.unescape(html)
    exceptions = text.split('id="exceptions-heading"')[1].split('id="resolutions-heading"')[0]
    for row in report.exceptions:
        assert row.text in exceptions
        assert row.owner in exceptions
        assert row.exception_reason in exceptions
        assert row.latest_update in exceptions
    assert "31 March 2024" in exceptions
    assert "31 March 2025" in exceptions
    assert "Updated 2 September 2024" in exceptions


def test_appendix_lists_every_recommendation(html, report):
    text = html_lib.unescape(html)
    appendix = text.split('id="appendix-heading"')[1]
    for row in report.recommendations:
        assert row.text in appendix
    assert appendix.count("Completed behind schedule") == 2


def test_dates_are_written_out(html):
    assert "16 September 2024" in html
    assert "2024-09-16" not in html  # only the issue date appears in ISO form, in <meta>


def test_user_text_is_escaped():
    report = sample_report()
    hostile = dataclasses.replace(
        report.recommendations[0],
        text='<script>alert("x")</script> & more',
        owner="<b>Owner</b>",
    )
    data = sample_report(
        review_title="Review of <i>things</i>",
        recommendations=(hostile, *report.recommendations[1:]),
        exceptions=(dataclasses.replace(hostile, is_exception=True),),
    )
    page = render_html(data)
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more" in page
    assert "<b>Owner</b>" not in page
    assert "<i>things</i>" not in page


def test_no_exceptions_and_final_report():
    page = html_lib.unescape(render_html(sample_report(exceptions=(), is_final=True)))
    assert "There are no exceptions to delivery to report." in page
    assert 'class="exceptions"' not in page
    assert "Final Report (Post-Scrutiny Monitoring Update)" in page
    assert "that Members sign off the review as complete" in page


def test_deterministic(html, report):
    assert render_html(report) == html
