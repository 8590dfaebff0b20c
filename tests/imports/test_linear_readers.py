"""The readers read each part of a page once, and say exactly what the plain, slower
reading says: the owner of a commitment is the role named last before it, a pointer takes
the question raised last before it, and HTML reads as the standard library's parser reads
it. How fast they are is measured by benchmarks/minutes_page.py, not here."""

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from scrutiny.imports import actions, deadlines, resolutions
from scrutiny.imports.actions import parse_actions
from scrutiny.imports.deadlines import find_deadline
from scrutiny.imports.html import _SPACES, _TextParser, html_to_text, sanitise_html
from scrutiny.imports.records import ImportedAction

PROFILE = settings(max_examples=300, deadline=None)


def plainly_read_actions(text: str) -> list[ImportedAction]:
    """Commitments read the plain way: every role before each one, every earlier sentence
    for its question (work that grows with the square of a paragraph's length). The
    structural form reads a bounded stretch around each undertaking, so it is the
    reader's own (``actions._by_structure``)."""
    found = []
    for paragraph in (" ".join(line.split()) for line in text.splitlines()):
        explicit = actions._EXPLICIT.match(paragraph)
        if explicit:
            found.append(actions._explicit(explicit.group("rest")))
            continue
        sentences = actions._SENTENCE.split(paragraph)
        for position, sentence in enumerate(sentences):
            if sentence.rstrip().endswith("?"):
                continue
            in_sentence, taken = [], []
            for commitment in actions._COMMITMENT.finditer(sentence):
                roles = list(actions._ROLE.finditer(sentence[: commitment.start()]))
                if not roles or actions._hedged(sentence, roles[-1].start()):
                    continue
                owner = actions._ARTICLE.sub("", roles[-1].group(0).strip())
                owner = "Officers" if owner.lower() == "officers" else owner
                verb = re.sub(r"\s+", " ", commitment.group("verb")).lower()
                obj = re.sub(r"\s+", " ", commitment.group("object")).strip(" ,")
                text_ = f"{verb} {obj}".strip()
                if actions._POINTER.match(obj) or not obj:
                    for earlier in reversed(sentences[:position]):
                        raised = actions._RAISED.search(earlier)
                        if raised:
                            text_ = f"{verb} the point raised: {raised.group('topic').strip()}"
                            break
                deadline = find_deadline(commitment.group("object"))
                action = ImportedAction(
                    text=text_[:1].upper() + text_[1:], owner=owner, deadline=deadline
                )
                in_sentence.append((commitment.start(), action))
                taken.append(commitment.span())
            in_sentence += actions._by_structure(sentence, taken=taken, meeting_date=None)
            found += [action for _, action in sorted(in_sentence, key=lambda pair: pair[0])]
    return found


_WORDS = st.sampled_from(
    [
        "The Director of ICT",
        "the Head of Finance and Resources",
        "Councillor Will Smith",
        "Cllr. Jones",
        "Cllr.",
        "officers",
        "A Member raised the budget",
        "asked whether bins could be collected",
        "would investigate this point",
        "will",
        "would look into it",
        "agreed to circulate the figures",
        "promised to",
        "confirm",
        "Will",
        "Officer",
        "report back",
        ";",
        ".",
        ". ",
        ", ",
        " ",
        "\n",
        "ACTION: send it (Clerk)",
        "4.5",
        "within a fortnight",
        "by the next meeting",
        "to contact",
        "whether",
        "?",
    ]
)
_MINUTES = st.lists(_WORDS, max_size=30).map(" ".join)


@PROFILE
@given(_MINUTES)
def test_actions_read_once_say_what_the_plain_reading_says(text):
    assert parse_actions(text=text) == plainly_read_actions(text)


# Every role word as minutes write it, and what may stand around one.
_ROLE_TEXTS = st.sampled_from(
    [
        *(re.sub(r"\\s\+", " ", word) for word in actions._ROLE_WORDS[:-3]),
        *("Head of Finance", "Head of Legal & Democratic Services", "Chief Executive"),
        *("Officers", "officers", "Councillor Smith", "Cllr. Jones", "Cllr", "the", "Deputy"),
        *("for Housing", "of ICT", "-", "\u2019", "&", "x", "would provide the figures", "."),
        *("to circulate it by 1 March", "will", "agreed to check", "within a fortnight", ";"),
    ]
)


@PROFILE
@given(st.lists(_ROLE_TEXTS, max_size=20), st.sampled_from(["", " ", "\n"]))
def test_text_where_no_owner_word_is_found_names_no_role(parts, joint):
    text = joint.join(parts)
    if actions._OWNER_WORD.search(text) is None:
        assert actions._ROLE.search(text) is None
        # Nor in any stretch the reader searches for one: each ends after a separator or
        # where an undertaking starts, so never just after a letter.
        ends = [end for end in range(len(text)) if not re.match(r"\w", text[end - 1 : end])]
        assert all(actions._ROLE.search(text, 0, end) is None for end in ends)
    assert parse_actions(text=text) == plainly_read_actions(text)


