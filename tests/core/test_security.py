"""The Content-Security-Policy: on every response, strict, and the templates obey it."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from scrutiny.core.security import CONTENT_SECURITY_POLICY, INLINE_STYLED_DOCUMENT_POLICY
from tests.site.staff.conftest import demo, signed_in  # noqa: F401 (fixture)

ROOT = Path(__file__).resolve().parents[2] / "scrutiny"
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/(?:ld\+)?json)[^>]*>")
INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)


def directives(policy: str) -> dict[str, str]:
    return dict(part.strip().split(" ", 1) for part in policy.split(";"))


def test_the_policy_refuses_inline_scripts_styles_plugins_and_framing():
    policy = directives(CONTENT_SECURITY_POLICY)
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/committees/", "/accounts/login/", "/admin/login/"])
def test_every_page_carries_the_policy(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == CONTENT_SECURITY_POLICY


@pytest.mark.django_db
def test_the_reports_standalone_html_allows_only_its_own_inline_stylesheet(demo):  # noqa: F811
    url = reverse("staff:report-draft", args=[demo.slug])
    response = signed_in("scrutiny.officer").get(url)
    assert response.status_code == 200
    assert "<style" in response.content.decode()
    policy = directives(response["Content-Security-Policy"])
    assert response["Content-Security-Policy"] == INLINE_STYLED_DOCUMENT_POLICY
    assert policy["default-src"] == "'none'" and "script-src" not in policy


@pytest.mark.parametrize(
    "template",
    sorted(p for p in ROOT.rglob("templates/**/*.html") if "email" not in p.parts),
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_no_site_template_has_inline_script_or_style(template):
    if "reports" in template.parts:
        pytest.skip("the report's standalone HTML has its own policy")
    text = template.read_text(encoding="utf-8")
    assert not INLINE_SCRIPT.search(text)
    assert not INLINE_HANDLER.search(text)
    assert 'style="' not in text and "<style" not in text
