from scrutiny.imports.html import html_to_text, sanitise_html, text_to_html, tidy_lines


def test_scripts_and_styles_are_removed_with_their_content():
    html = "<p>Kept<script>alert('x')</script><style>p{}</style></p>"
    assert sanitise_html(html=html) == "<p>Kept</p>"


def test_event_handlers_and_unknown_tags_are_stripped():
    html = '<p onclick="steal()"><span>Text</span> <img src="x" onerror="y"></p>'
    assert sanitise_html(html=html) == "<p>Text </p>"


def test_only_http_https_and_mailto_links_keep_their_target():
    html = (
        '<a href="javascript:alert(1)">a</a><a href="https://example.gov.uk/">b</a>'
        '<a href="mailto:clerk@example.gov.uk">c</a><a href="data:text/html,x">d</a>'
    )
    cleaned = sanitise_html(html=html)
    assert "javascript" not in cleaned
    assert "data:" not in cleaned
    assert 'href="https://example.gov.uk/"' in cleaned
    assert 'href="mailto:clerk@example.gov.uk"' in cleaned


def test_relative_links_are_resolved_against_the_council_site_or_dropped():
    html = '<a href="mgAi.aspx?ID=5">item</a>'
    assert 'href="https://democracy.example.gov.uk/mgAi.aspx?ID=5"' in sanitise_html(
        html=html, base_url="https://democracy.example.gov.uk/"
    )
    assert "href" not in sanitise_html(html=html)


def test_tables_and_lists_survive():
    html = (
        "<table><tr><th>A</th><td colspan='2'>B</td></tr></table>"
        "<ul><li><strong>x</strong></li></ul>"
    )
    assert sanitise_html(html=html) == (
        '<table><tbody><tr><th>A</th><td colspan="2">B</td></tr></tbody></table>'
        "<ul><li><strong>x</strong></li></ul>"
    )


def test_text_keeps_one_line_per_paragraph_and_numbers_ordered_lists():
    html = "<p>RESOLVED that:</p><ol><li>note it;</li><li>agree it.</li></ol>"
    assert html_to_text(html=html) == "RESOLVED that:\n1. note it;\n2. agree it."


def test_list_items_that_carry_their_own_numbers_are_not_numbered_twice():
    assert html_to_text(html="<ol><li>(a) note it</li></ol>") == "(a) note it"


def test_lettered_and_roman_lists_use_their_labels():
    assert html_to_text(html='<ol type="a"><li>x</li><li>y</li></ol>') == "a. x\nb. y"
    assert html_to_text(html='<ol type="i" start="3"><li>x</li></ol>') == "iii. x"


def test_a_list_start_that_is_no_number_starts_at_one():
    # "²" is a digit to str.isdigit(), but not a number int() reads.
    for start in ("²", "x", "-2", "9" * 5000):
        assert html_to_text(html=f'<ol start="{start}"><li>x</li></ol>') == "1. x"


def test_text_drops_scripts_and_decodes_entities():
    assert html_to_text(html="<p>Fish &amp; chips&nbsp;<script>x()</script></p>") == "Fish & chips"


def test_plain_text_is_escaped_into_paragraphs():
    assert text_to_html(text="a < b\n\nc") == "<p>a &lt; b</p><p>c</p>"


def test_tidy_lines_are_each_line_with_single_spaces_whichever_text_came_before():
    first = "RESOLVED  that:\n\t1. the report\u00a0be noted;\n\n"
    second = "Moved by   Cllr Smith\r\nseconded"
    for _ in range(2):
        assert tidy_lines(first) == ("RESOLVED that:", "1. the report be noted;", "")
        assert tidy_lines(second) == ("Moved by Cllr Smith", "seconded")
