"""What the fuzz tests type into a field, a query string or a path: text of any script,
control characters, huge strings, numbers of every size and sign, dates that do not
exist, digits that are not ASCII, ids of other records, and files of random bytes."""

import io
import string
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import strategies as st

# Numbers as typed that have broken web applications before.
ODD_NUMBERS = [
    "",
    "-1",
    "-0",
    "+1",
    " 1 ",
    "1.5",
    "1e309",
    "NaN",
    "Infinity",
    "0x10",
    "1_000",
    "²",  # a digit to str.isdigit(), not to int()
    "٣",  # ARABIC-INDIC DIGIT THREE: a decimal digit int() reads
    "１２",  # FULLWIDTH
    "𝟗",  # MATHEMATICAL BOLD DIGIT NINE
    "Ⅻ",  # ROMAN NUMERAL TWELVE
    "9" * 25,
    "-" + "9" * 25,
    "9" * 5000,  # more digits than int() reads by default
]
# And text.
AWKWARD = [
    *ODD_NUMBERS,
    " ",
    "\x00",
    "\t\r\n",
    "null",
    "None",
    "undefined",
    "true",
    "<script>alert(1)</script>",
    "' OR '1'='1' --",
    "../../../etc/passwd",
    "%00",
    "%zz",
    "{{ 7*7 }}",
    "${7*7}",
    "\u202eevil",  # RIGHT-TO-LEFT OVERRIDE
    "\ufeff",
    "\ud7ff\ue000\uffff",
    "e\u0301",  # a combining accent
    "👩‍👩‍👧‍👦",
]
CONTROL = st.text(st.characters(categories=["Cc", "Cf", "Zl", "Zp", "Zs"]), min_size=1, max_size=8)
HUGE = st.builds(
    lambda piece, count: piece * count,
    st.sampled_from(["x", "é", "9", "\x00", "ab\n", "<b>"]),
    st.sampled_from([300, 5_000, 70_000]),
)
TEXT = st.one_of(
    st.text(max_size=30),
    st.sampled_from(AWKWARD),
    CONTROL,
    st.text(string.printable, max_size=30),
    HUGE,
)
NUMBERS = st.one_of(
    st.sampled_from(ODD_NUMBERS),
    st.integers(min_value=-3, max_value=40).map(str),
    st.integers().map(str),
    st.integers(min_value=2**31 - 2, max_value=2**64 + 2).map(str),
    st.integers(min_value=-(2**64), max_value=-(2**31)).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
)
DATE_PARTS = st.one_of(
    st.sampled_from(ODD_NUMBERS),
    st.integers(min_value=-1, max_value=32).map(str),
    st.sampled_from(["02", "2025", "1899", "1900", "2200", "2201", "0000", "99999", "20 25"]),
    TEXT,
)
SLUGS = st.from_regex(r"\A[-a-zA-Z0-9_]{1,60}\Z")
# Bytes to start a file with, so random content gets past the first check of its type.
MAGIC = [b"", b"%PDF-1.7\n", b"PK\x03\x04", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"<?xml "]
FILE_NAMES = st.one_of(
    st.sampled_from(
        ["paper.pdf", "tracker.csv", "tracker.xlsx", "answers.zip", "GetMeeting_1.xml", "page.html"]
    ),
    st.text(st.characters(exclude_characters='\x00/\\\r\n"'), min_size=1, max_size=40),
    st.just("x" * 300 + ".pdf"),
)


def uploaded(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def zipped(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


ZIP_MEMBERS = st.dictionaries(
    st.one_of(
        st.sampled_from(
            ["word/document.xml", "xl/workbook.xml", "mimetype", "GetCommittees.xml", "../up.xml"]
        ),
        st.text(string.ascii_letters + "/._-", min_size=1, max_size=20),
    ),
    st.binary(max_size=200),
    max_size=4,
)
CONTENT = st.one_of(
    st.builds(lambda magic, rest: magic + rest, st.sampled_from(MAGIC), st.binary(max_size=600)),
    st.text(max_size=300).map(lambda text: text.encode("utf-8", "surrogatepass")),
    ZIP_MEMBERS.map(zipped),
)
FILES = st.builds(uploaded, FILE_NAMES, CONTENT)


def ids_and_slugs(known_ids: list[str], known_slugs: list[str]) -> st.SearchStrategy[str]:
    """An id or slug of some record: the form's own choices are drawn elsewhere, these are
    the others a hostile form might name."""
    return st.one_of(st.sampled_from(sorted(set(known_ids))), st.sampled_from(sorted(known_slugs)))
