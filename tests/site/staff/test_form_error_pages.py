"""Every staff form page (every URL of the authorisation matrix that shows a form, reached
as the fuzz tests reach it) and the sign-in and password pages, sent empty and then with
wrong answers: the page that comes back has an error summary whose every link moves to a
field on the page, and no message in Django's generic words or offering "---------"."""

import re

import pytest
from django.urls import reverse

from tests.fuzz.examples import kept_uploads, undone
from tests.fuzz.forms import Form, forms_on, page
from tests.fuzz.test_staff_forms import (
    ON_SIGNED_MINUTES,
    REACHED_BY_STEPS,
    SET_UP_WITH,
    WITH_A_FORM,
    allowed_role,
    open_meeting,  # noqa: F401 (fixture)
    the_form,
)
from tests.site.staff.world import (
    client_for,
    demo_world,  # noqa: F401 (the "world" fixture)
    url_for,
)
from tests.site.test_form_wording import GENERIC

# Confirmations and buttons: sent empty, they do what they say (or say why not).
NOTHING_TO_FILL_IN = {
    "imports:cancel",
    "imports:preview",
    "moderngov_imports:confirm",
    "moderngov_imports:job",
    "moderngov_imports:retry",
    "moderngov_sync:runs",
    "record_imports:confirm",
    "record_imports:job",
    "record_imports:retry",
    "staff:agenda-publish",
    "staff:document-publish",
}
SIGN_IN_PAGES = ["login", "sign-in-unlock-request", "password-reset"]


def wrong_answers(form: Form) -> dict:
    """Wrong answers: choices it does not offer, dates that are no dates, words for
    numbers; hidden fields kept as they came."""
    data = {}
    for field in form.fields:
        if field.kind == "hidden":
            data[field.name] = field.initial
        elif field.name.endswith(("_day", "_month")):
            data[field.name] = "99"
        elif field.name.endswith("_year"):
            data[field.name] = "20x5"
        elif field.kind in ("choice", "checkbox"):
            data[field.name] = "no-such-choice"
        elif field.kind != "file":
            data[field.name] = "x" * 500 if field.kind in ("text", "textarea") else "lots"
    return data


def assert_errors_shown_well(response, where: str) -> int:
    """The summary's links each name an element of the page; its messages and the
    inline ones are written for the field. The number of messages."""
    if response.status_code != 200:
        return 0
    html = page(response)
    summary = html.xpath('//div[contains(@class,"govuk-error-summary")]')
    inline = html.xpath('//p[contains(@class,"govuk-error-message")]')
    if not summary:
        assert not inline, f"{where}: errors shown without a summary"
        return 0
    messages = []
    for item in summary[0].xpath(".//ul/li"):
        text = " ".join(item.text_content().split())
        messages.append(text)
        for href in item.xpath(".//a/@href"):
            assert href.startswith("#"), (where, href)
            target = html.xpath(f'//*[@id="{href[1:]}"]')
            assert target, f"{where}: {text!r} links to {href}, which is not on the page"
            assert target[0].tag in ("input", "select", "textarea"), (where, href)
    for p in inline:
        messages.append(" ".join(p.text_content().replace("Error:", "", 1).split()))
    for text in messages:
        assert "---------" not in text, (where, text)
        assert not any(p.match(text) for p in GENERIC), f"{where}: Django's words {text!r}"
        assert not re.search(r"This field is required", text), (where, text)
    return len(messages)


@pytest.mark.django_db
@pytest.mark.parametrize("name", WITH_A_FORM)
def test_every_staff_forms_errors_link_to_their_fields(world, open_meeting, name, settings):  # noqa: F811
    for setting, value in SET_UP_WITH.get(name, {}).items():
        setattr(settings, setting, value)
    args = world if name in ON_SIGNED_MINUTES else open_meeting
    client = client_for(allowed_role(name))
    steps = REACHED_BY_STEPS.get(name)
    form = steps(client, args) if steps else the_form(client, url_for(name, args))
    with kept_uploads() as kept:
        with undone(kept):
            shown = assert_errors_shown_well(client.post(form.action, {}), f"{name} (empty)")
            assert shown or name in NOTHING_TO_FILL_IN, f"{name}: an empty form was taken"
        with undone(kept):
            wrong = client.post(form.action, wrong_answers(form))
            assert_errors_shown_well(wrong, f"{name} (wrong answers)")


@pytest.mark.django_db
@pytest.mark.parametrize("name", SIGN_IN_PAGES)
def test_sign_in_pages_errors_link_to_their_fields(client, name):
    url = reverse(name)
    form = forms_on(client.get(url), url)[0]
    shown = assert_errors_shown_well(client.post(form.action, {}), name)
    assert shown, f"{name}: an empty form was taken"


def test_the_check_finds_a_link_to_nowhere(client, db):
    """The check can fail: a summary linking to no field."""

    class Answer:
        status_code = 200
        content = (
            b'<div class="govuk-error-summary"><ul><li><a href="#id_gone">Enter the title</a>'
            b"</li></ul></div>"
        )

    with pytest.raises(AssertionError):
        assert_errors_shown_well(Answer(), "made up")
