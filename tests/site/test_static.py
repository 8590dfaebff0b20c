"""The committed, built front-end files."""

import json
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

ROOT = Path(__file__).resolve().parents[2]
STATIC = ROOT / "scrutiny" / "site" / "static" / "site"


@pytest.fixture(scope="module")
def app_css() -> str:
    return (STATIC / "app.css").read_text(encoding="utf-8-sig")


def test_app_css_is_built_and_found_by_staticfiles(app_css):
    assert finders.find("site/app.css") == str(STATIC / "app.css")
    assert len(app_css) > 50_000
    assert ".govuk-header" in app_css
    assert ".govuk-service-navigation" in app_css
    assert ".app-bar-chart__bar--100{width:100%}" in app_css
    assert ".app-tag--rag-red" in app_css


def test_app_css_uses_system_fonts_not_gds_transport(app_css):
    assert "GDS Transport" not in app_css
    assert "@font-face" not in app_css
    assert "font-family:system-ui," in app_css


def test_app_css_refers_to_no_govuk_image_or_missing_file(app_css):
    assert "govuk-crest" not in app_css
    assert "govuk-icon" not in app_css
    assert "url(" not in app_css


def test_govuk_frontend_javascript_is_the_es_module():
    js = finders.find("site/govuk-frontend.min.js")
    assert js
    text = Path(js).read_text(encoding="utf-8")
    assert "initAll" in text
    assert re.search(r"export\s*\{", text)
    # The source map is not shipped, so nothing may point at it.
    assert "sourceMappingURL" not in text


def test_no_gds_fonts_or_crown_images_are_shipped():
    names = {p.name.lower() for p in STATIC.rglob("*")}
    assert not any(n.endswith((".woff", ".woff2")) for n in names)
    assert not any("crest" in n or "govuk-icon" in n or "favicon" in n for n in names)


def test_built_css_matches_locked_govuk_frontend_version(app_css):
    lock = json.loads((ROOT / "frontend" / "package-lock.json").read_text(encoding="utf-8"))
    version = lock["packages"]["node_modules/govuk-frontend"]["version"]
    assert version.startswith("5."), version
    assert f"govuk-frontend {version}" in app_css, "run `npm run build` in frontend/"
    assert f'--govuk-frontend-version: "{version}"' in app_css
