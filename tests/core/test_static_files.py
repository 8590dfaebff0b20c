"""Static files as production serves them: collected with hashed, compressed names, served
by WhiteNoise with far-future cache headers, and linked by those names from every page."""

import re

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client, override_settings

from tests.factories import make_user

YEAR = 365 * 24 * 60 * 60


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    """The production static storage over a fresh STATIC_ROOT, collected once (without the
    admin's files, which only slow the test down)."""
    root = tmp_path_factory.mktemp("static")
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "scrutiny.core.static_files.HashedStaticFiles"},
    }
    with override_settings(STATIC_ROOT=root, STORAGES=storages):
        call_command("collectstatic", "--noinput", "--ignore", "admin", verbosity=0)
        yield root


def max_age(response) -> int:
    return int(re.search(r"max-age=(\d+)", response["Cache-Control"]).group(1))


@pytest.mark.django_db
def test_pages_link_hashed_names_served_with_far_future_headers(collected):
    page = Client().get("/")
    assert page.status_code == 200
    stylesheet = re.search(r'href="(/static/site/app\.[0-9a-f]{12}\.css)"', page.text).group(1)
    script = re.search(r'src="(/static/site/init\.[0-9a-f]{12}\.js)"', page.text).group(1)

    for url in (stylesheet, script):
        response = Client().get(url)
        assert response.status_code == 200, url
        assert max_age(response) >= YEAR
        assert "immutable" in response["Cache-Control"]


@pytest.mark.django_db
def test_signed_in_pages_link_the_same_assets(collected):
    client = Client()
    client.force_login(make_user("static.reader"))
    page = client.get("/staff/")
    assert re.search(r'href="/static/site/app\.[0-9a-f]{12}\.css"', page.text)


def test_compressed_copies_are_served_to_browsers_that_accept_them(collected):
    name = next((collected / "site").glob("app.*.css")).name
    response = Client().get(f"/static/site/{name}", headers={"accept-encoding": "br, gzip"})
    assert response.status_code == 200
    assert response["Content-Encoding"] == "br"
    assert "Accept-Encoding" in response["Vary"]


def test_the_module_script_imports_govuk_frontend_by_its_hashed_name(collected):
    init = next((collected / "site").glob("init.*.js")).read_text()
    imported = re.search(r'from "\./(govuk-frontend\.min\.[0-9a-f]{12}\.js)"', init).group(1)
    assert (collected / "site" / imported).exists()


def test_an_unhashed_name_is_served_but_not_kept_for_long(collected):
    response = Client().get("/static/site/app.css")
    assert response.status_code == 200
    assert max_age(response) < 60 * 60
