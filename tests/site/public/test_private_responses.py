"""Every response that depends on who is signed in is `Cache-Control: private, no-store`,
so no shared cache between the site and its readers keeps a page that shows a member
their committee's exempt business and gives it to the public. Anonymous public pages
stay cacheable (tests/site/public/test_cache.py)."""

import pytest
from django.contrib import messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import reverse

from tests.core.cache_support import turn_on_page_cache
from tests.publishing.records import MARK, build_restricted_record

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["page cache on", "page cache off"])
def world(request, settings):
    if request.param == "page cache on":
        turn_on_page_cache(settings)
    return build_restricted_record()


def member_client(world) -> Client:
    client = Client()
    client.force_login(world.users["member"])
    return client


def assert_private(response) -> None:
    cache_control = response.get("Cache-Control", "")
    assert "private" in cache_control and "no-store" in cache_control, cache_control
    assert "public" not in cache_control
    assert not response.has_header("ETag")


def exempt_meeting(world):
    return world.objects["exempt item"].meeting


def test_a_member_reading_their_committees_exempt_item_gets_a_private_page(world):
    url = reverse("site:meeting_detail", args=[exempt_meeting(world).pk])
    Client().get(url)  # the public's copy is cached first, where the cache is on
    response = member_client(world).get(url)
    assert response.status_code == 200
    assert MARK in response.content.decode()  # the member sees the exempt business
    assert_private(response)


def test_a_members_api_answer_is_private(world):
    url = reverse("api:meeting_detail", args=[exempt_meeting(world).pk])
    Client().get(url)
    response = member_client(world).get(url)
    assert response.status_code == 200
    assert MARK in response.content.decode()
    assert_private(response)


@pytest.mark.parametrize(
    "name, args",
    [
        ("site:home", []),
        ("site:committee_list", []),
        ("api:index", []),
        ("api:openapi", []),
        ("site:accessibility", []),
    ],
)
def test_every_page_a_signed_in_user_gets_is_private(world, name, args):
    """Even pages that show nothing personal: the header says who is signed in."""
    response = member_client(world).get(reverse(name, args=args))
    assert response.status_code == 200
    assert_private(response)


def test_a_signed_in_users_not_found_page_is_private(world):
    """A page that never asked who is signed in still has the header that says so."""
    client = member_client(world)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert_private(response)


def test_an_anonymous_session_read_by_the_page_is_private(world):
    """A visitor who is not signed in but has a session (a message waiting, a form
    half-done) may be shown something of their own."""
    client = Client()
    session = client.session
    session["something"] = "of their own"
    session.save()
    client.cookies["sessionid"] = session.session_key
    response = client.get(reverse("site:home"))
    assert response.status_code == 200
    assert_private(response)


def test_an_anonymous_visitor_without_a_session_gets_a_cacheable_page(world):
    response = Client().get(reverse("site:meeting_detail", args=[exempt_meeting(world).pk]))
    assert MARK not in response.content.decode()
    assert "private" not in response.get("Cache-Control", "")
    assert "no-store" not in response.get("Cache-Control", "")


def test_an_anonymous_page_that_shows_a_waiting_message_is_private(world):
    """Messages travel in a cookie of their own: a page showing one is the visitor's."""
    client = Client()
    storage = CookieStorage(HttpRequest())
    response = HttpResponse()
    storage.add(messages.INFO, "Signed out: a message for this visitor only")
    storage.update(response)
    client.cookies[CookieStorage.cookie_name] = response.cookies[CookieStorage.cookie_name].value
    response = client.get(reverse("site:home"))
    assert response.status_code == 200
    assert "a message for this visitor only" in response.content.decode()
    assert_private(response)
