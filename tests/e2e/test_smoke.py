import pytest

from tests.e2e.axe import AccessibilityViolations

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
