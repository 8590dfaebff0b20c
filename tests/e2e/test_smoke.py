import pytest

from tests.e2e.axe import AccessibilityViolations
from tests.e2e.navigation import follow
from tests.e2e.test_staff_workspace import demo  # noqa: F401 (fixture)

pytestmark = pytest.mark.e2e


def test_home_page_loads_and_is_accessible(live_server, page, axe_check, screenshot):
    response = page.goto(live_server.url + "/")

    assert response is not None
    assert response.status == 200
    heading = page.locator("h1")
    assert heading.count() == 1
    assert heading.inner_text().strip()
    screenshot(page, "home")
    axe_check(page)


def test_axe_check_fails_on_an_image_without_alternative_text(page, axe_check):
    page.set_content(
        """<!DOCTYPE html>
        <html lang="en-GB">
        <head><title>Broken page</title></head>
        <body><main><h1>Broken page</h1>
        <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" id="no-alt">
        </main></body>
        </html>"""
    )

    with pytest.raises(AccessibilityViolations) as failure:
        axe_check(page)

    assert [v["id"] for v in failure.value.violations] == ["image-alt"]
    message = str(failure.value)
    assert "image-alt (critical)" in message
    assert "Images must have alternative text" in message
    assert "#no-alt" in message


def test_axe_check_passes_a_page_under_a_strict_content_security_policy(page, axe_check):
    page.route(
        "http://csp.test/",
        lambda route: route.fulfill(
            content_type="text/html",
            headers={"Content-Security-Policy": "default-src 'none'"},
            body='<!DOCTYPE html><html lang="en-GB"><head><title>Locked down</title></head>'
            "<body><main><h1>Locked down</h1></main></body></html>",
        ),
    )
    page.goto("http://csp.test/")

    results = axe_check(page)

    assert results["violations"] == []


def test_govuk_frontend_starts_under_the_sites_content_security_policy(live_server, page):
    refused = []
    page.on("console", lambda message: refused.append(message.text))
    response = page.goto(live_server.url + "/accounts/login/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_selector("[data-govuk-skip-link-init]", state="attached")
    assert "govuk-frontend-supported" in page.locator("body").get_attribute("class")
    assert page.locator("[data-module=govuk-button][data-govuk-button-init]").count() == 1
    assert [text for text in refused if "Content Security Policy" in text] == []


def test_the_admin_runs_under_the_content_security_policy(demo, live_server, page):  # noqa: F811
    from scrutiny.committees.models import Committee

    refused = []
    page.on("console", lambda message: refused.append(message.text))
    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill("scrutiny-demo")
    follow(page.get_by_role("button", name="Log in"))
    committee = Committee.objects.filter(memberships__isnull=False).first()
    page.goto(f"{live_server.url}/admin/committees/committee/{committee.pk}/change/")
    row = page.locator("tr.dynamic-memberships").first  # not the hidden row for a new one
    row.locator("input.vDateField").first.fill("")
    row.locator(".datetimeshortcuts a").first.click()  # "Today" fills the date by script
    assert row.locator("input.vDateField").first.input_value()
    assert [text for text in refused if "Content Security Policy" in text] == []