def test_a_pointer_takes_the_question_raised_many_sentences_before():
    text = "A Member asked about the budget. " + "Members noted it. " * 50
    text += "The Director of ICT would investigate this point; officers would look into it."
    assert parse_actions(text=text) == [
        ImportedAction(text="Investigate the point raised: the budget", owner="Director of ICT"),
        ImportedAction(text="Look into the point raised: the budget", owner="Officers"),
    ]


def test_each_commitment_in_a_sentence_takes_the_role_named_last_before_it():
    text = (
        "The Director of ICT would send the plan; the Head of Finance would confirm the cost; "
        "and would share it with members."
    )
    assert [action.owner for action in parse_actions(text=text)] == [
        "Director of ICT",
        "Head of Finance",
        "Head of Finance",
    ]


def plainly_read_html(html: str) -> str:
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    return parser.text()


def _joined(pieces: list[str], *, max_size: int, joint: str = "") -> st.SearchStrategy[str]:
    """Text made of up to ``max_size`` of ``pieces``, joined by ``joint``."""
    return st.lists(st.sampled_from(pieces), max_size=max_size).map(joint.join)


_HTML = _joined(
    [
        *("<p>", "</p>", "<ol>", "<li>", "<", "<?", "</", "<!", "<!--", ">", "-->", "&amp;"),
        *("&", "Meeting", " ", "1 < 2", "\n", "<br/>", "<script>", "</script>", "a<b"),
    ],
    max_size=30,
)


@PROFILE
@given(_HTML)
def test_html_reads_as_the_standard_parser_reads_it(html):
    assert html_to_text(html=html) == plainly_read_html(html)


def test_text_after_the_last_tag_keeps_its_angle_brackets():
    assert html_to_text(html="<p>Meeting</p>a <? b < c &amp; d") == "Meeting\na <? b < c & d"


# Tags as councils' word processors and the sanitiser write them, and near misses: every
# one the one-pass reader takes must read exactly as the standard parser reads it.
_TAGS = st.sampled_from(
    [
        *("<p>", "</p>", "<P>", "</P >", "<p class='x'>", '<p\nid="a&amp;b">', "<p/>", "<ol/>"),
        *('<ol type="a">', "<ol TYPE='I' start='3'>", '<ol start="">', '<ol start="²">', "</ol>"),
        *('<ol start="4" reversed>', "<ul>", "</ul>", "<li>", "</li>", "<LI>", "<br>", "<br />"),
        *("<table>", "<tr>", '<td colspan="2">', "</td>", "<th>", "</tr>", "<div>", "</div>"),
        *("<strong>", "</strong>", '<a href="https://x.example/?a=1&amp;b=2">', "</a>", "<em>"),
        *("<style>", "</style>", "<script>", "</script>", "<noscript>", "</noscript>"),
        *("<p class=x>", "</p class='x'>", "</p/>", "<p <", "< p>", "<1>", "<!-- c -->", "<?x?>"),
        *("<ol type='a'start='2'>", '<li value="3">', "<h2>", "</h2>", "<hr/>", "<span>"),
        *('<ol type="&#97;">', "<ol start='&#50;'>", '<OL Start = "5" >'),
    ]
)
_TEXTS = st.sampled_from(
    [
        *("RESOLVED that:", "(a) note it", "1. agree it", "i) x", " ", "\n", "\t", "\xa0"),
        *("&amp;", "&nbsp;", "&lt;", "&gt;", "&#39;", "&copy", "&", "a & b", "x &amp"),
        *("Meeting", "1 < 2", ">", "Councillor O\u2019Brien", "&quot;quoted&quot;"),
    ]
)
_RICH_HTML = st.lists(st.one_of(_TAGS, _TEXTS), max_size=40).map("".join)


@PROFILE
@given(_RICH_HTML)
def test_html_with_attributes_and_entities_reads_as_the_standard_parser_reads_it(html):
    assert html_to_text(html=html) == plainly_read_html(html)


@PROFILE
@given(_RICH_HTML)
def test_sanitised_html_is_read_in_one_pass_as_the_standard_parser_reads_it(html):
    clean = sanitise_html(html=html)
    assert _TextParser().read_plain(clean)
    assert html_to_text(html=clean) == plainly_read_html(clean)


