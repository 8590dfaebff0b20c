"""Every saved page in tests/imports/pages/ is read fact by fact as its table says.

The pages are written in the structure of real ModernGov pages of each kind (issue
history, agenda item, decision, meeting agenda, printed minutes, an item's body on its
own), as text and as full HTML with several councils' chrome around them, and saved in
the encodings browsers and Notepad write. The score counts every fact of every page; the
test fails below 100% and prints the score and each miss."""

import codecs
from collections import Counter

import pytest

from tests.imports.pages.facts import PAGES, load_expected, page_facts, read_page, score

EXPECTED = load_expected()
KINDS = {"issue", "agenda_item", "decision", "agenda", "minutes", "item"}
DECODERS = {
    "utf-8": lambda data: data.decode("utf-8"),
    "utf-8-bom": lambda data: data.startswith(codecs.BOM_UTF8) and data[3:].decode("utf-8"),
    "utf-16-le-bom": lambda data: data.startswith(codecs.BOM_UTF16_LE) and data.decode("utf-16"),
    "utf-16-be-bom": lambda data: data.startswith(codecs.BOM_UTF16_BE) and data.decode("utf-16"),
    "cp1252": lambda data: _not_utf8(data) and data.decode("cp1252"),
}


def _not_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


def test_every_page_scores_every_fact(capsys):
    total = right = 0
    misses: list[str] = []
    for name, entry in EXPECTED.items():
        got, page_misses = score(entry, page_facts(read_page(name, entry)))
        right += got
        total += got + len(page_misses)
        misses += [f"{name}: {miss}" for miss in page_misses]
    with capsys.disabled():
        print(
            f"\nSaved pages: {right} of {total} facts right ({right / total:.1%}) "
            f"on {len(EXPECTED)} pages"
        )
        for miss in misses:
            print(f"  MISS {miss}")
    assert total > 700
    assert not misses, f"{right} of {total} facts ({right / total:.1%}); misses:\n" + "\n".join(
        misses
    )


def test_the_corpus_covers_every_kind_as_text_and_html_in_every_encoding():
    assert len(EXPECTED) >= 25
    assert sorted(
        path.name for path in PAGES.glob("*.*") if path.suffix in (".txt", ".html")
    ) == sorted(EXPECTED)
    kinds = Counter(entry["kind"] for entry in EXPECTED.values())
    assert set(kinds) == KINDS
    html = {entry["kind"] for name, entry in EXPECTED.items() if name.endswith(".html")}
    assert html >= KINDS - {"item"}
    assert {entry["encoding"] for entry in EXPECTED.values()} == set(DECODERS)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_page_is_saved_in_the_encoding_its_table_names(name):
    data = (PAGES / name).read_bytes()
    assert DECODERS[EXPECTED[name]["encoding"]](data)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_no_chrome_or_labels_survive(name):
    issue = read_page(name, EXPECTED[name])
    assert "skip to" not in issue.title.lower()
    assert not issue.title.lower().startswith(("issue -", "agenda item"))
    for meeting in issue.meetings:
        for item in meeting.items:
            minutes = item.minutes_text()
            assert not minutes.lower().startswith("minutes:")
            for chrome in ("Supporting documents", "Skip to", "Contact us", "Powered by", "\u00a9"):
                assert chrome not in minutes


def test_a_missing_title_is_a_warning_not_a_refusal():
    issue = read_page("issue_untitled_item.txt", EXPECTED["issue_untitled_item.txt"])
    assert issue.meetings[0].items[0].title == "Untitled item 4"
    assert "Untitled item 4" in issue.warnings[0]
