"""Paths and query strings to fuzz a URL with: each path parameter the real one, another
that fits its converter, or anything at all (so the URL matches nothing); a query string
of the names the pages read, and others, with values of every kind."""

from urllib.parse import quote, quote_from_bytes, urlencode

from hypothesis import strategies as st

from tests.fuzz.values import SLUGS, TEXT

QUERY_NAMES = st.sampled_from(
    [
        "page",
        "status",
        "expired",
        "next",
        # the issuing form's answers, which its Change links carry in the query string
        "meeting",
        "reason",
        "item_number",
        "issued_on_day",
        "issued_on_month",
        "issued_on_year",
        "checked",
    ]
)
PAIRS = st.lists(st.tuples(st.one_of(QUERY_NAMES, TEXT), TEXT), max_size=4).map(urlencode)
QUERY = st.one_of(
    PAIRS,
    # and bytes that are not UTF-8
    st.tuples(PAIRS, QUERY_NAMES, st.binary(min_size=1, max_size=30)).map(
        lambda parts: f"{parts[0]}&{parts[1]}={quote_from_bytes(parts[2])}"
    ),
)


def path_values(converter: str, real: str) -> st.SearchStrategy[str]:
    fitting = st.integers(min_value=0).map(str) if converter.startswith("int:") else SLUGS
    anything = TEXT.filter(bool).map(lambda text: quote(text, safe=""))
    return st.one_of(st.just(real), fitting, anything)


@st.composite
def paths(draw, route: str, real: str) -> str:
    """`real` (a URL of `route`, such as "meetings/<int:pk>/") with its parameters fuzzed."""
    if "<" not in route:
        return real
    real_parts, route_parts = real.strip("/").split("/"), route.strip("/").split("/")
    parts = []
    for real_part, route_part in zip(real_parts, route_parts, strict=True):
        if route_part.startswith("<") and route_part.endswith(">"):
            real_part = draw(path_values(route_part.strip("<>"), real_part))
        parts.append(real_part)
    return "/" + "/".join(parts) + "/" * real.endswith("/")
