"""The public side fuzzed: every public URL's path and query string (the page numbers and
the action log's filter) for the public and for a committee member, and the sign-in forms
(the site's and the admin's) and the sign-out button: never a 500, and a sign-in refused
says why in its error summary."""

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from scrutiny.alerts import services as alerts
from scrutiny.alerts.models import Subscriber
from scrutiny.committees.models import Document, Issue, Meeting, Visibility
from scrutiny.reviews.models import Review
from tests.fuzz.examples import undone
from tests.fuzz.forms import (
    assert_no_server_error,
    assert_refusal_is_explained,
    bodies,
    forms_on,
    page,
)
from tests.fuzz.profile import FUZZ
from tests.fuzz.urls import QUERY, paths
from tests.fuzz.values import TEXT
from tests.site.staff.world import (
    REVIEW_SLUG,
    USERNAMES,
    client_for,
    demo_world,  # noqa: F401 (the "world" fixture)
    url_routes,
)

PUBLIC = {
    name: route
    for name, route in url_routes().items()
    if not route.startswith(("staff/", "admin/", "api/"))
}
CALLERS = ("anonymous", "councillor")


def real_url(name: str) -> str:
    """The URL of a record the public may read."""
    review = Review.objects.get(slug=REVIEW_SLUG)
    meeting = Meeting.objects.filter(agenda_published_at__isnull=False).first()
    public = Document.objects.filter(
        visibility=Visibility.PUBLIC, item__visibility=Visibility.PUBLIC
    ).order_by("pk")
    document = public.first() or Document.objects.order_by("pk").first()
    args = {
        "site:committee_detail": [review.committee.slug],
        "site:committee_actions": [review.committee.slug],
        "site:meeting_detail": [meeting.pk],
        "site:meeting_calendar": [meeting.pk],
        "site:committee_calendar": [review.committee.slug],
        "site:decisions_atom": [review.committee.slug],
        "site:decisions_rss": [review.committee.slug],
        "site:review_progress_atom": [review.slug],
        "site:review_progress_rss": [review.slug],
        "site:review_tracker_csv": [review.slug],
        "site:issue_detail": [Issue.objects.first().slug],
        "site:review_detail": [review.slug],
        "site:recommendation_detail": [review.slug, 1],
        "site:document_download": [document.pk],
        "site:follow": ["review", review.pk],
        "site:follow_sent": ["review", review.pk],
        # Emailed links: the same page for a link that is not one.
        "site:follow_confirm": ["not-a-link"],
        "site:unsubscribe": ["not-a-link"],
        "password-invitation": ["MQ", "not-a-token"],
        "password-reset-confirm": ["MQ", "not-a-token"],
        "sign-in-unlock": ["not-a-link"],
    }
    return reverse(name, args=args.get(name, []))


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(PUBLIC))
def test_every_public_url_takes_any_path_and_query_string(world, name):
    clients = {role: client_for(role, raise_request_exception=False) for role in CALLERS}
    real = real_url(name)

    @FUZZ
    @given(path=paths(PUBLIC[name], real), query=QUERY, caller=st.sampled_from(CALLERS))
    def fuzz(path, query, caller):
        with undone():
            answer = clients[caller].get(f"{path}?{query}")
            assert_no_server_error(answer, f"GET {path}?{query}")

    fuzz()


SIGN_INS = ["login", "admin:login"]


@pytest.mark.django_db
@pytest.mark.parametrize("name", SIGN_INS)
def test_the_sign_in_forms_take_anything_without_a_server_error(world, name):
    client = client_for("anonymous", raise_request_exception=False)
    url = reverse(name)
    form = forms_on(client.get(url), url)[0]
    assert {"username", "password"} <= form.names
    user = get_user_model().objects.get(username=USERNAMES["no-role"])
    user.set_password("pw")  # the "no role" user's password, so some examples sign in
    user.save()
    known = st.sampled_from(["no.role", "pw", "NO.ROLE ", *USERNAMES.values()])

    @FUZZ
    @given(data=st.data(), next_page=st.one_of(st.just(""), TEXT))
    def fuzz(data, next_page):
        with undone():
            body = data.draw(bodies(form, known), label="body")
            target = f"{url}?next={next_page}" if next_page else url
            answer = client.post(target, **body)
            assert_no_server_error(answer, f"POST {target}")
            assert_refusal_is_explained(answer, form, url)
            client.logout()

    fuzz()


@pytest.mark.django_db
def test_the_sign_out_button_takes_anything_without_a_server_error(world):
    url = reverse("logout")
    home = page(client_for("councillor").get(reverse("site:home")))
    assert home.xpath(f'//form[@action="{url}"]'), "the sign-out button is on every page"

    @FUZZ
    @given(extra=st.dictionaries(st.text(min_size=1, max_size=20), TEXT, max_size=3))
    def fuzz(extra):
        with undone():
            client = client_for("councillor", raise_request_exception=False)
            answer = client.post(url, extra)
            assert_no_server_error(answer, f"POST {url}")

    fuzz()


@pytest.mark.django_db
def test_the_follow_confirm_and_unsubscribe_forms_take_anything_without_a_server_error(world):
    """Following by email: the form on the public pages, the confirmation page's button
    and the unsubscribe page's (which a mail program also posts to in one click)."""
    client = client_for("anonymous", raise_request_exception=False)
    review = Review.objects.get(slug=REVIEW_SLUG)
    url = reverse("site:review_detail", args=[review.slug])
    [follow] = [f for f in forms_on(client.get(url), url) if "/alerts/follow/" in f.action]
    assert follow.names == {"email"}
    token = alerts.follow_request_token(email="reader@example.org", target=review)
    confirm_url = reverse("site:follow_confirm", args=[token])
    [confirm] = forms_on(client.get(confirm_url), confirm_url)
    client.post(confirm_url)
    subscriber = Subscriber.objects.get(email="reader@example.org")
    leave_url = reverse("site:unsubscribe", args=[subscriber.token])
    [leave] = forms_on(client.get(leave_url), leave_url)
    known = st.sampled_from(["reader@example.org", "READER@example.org ", "a@b", "@", ""])

    @FUZZ
    @given(data=st.data(), which=st.sampled_from(["follow", "confirm", "leave"]))
    def fuzz(data, which):
        form = {"follow": follow, "confirm": confirm, "leave": leave}[which]
        with undone():
            cache.clear()
            body = data.draw(bodies(form, known), label="body")
            answer = client.post(form.action, **body)
            assert_no_server_error(answer, f"POST {form.action}")
            assert_refusal_is_explained(answer, form, form.action)

    fuzz()