def test_list_attributes_read_in_one_pass_as_the_standard_parser_reads_them():
    for html in (
        "<ol type=\"&#97;\" start='&#50;'><li>x</li><li>y</li></ol>",
        "<OL Start = '5' TYPE=\"I\"><LI>x</LI></OL><ol start><li>z</li></ol>",
        '<ol start="3"><li>(c) own label</li><li> </li><li>next</li></ol><br/>after',
    ):
        assert _TextParser().read_plain(html)
        assert html_to_text(html=html) == plainly_read_html(html)


def test_what_the_one_pass_reader_leaves_to_the_standard_parser():
    for html in ("a < b", "<p>x<!-- c --></p>", "<script>1 < 2</script>", "<p class=x>y</p>"):
        assert not _TextParser().read_plain(html)
        assert html_to_text(html=html) == plainly_read_html(html)


_SPACED = _joined(
    [" ", "  ", "\t", "\r", "\xa0", "\u2000", "\u200b", "\u3000", "\n", "a", "b"], max_size=15
)


@PROFILE
@given(_SPACED)
def test_spaces_are_tidied_as_every_run_written_as_one_space(text):
    every_run = re.compile(r"[ \t\r\f\v\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
    assert _SPACES.sub(" ", text) == every_run.sub(" ", text)


_PARTS = _joined(
    ["that", "That", " ", "\t", "\n", ";", ",", ".", "and", "or", "AND", "x"],
    max_size=15,
    joint=" ",
)


@PROFILE
@given(st.one_of(_PARTS, _PARTS.map(lambda text: text.replace(" ", ""))))
def test_a_part_is_cleaned_as_the_plain_substitutions_clean_it(text):
    plain = re.sub(r"\s+", " ", text).strip()
    plain = resolutions._LEADING_THAT.sub("", plain)
    plain = resolutions._TRAILING_JOIN.sub("", plain).strip().rstrip(";,.").strip()
    assert resolutions._clean_part(text) == plain[:1].upper() + plain[1:]


_DEADLINE_TEXTS = _joined(
    [
        *("within", "WITHIN", "In", "ın", "by", "BY", "before", "ahead of", "in time for"),
        *("for", "At", "to", "no later than", "Not later than", "on or before", "the"),
        *("next", "following", "meeting", "a", "one", "fortnight", "two", "14", "working"),
        *("days", "weeks", "Months", "1st", "March", "ſept", "01/03/2025", "end", "of"),
        *("financial year", "Friday", "raised", "aſked", "Queried", "whether", "x", "-", "."),
    ],
    max_size=12,
    joint=" ",
)


@PROFILE
@given(_DEADLINE_TEXTS)
def test_quick_skipping_lookaheads_change_no_match(text):
    for pattern, lookahead in (
        (deadlines._DEADLINE, "(?=[wibaftno])"),
        (actions._RAISED, "(?=[raqseh])"),
    ):
        assert lookahead in pattern.pattern
        plain = re.compile(pattern.pattern.replace(lookahead, "", 1), pattern.flags)
        found, expected = pattern.search(text), plain.search(text)
        assert (found and found.group(0)) == (expected and expected.group(0))


_MOTION_WORDS = "Moved MOVED proposed by BY the Councillor Cllr. Smith and , that CARRIED Jones"
_SECONDED = ["seconded", "SECONDED", "\u017feconded", "Seconded"]


@PROFILE
@given(_joined([*_MOTION_WORDS.split(), *_SECONDED], max_size=12, joint=" "))
@example("Moved by Councillor Smith and \u017feconded by Jones")
@example("MOVED BY Cllr. Smith, SECONDED BY Jones")
def test_a_line_the_motion_pattern_reads_says_seconded_case_blind(line):
    if resolutions._MOTION.search(line):
        assert "seconded" in line.casefold()


def test_a_seconder_written_with_a_long_s_is_still_read():
    [motion] = resolutions.parse_motions(
        text="Moved by Councillor Smith and \u017feconded by Jones"
    )
    assert (motion.mover, motion.seconder) == ("Councillor Smith", "Jones")


_UNDERTAKINGS = _joined(
    [
        *("The Director", "officers", "WOULD", "would", "Will", "\u017fhall", "SHALL", "To", "to"),
        *("agreed to", "is to", "were asked to", "has been tasked to", "also", "provide", "it"),
        *("check", "the figures", "by 1 March", "tomorrow", "towards", "willing", ".", ",", "\t"),
    ],
    max_size=14,
    joint=" ",
)


@PROFILE
@given(_UNDERTAKINGS)
@example("The Director \u017fhall provide it")
@example("The Director SHALL check it")
@example("officers were asked to\tprovide it")
def test_text_where_no_undertaking_word_is_found_holds_no_undertaking(text):
    if actions._UNDERTAKING_WORD.search(text) is None:
        assert actions._COMMITMENT.search(text) is None
        assert actions._UNDERTAKING.search(text) is None
    assert parse_actions(text=text) == plainly_read_actions(text)
