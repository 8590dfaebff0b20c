"""Make council HTML safe to republish, and readable as plain text.

ModernGov returns agenda text and minutes as HTML written in a word processor, sometimes
with scripts, styles and tracking links. We republish it on public pages, so only a small
safe subset survives (``sanitise_html``). The resolution, motion and action readers work
on text, so ``html_to_text`` flattens HTML with the standard library's parser, which
never fetches anything, keeping paragraphs and list numbers on their own lines.
"""

import functools
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
# A tag as a well-formed page writes it (and as ``sanitise_html`` always does): a name,
# attributes with quoted values or none, an optional "/" before ">". ``_TextParser``
# reads HTML made only of these and text in one pass of its own (``read_plain``), and
# anything else through the standard library's parser.
_PLAIN_TAG = re.compile(
    r"<(/?)([a-zA-Z][-.a-zA-Z0-9:_]*)"
    r"((?:\s+[a-zA-Z_:][-a-zA-Z0-9_:.]*(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'))?)*)\s*(/?)>"
)
_PLAIN_ATTRIBUTE = re.compile(
    r"\s+([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'))?"
)
# Elements whose content the standard parser reads as raw text, not as tags.
_RAW_TEXT = frozenset({"script", "style"})
_OWN_MARKER = re.compile(r"^\s*\(?(?:\d+|[a-z]|[ivx]+)[.)]\s", re.IGNORECASE)
# A run of these is written as one space. The pattern finds only the runs that are not
# already one space, so that the usual line, with single spaces, is not rewritten at each.
_SPACE = r"[ \t\r\f\v\u00a0\u2000-\u200b\u202f\u205f\u3000]"
_SPACES = re.compile(rf" {_SPACE}+|(?! ){_SPACE}+")


def sanitise_html(*, html: str, base_url: str = "") -> str:
    """Keep only paragraphs, lists, emphasis, links and simple tables.

    Links keep http, https and mailto targets only. Relative links mean nothing once the
    text leaves the council's site, so they are resolved against ``base_url`` when one is
    given and dropped otherwise.
    """
    return _cleaner(base_url).clean(html).strip()


