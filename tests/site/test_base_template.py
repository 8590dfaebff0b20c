"""base.html: the GOV.UK page template with the council's name and no GOV.UK brand."""

import re

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.template.loader import render_to_string
from django.test import RequestFactory

from tests.site.conftest import css, parse

EN_DASH = "\u2013"  # between the page title and the site name

# The home page lists meetings and decisions, so serving it reads the database.
pytestmark = pytest.mark.django_db


@pytest.fixture
def home(client):
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def test_page_template_structure(home):
    assert '<html lang="en-GB" class="govuk-template">' in home
    assert '<body class="govuk-template__body">' in home
    assert '<script src="/static/site/js-enabled.js"></script>' in home
    assert '<main class="govuk-main-wrapper" id="main-content">' in home
    assert '<link rel="stylesheet" href="/static/site/app.css">' in home
    assert '<script type="module" src="/static/site/init.js"></script>' in home


def test_header_names_the_council_and_links_home(home, settings):
    tree = parse(home)
    (link,) = css(tree, ".govuk-header a.govuk-header__link--homepage")
    assert link.get("href") == "/"
    assert link.text_content().strip() == settings.COUNCIL_NAME


def test_skip_link_goes_to_main_content(home):
    tree = parse(home)
    (skip,) = css(tree, "a.govuk-skip-link")
    assert skip.get("href") == "#main-content"
    assert skip.text_content() == "Skip to main content"
    # It must come before the header, as the first thing a keyboard user reaches.
    assert home.index("govuk-skip-link") < home.index("<header")


def test_footer_links_to_the_accessibility_statement(home):
    tree = parse(home)
    links = css(tree, "footer.govuk-footer a.govuk-footer__link")
    assert ("Accessibility statement", "/accessibility/") in [
        (a.text_content().strip(), a.get("href")) for a in links
    ]


def test_no_gov_uk_brand(home):
    lowered = home.lower()
    for forbidden in ("crown", "gds transport", "govuk-crest", "govuk-logo", "gov.uk"):
        assert forbidden not in lowered, forbidden
    assert "<svg" not in lowered


def test_title_names_page_council_and_service(client, settings):
    html = client.get("/accessibility/").content.decode()
    title = re.search(r"<title>(.*?)</title>", html).group(1)
    assert title == f"Accessibility statement {EN_DASH} {settings.COUNCIL_NAME} Scrutiny"


def test_council_name_is_escaped(client, settings):
    settings.COUNCIL_NAME = "Tom & Jerry <b>Council</b>"
    html = client.get("/").content.decode()
    assert "Tom &amp; Jerry &lt;b&gt;Council&lt;/b&gt;" in html
    assert "<b>Council</b>" not in html


def test_service_navigation_marks_the_current_section(client):
    tree = parse(client.get("/").content.decode())
    (nav,) = css(tree, "section.govuk-service-navigation")
    assert css(nav, ".govuk-service-navigation__service-name")[0].text_content().strip() == (
        "Scrutiny"
    )
    links = {
        a.text_content().strip(): a
        for a in css(nav, ".govuk-service-navigation__list a.govuk-service-navigation__link")
    }
    assert links["Home"].get("href") == "/"
    assert links["Home"].get("aria-current") == "page"
    assert links["Committees"].get("href") == "/committees/"
    assert links["Committees"].get("aria-current") is None
    assert links["Reviews"].get("href") == "/reviews/"


def test_nav_item_below_a_section_is_current_section():
    request = RequestFactory().get("/committees/42/")
    tree = parse(render_to_string("site/public/home.html", request=request))
    (current,) = css(tree, "a[aria-current]")
    assert current.text_content().strip() == "Committees"
    assert current.get("aria-current") == "true"


def test_signed_out_users_see_sign_in_link(home):
    tree = parse(home)
    (sign_in,) = [a for a in css(tree, "a") if a.text_content().strip() == "Sign in"]
    assert sign_in.get("href") == "/accounts/login/?next=%2F"
    assert "Sign out" not in home


@pytest.mark.django_db
def test_signed_in_users_sign_out_with_a_post_form(client, django_user_model):
    user = django_user_model.objects.create_user(username="clerk", password="x")
    client.force_login(user)
    html = client.get("/").content.decode()
    tree = parse(html)
    (form,) = css(tree, "form.app-link-button-form")
    assert form.get("method") == "post"
    assert form.get("action") == "/accounts/logout/"
    assert css(form, "input[name=csrfmiddlewaretoken]")
    (button,) = css(form, "button")
    assert button.get("type") == "submit"
    assert button.text_content().strip() == "Sign out"
    assert "Sign in" not in html


def test_breadcrumbs_render_when_given():
    html = render_to_string(
        "site/public/home.html",
        {"breadcrumbs": [("Home", "/"), ("Committees", "/committees/"), ("Budget", None)]},
        request=RequestFactory().get("/committees/1/"),
    )
    tree = parse(html)
    (nav,) = css(tree, "nav.govuk-breadcrumbs")
    assert nav.get("aria-label") == "Breadcrumb"
    items = css(nav, "li.govuk-breadcrumbs__list-item")
    assert [li.text_content().strip() for li in items] == ["Home", "Committees", "Budget"]
    assert css(items[1], "a")[0].get("href") == "/committees/"
    assert items[2].get("aria-current") == "page"
    assert not css(items[2], "a")


def test_no_breadcrumbs_without_the_context_variable(home):
    assert "govuk-breadcrumbs" not in home


def test_success_messages_use_the_success_notification_banner():
    messages = [
        Message(constants.SUCCESS, "Recommendation <saved>"),
        Message(constants.INFO, "The meeting has moved"),
    ]
    html = render_to_string(
        "site/public/home.html", {"messages": messages}, request=RequestFactory().get("/")
    )
    tree = parse(html)
    success, info = css(tree, ".govuk-notification-banner")
    assert "govuk-notification-banner--success" in success.get("class")
    assert success.get("role") == "alert"
    assert "Recommendation <saved>" in success.text_content()
    assert "Recommendation &lt;saved&gt;" in html
    assert info.get("role") == "region"
    assert "govuk-notification-banner--success" not in info.get("class")
    # Each banner is labelled by its own title.
    ids = [b.get("aria-labelledby") for b in (success, info)]
    assert len(set(ids)) == 2
    for banner, title_id in zip((success, info), ids, strict=True):
        assert css(banner, f"#{title_id}")
    # Banners sit at the top of <main>.
    main = css(tree, "main")[0]
    assert css(main, ".govuk-notification-banner")


def test_title_says_error_when_the_form_has_errors():
    from django import forms

    class F(forms.Form):
        name = forms.CharField()

    html = render_to_string(
        "site/public/home.html", {"form": F(data={})}, request=RequestFactory().get("/")
    )
    assert f"<title>Error: Home {EN_DASH} " in html
