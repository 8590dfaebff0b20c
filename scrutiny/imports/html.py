"""Make council HTML safe to republish, and readable as plain text.

ModernGov returns agenda text and minutes as HTML written in a word processor, sometimes
with scripts, styles and tracking links. We republish it on public pages, so only a small
safe subset survives (``sanitise_html``). The resolution, motion and action readers work
on text, so ``html_to_text`` flattens HTML with the standard library's parser, which
never fetches anything, keeping paragraphs and list numbers on their own lines.
"""

import html as html_lib
import re
from html.parser import HTMLParser

import nh3

ALLOWED_TAGS = frozenset(
    {"p", "br", "ul", "ol", "li", "strong", "em", "a"}
    | {"table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td"}
)
ALLOWED_ATTRIBUTES = {
    "a": {"href"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
}
ALLOWED_URL_SCHEMES = frozenset({"http", "https", "mailto"})
DROPPED_WITH_CONTENT = frozenset({"script", "style", "template", "noscript", "iframe", "object"})

_BLOCK_TAGS = frozenset(
    {"p", "div", "br", "tr", "table", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6"}
    | {"blockquote", "section", "article", "header", "footer", "pre", "dl", "dt", "dd", "hr"}
)
_OWN_MARKER = re.compile(r"^\s*\(?(?:\d+|[a-z]|[ivx]+)[.)]\s", re.IGNORECASE)
_SPACES = re.compile(r"[ \t\r\f\v\u00a0\u2000-\u200b\u202f\u205f\u3000]+")


def sanitise_html(*, html: str, base_url: str = "") -> str:
    """Keep only paragraphs, lists, emphasis, links and simple tables.

    Links keep http, https and mailto targets only. Relative links mean nothing once the
    text leaves the council's site, so they are resolved against ``base_url`` when one is
    given and dropped otherwise.
    """
    relative: object = ("rewrite_with_base", base_url) if base_url else "deny"
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(ALLOWED_URL_SCHEMES),
        url_relative=relative,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    ).strip()


def html_to_text(*, html: str) -> str:
    """Flatten HTML to lines of text: one line per paragraph, list item or table row.

    Items of a numbered list get their number written in ("1. ", "a. ", "i. ") unless the
    item already starts with its own, because councils often number resolution parts with
    ``<ol>`` rather than typing the numbers.
    """
    parser = _TextParser()
    parser.feed(_tail_escaped(html))
    parser.close()
    return parser.text()


def _tail_escaped(html: str) -> str:
    """No tag can open after the last ">", so every "<" there is text: written as "&lt;"
    it reads the same, and the standard library's parser (Python 3.11's, at least) does
    not search the whole rest of the page again at each one, which takes hours on a page
    that ends in thousands of them."""
    last = html.rfind(">")
    tail = html[last + 1 :]
    return html if "<" not in tail else html[: last + 1] + tail.replace("<", "&lt;")


def text_to_html(*, text: str) -> str:
    """Wrap plain-text paragraphs in ``<p>`` so every importer stores minutes the same way."""
    paragraphs = [line.strip() for line in text.splitlines() if line.strip()]
    return "".join(f"<p>{html_lib.escape(paragraph, quote=False)}</p>" for paragraph in paragraphs)


def list_label(*, number: int, style: str) -> str:
    """The label a browser would show for list item ``number`` of an ``<ol type=style>``."""
    if style in ("a", "A"):
        label, n = "", number
        while n > 0:
            n, rest = divmod(n - 1, 26)
            label = chr(ord("a") + rest) + label
        return label.upper() if style == "A" else label
    if style in ("i", "I"):
        numerals = [(10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
        label, n = "", min(number, 39)
        for value, letters in numerals:
            while n >= value:
                label, n = label + letters, n - value
        return label.upper() if style == "I" else label
    return str(number)


class _TextParser(HTMLParser):
    """Collects text, breaking lines at block elements and skipping hidden content."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._lines: list[str] = []
        self._current: list[str] = []
        self._skipping = 0
        self._lists: list[list] = []  # [kind, next number, style]
        self._pending_label = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in DROPPED_WITH_CONTENT:
            self._skipping += 1
            return
        if tag in _BLOCK_TAGS:
            self._break()
        attributes = dict(attrs)
        if tag in ("ol", "ul"):
            start = attributes.get("start") or "1"
            # isdecimal, not isdigit: "²" is a digit that int() refuses.
            first = int(start) if start.isdecimal() and len(start) < 6 else 1
            self._lists.append([tag, first, attributes.get("type") or "1"])
        elif tag == "li" and self._lists and self._lists[-1][0] == "ol":
            kind_number_style = self._lists[-1]
            self._pending_label = (
                f"{list_label(number=kind_number_style[1], style=kind_number_style[2])}. "
            )
            kind_number_style[1] += 1
        elif tag in ("td", "th"):
            self._current.append(" ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK_TAGS:
            self._break()

    def handle_endtag(self, tag: str) -> None:
        if tag in DROPPED_WITH_CONTENT:
            self._skipping = max(0, self._skipping - 1)
            return
        if tag in ("ol", "ul") and self._lists:
            self._lists.pop()
        if tag in _BLOCK_TAGS:
            self._break()

    def handle_data(self, data: str) -> None:
        if self._skipping:
            return
        if self._pending_label and data.strip():
            if not _OWN_MARKER.match(data):
                self._current.append(self._pending_label)
            self._pending_label = ""
        self._current.append(data)

    def _break(self) -> None:
        line = _SPACES.sub(" ", "".join(self._current).replace("\n", " ")).strip()
        if line:
            self._lines.append(line)
        self._current = []

    def text(self) -> str:
        self._break()
        return "\n".join(self._lines)
