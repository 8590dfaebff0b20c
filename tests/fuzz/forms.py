"""Reading a form off its page, filling it with hostile values, and judging the answer.

The fields are the ones the page really shows (read from its HTML, so a field added to a
form is fuzzed without anyone listing it), each filled with values of its kind: a choice
of its options or of something else, dates as three boxes of anything, hidden versions
kept or spoiled, files of random bytes; any field may be missing, repeated or joined by
fields the form does not have."""

from __future__ import annotations

import traceback
from dataclasses import dataclass, field
from urllib.parse import urlencode

import lxml.html
from hypothesis import strategies as st

from tests.fuzz.values import DATE_PARTS, FILES, NUMBERS, TEXT

CSRF = "csrfmiddlewaretoken"
DATE_SUFFIXES = ("_day", "_month", "_year")


@dataclass
class Field:
    name: str
    kind: str  # text, textarea, hidden, number, url, password, choice, checkbox, file
    initial: str = ""
    options: list[str] = field(default_factory=list)
    multiple: bool = False


@dataclass
class Form:
    action: str
    fields: list[Field]

    @property
    def names(self) -> set[str]:
        return {f.name for f in self.fields}


def page(response) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(response.content.decode())


def forms_on(response, url: str) -> list[Form]:
    """The POST forms of a page, each with its action (the page's URL if it names none);
    the sign-out buttons of the site's and the admin's headers are not among them."""
    found = []
    for element in page(response).xpath("//form[translate(@method,'POST','post')='post']"):
        action = element.get("action") or url
        if action.rstrip("/").endswith("/logout"):
            continue
        found.append(Form(action=action, fields=_fields(element)))
    return found


def _fields(form: lxml.html.HtmlElement) -> list[Field]:
    fields: dict[str, Field] = {}
    for element in form.xpath(".//input|.//textarea|.//select"):
        name = element.get("name")
        if not name or name == CSRF:
            continue
        tag = element.tag
        kind = "textarea" if tag == "textarea" else (element.get("type") or "text").lower()
        if tag == "select":
            options = [o.get("value", o.text_content()) for o in element.xpath(".//option")]
            chosen = [
                o.get("value", o.text_content()) for o in element.xpath(".//option[@selected]")
            ]
            fields[name] = Field(
                name,
                "choice",
                initial=(chosen or options or [""])[0],
                options=options,
                multiple=element.get("multiple") is not None,
            )
        elif kind in ("radio", "checkbox"):
            entry = fields.setdefault(
                name, Field(name, "choice" if kind == "radio" else "checkbox")
            )
            entry.options.append(element.get("value", "on"))
            entry.multiple = kind == "checkbox"
            if element.get("checked") is not None:
                entry.initial = element.get("value", "on")
        elif kind in ("submit", "button", "image", "reset"):
            continue
        else:
            initial = element.text_content() if tag == "textarea" else element.get("value", "")
            fields[name] = Field(
                name, kind, initial=initial, multiple=element.get("multiple") is not None
            )
    return list(fields.values())


def as_filled_in(form: Form) -> dict:
    """The form as the page fills it in, with the first option of any choice it leaves
    open: how a person who only presses the button submits it."""
    data = {}
    for entry in form.fields:
        if entry.kind == "checkbox":
            if entry.initial:
                data[entry.name] = entry.initial
        elif entry.kind == "choice":
            data[entry.name] = entry.initial or next((o for o in entry.options if o), "")
        elif entry.kind != "file":
            data[entry.name] = entry.initial
    return data


def value_strategy(entry: Field, others: st.SearchStrategy[str]) -> st.SearchStrategy:
    """Values for one field; the first choice is a sensible one, so examples get past the
    form's checks to the services often enough to test them too."""
    garbage = st.one_of(TEXT, NUMBERS, others)
    if entry.kind == "file":
        files = st.lists(FILES, min_size=1, max_size=3) if entry.multiple else FILES
        return st.one_of(files, TEXT)
    if entry.kind in ("choice", "checkbox"):
        sensible = st.sampled_from(entry.options) if entry.options else garbage
        if entry.multiple:
            return st.lists(st.one_of(sensible, garbage), max_size=4)
        return st.one_of(sensible, garbage)
    if entry.name.endswith(DATE_SUFFIXES):
        return st.one_of(st.just(entry.initial), DATE_PARTS)
    if entry.kind in ("hidden", "number"):
        return st.one_of(st.just(entry.initial), NUMBERS, garbage)
    if entry.kind == "url":
        return st.one_of(
            st.sampled_from(["https://example.org/evidence", "javascript:alert(1)", "http://[::1"]),
            garbage,
        )
    return st.one_of(st.just(entry.initial or "Fuzzed entry"), garbage)


@st.composite
def submissions(draw, form: Form, others: st.SearchStrategy[str]) -> dict:
    """A filled-in form: each field present (mostly), missing, or given twice; and maybe
    fields the form does not have."""
    data: dict = {}
    for entry in form.fields:
        presence = draw(st.sampled_from(["given"] * 8 + ["missing", "repeated"]))
        if presence == "missing":
            continue
        value = draw(value_strategy(entry, others))
        if presence == "repeated" and not isinstance(value, list):
            value = [value, draw(value_strategy(entry, others))]
        data[entry.name] = value
    extra = draw(st.dictionaries(st.text(min_size=1, max_size=20), TEXT, max_size=2))
    return {**extra, **data}


@st.composite
def bodies(draw, form: Form, others: st.SearchStrategy[str]) -> dict:
    """Keyword arguments for `Client.post`: the form as a browser sends it (multipart),
    as URL-encoded text, or as bytes that are neither."""
    encoding = draw(st.sampled_from(["multipart"] * 8 + ["urlencoded", "raw"]))
    if encoding == "raw":
        content_type = draw(
            st.sampled_from(
                [
                    "application/x-www-form-urlencoded",
                    "multipart/form-data; boundary=xyz",
                    "multipart/form-data",
                    "application/json",
                ]
            )
        )
        return {"data": draw(st.binary(max_size=300)), "content_type": content_type}
    data = draw(submissions(form, others))
    if encoding == "urlencoded":
        flat = {k: v for k, v in data.items() if not _has_file(v)}
        return {
            "data": urlencode(flat, doseq=True),
            "content_type": "application/x-www-form-urlencoded",
        }
    return {"data": data}


def _has_file(value) -> bool:
    values = value if isinstance(value, list) else [value]
    return any(hasattr(v, "read") for v in values)


def failure(response) -> str:
    """The server error's traceback, for the assertion message."""
    if getattr(response, "exc_info", None):
        return "".join(traceback.format_exception(*response.exc_info))
    return response.content.decode(errors="replace")[:2000]


def assert_no_server_error(response, what: str) -> None:
    assert response.status_code < 500, f"{what} answered {response.status_code}:\n" + failure(
        response
    )


def error_summary(response) -> list[str]:
    """The errors a page lists at its top: the GOV.UK error summary, or the note the
    Django admin's own pages (its sign-in) show instead."""
    items = page(response).xpath(
        '//div[contains(@class,"govuk-error-summary")]//li | //p[contains(@class,"errornote")]'
    )
    return [" ".join(li.text_content().split()) for li in items]


def assert_refusal_is_explained(response, form: Form, url: str) -> None:
    """A page that comes back with the form to fill in again must say what was wrong."""
    if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
        return
    if any(f.names & form.names for f in forms_on(response, url)):
        assert error_summary(response), f"{url}: the form came back with no error summary"