@functools.lru_cache(maxsize=16)
def _cleaner(base_url: str) -> nh3.Cleaner:
    """The sanitiser for links relative to ``base_url``, made once: an import cleans two
    pieces of HTML an item, and setting the rules up took longer than most cleanings."""
    relative: object = ("rewrite_with_base", base_url) if base_url else "deny"
    return nh3.Cleaner(
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(ALLOWED_URL_SCHEMES),
        url_relative=relative,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


def html_to_text(*, html: str) -> str:
    """Flatten HTML to lines of text: one line per paragraph, list item or table row.

    Items of a numbered list get their number written in ("1. ", "a. ", "i. ") unless the
    item already starts with its own, because councils often number resolution parts with
    ``<ol>`` rather than typing the numbers.
    """
    parser = _TextParser()
    html = _tail_escaped(html)
    if not parser.read_plain(html):
        parser.feed(html)
        parser.close()
    return parser.text()


@functools.lru_cache(maxsize=4)
def tidy_lines(text: str) -> tuple[str, ...]:
    """``text``'s lines, each with its runs of whitespace made one space, trimmed. The
    resolution, motion and action readers all read an item's minutes so: the last few
    are kept, so the same minutes are split once, not once by each reader."""
    return tuple(" ".join(line.split()) for line in text.splitlines())


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


def _attribute(found: re.Match[str]) -> tuple[str, str | None]:
    """An attribute as the standard parser gives it: its name in lower case, its value
    unquoted with character references read, or None when it has no value."""
    double, single = found.group(2, 3)
    value = double if double is not None else single
    if value:
        value = html_lib.unescape(value)
    return found.group(1).lower(), value


class _TextParser(HTMLParser):
    """Collects text, breaking lines at block elements and skipping hidden content."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._lines: list[str] = []
        self._current: list[str] = []
        self._skipping = 0
        self._lists: list[list] = []  # [kind, next number, style]
        self._pending_label = ""

    def read_plain(self, html: str) -> bool:
        """Read ``html`` in one pass when every "<" in it opens a plain tag (``_PLAIN_TAG``)
        and no element holds raw text, calling the same handlers, with the same values, as
        the standard parser would; False, having read nothing, for anything else (the
        caller then feeds it to the standard parser). Each stretch of text between tags is
        one ``handle_data`` call with its character references read, as the standard
        parser gives it when the whole page is fed at once."""
        # One split reads every tag: text, then each tag's four groups and the text after it.
        pieces = _PLAIN_TAG.split(html)
        texts = pieces[::5]
        if any("<" in data for data in texts):
            return False  # a "<" that opens no plain tag
        tags = [
            (closing, name.lower(), attributes, empty)
            for closing, name, attributes, empty in zip(
                pieces[1::5], pieces[2::5], pieces[3::5], pieces[4::5], strict=True
            )
        ]
        for closing, name, attributes, empty in tags:
            if name in _RAW_TEXT or (closing and (attributes or empty)):
                return False
        for data, tag in zip(texts, [*tags, None], strict=True):
            if data:
                self.handle_data(html_lib.unescape(data) if "&" in data else data)
            if tag is None:
                break
            closing, name, attributes, empty = tag
            if closing:
                self.handle_endtag(name)
                continue
            # Most tags have no attributes: not searching "" for them is a fifth of the time.
            attrs = (
                [_attribute(a) for a in _PLAIN_ATTRIBUTE.finditer(attributes)] if attributes else []
            )
            if empty:
                self.handle_startendtag(name, attrs)
            else:
                self.handle_starttag(name, attrs)
        return True

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in DROPPED_WITH_CONTENT:
            self._skipping += 1
            return
        if tag in _BLOCK_TAGS:
            self._break()
        if tag in ("ol", "ul"):
            attributes = dict(attrs)
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
        if not self._current:
            return
        line = _SPACES.sub(" ", "".join(self._current).replace("\n", " ")).strip()
        if line:
            self._lines.append(line)
        self._current = []

    def text(self) -> str:
        self._break()
        return "\n".join(self._lines)


# A saved ModernGov page is the council's whole web page: its own header, navigation,
# skip links, breadcrumbs, cookie banner and footer around ModernGov's content, which
# ModernGov wraps in <div id="modgov">. ``page_to_text`` reads only that content (or the
# page's <main>, when there is no such wrapper), and skips chrome inside it.
_CHROME_TAGS = frozenset({"head", "title", "nav", "header", "footer", "aside", "button", "form"})
_CHROME_NAME = re.compile(
    r"(?:^|[\s_-])(?:skip\w*|breadcrumbs?|mgbreadcrumb\w*|cookie\w*|mgfooter|footer|"
    r"site-?header|masthead|navigation|nav|menu|search\w*|mglinks|mgprintlinks|"
    r"visually-?hidden|sr-only|mgrssicon|back-?to-?top)(?:$|[\s_-])",
    re.IGNORECASE,
)
_SAVED_FROM = re.compile(r"saved from url=\(\d+\)(?P<url>https?://[^\s>]+)", re.IGNORECASE)
_BASE = re.compile(
    r"<(?:base|link[^>]*rel=[\"']?canonical[\"']?)[^>]*\shref=[\"']?(?P<url>https?://[^\"'\s>]+)",
    re.IGNORECASE,
)
_CONTENT_ROOT = re.compile(r"<div[^>]*\bid\s*=\s*[\"']?modgov\b|<main\b", re.IGNORECASE)


def page_base_url(*, html: str) -> str:
    """The address the page was saved from: its <base>, canonical link, or the "saved from
    url" comment browsers write; "" when it names none."""
    head = html[:20000]
    found = _BASE.search(head) or _SAVED_FROM.search(head)
    return found.group("url") if found else ""


def page_to_text(*, html: str) -> tuple[str, dict[int, list[str]]]:
    """A saved web page as lines of text without the site's chrome, and the link targets
    each line holds (by line index), for documents' addresses."""
    root = _CONTENT_ROOT.search(html)
    parser = _PageParser(root="main" if root and root.group(0).lower() == "<main" else "modgov")
    parser.whole_page = root is None
    parser.feed(_tail_escaped(html))
    parser.close()
    return parser.text(), parser.links


class _PageParser(_TextParser):
    """``_TextParser`` that reads only the page's content root, skips chrome inside it and
    keeps each line's link targets."""

    def __init__(self, *, root: str) -> None:
        super().__init__()
        self.root = root
        self.whole_page = True
        self._root_depth = 0  # open <div>s (or <main>s) since the content root opened
        self._chrome: list[str] = []  # the chrome element being skipped, and its nesting
        self._line_links: list[str] = []
        self.links: dict[int, list[str]] = {}

    def _inside(self) -> bool:
        return (self.whole_page or self._root_depth > 0) and not self._chrome

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        root_tag = "main" if self.root == "main" else "div"
        if not self.whole_page and tag == root_tag:
            if self._root_depth:
                self._root_depth += 1
            elif self.root == "main" or (attributes.get("id") or "").lower() == "modgov":
                self._root_depth = 1
        if self._chrome:
            if tag == self._chrome[0]:
                self._chrome.append(tag)
            return
        names = f"{attributes.get('id') or ''} {attributes.get('class') or ''}"
        if tag in _CHROME_TAGS or (
            tag in ("div", "ul", "ol", "p", "span", "a", "section", "li", "table")
            and _CHROME_NAME.search(names)
        ):
            if tag not in _VOID:
                self._chrome.append(tag)
            return
        if not self._inside():
            return
        if tag == "a" and attributes.get("href"):
            self._line_links.append(attributes["href"] or "")
        if tag == "img" and (alt := (attributes.get("alt") or "").strip()):
            # ModernGov marks a document's format with an icon: "pdf icon".
            if alt.lower().endswith(" icon"):
                self.handle_data(f" {alt} ")
            return
        super().handle_starttag(tag, attrs)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img":
            self.handle_starttag(tag, attrs)
            return
        if self._inside():
            super().handle_startendtag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if self._chrome:
            if tag == self._chrome[0]:
                self._chrome.pop()
            return
        root_tag = "main" if self.root == "main" else "div"
        inside = self._inside()
        if not self.whole_page and tag == root_tag and self._root_depth:
            self._root_depth -= 1
        if inside:
            super().handle_endtag(tag)

    def handle_data(self, data: str) -> None:
        if self._inside():
            super().handle_data(data)

    def _break(self) -> None:
        before = len(self._lines)
        super()._break()
        if len(self._lines) > before:
            if self._line_links:
                self.links[before] = self._line_links
            self._line_links = []


_VOID = frozenset({"img", "br", "hr", "input", "meta", "link", "source", "wbr", "area", "col"})
