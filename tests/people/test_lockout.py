import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from scrutiny.people.lockout import sign_in_attempt_record, sign_in_lockout

pytestmark = pytest.mark.django_db
START = dt.datetime(2025, 2, 3, 9, 0, tzinfo=dt.UTC)


def fail(username="jo", ip="10.0.0.1", times=1):
    for _ in range(times):
        sign_in_attempt_record(username=username, ip_address=ip, succeeded=False)


def test_four_failures_do_not_lock():
    with time_machine.travel(START, tick=False):
        fail(times=4)
        assert sign_in_lockout(username="jo", ip_address="10.0.0.2") is None


def test_five_failures_lock_the_username_for_fifteen_minutes():
    with time_machine.travel(START, tick=False):
        fail(times=5)
        lockout = sign_in_lockout(username="JO", ip_address="10.0.0.2")
    assert lockout is not None
    assert lockout.until == START + dt.timedelta(minutes=15)
    assert "locked for 15 minutes" in lockout.message
    assert "Try again after 09:15" in lockout.message  # London time in February is UTC
    with time_machine.travel(START + dt.timedelta(minutes=14, seconds=59), tick=False):
        assert sign_in_lockout(username="jo", ip_address=None) is not None
    with time_machine.travel(START + dt.timedelta(minutes=15, seconds=1), tick=False):
        assert sign_in_lockout(username="jo", ip_address=None) is None


def test_failures_spread_over_more_than_fifteen_minutes_do_not_lock():
    for minute in (0, 5, 10, 15, 20):
        with time_machine.travel(START + dt.timedelta(minutes=minute), tick=False):
            fail()
    with time_machine.travel(START + dt.timedelta(minutes=20), tick=False):
        assert sign_in_lockout(username="jo", ip_address=None) is None


def test_a_successful_sign_in_clears_the_count():
    with time_machine.travel(START, tick=False):
        fail(times=4)
        sign_in_attempt_record(username="jo", ip_address="10.0.0.1", succeeded=True)
        fail(times=1)
        assert sign_in_lockout(username="jo", ip_address=None) is None


def test_many_failures_from_one_address_lock_that_address(settings):
    settings.SCRUTINY_SIGN_IN_MAX_FAILURES_PER_ADDRESS = 5
    with time_machine.travel(START, tick=False):
        for n in range(5):
            fail(username=f"guess{n}", ip="192.0.2.9")
        assert sign_in_lockout(username="someone", ip_address="192.0.2.9") is not None
        assert sign_in_lockout(username="someone", ip_address="192.0.2.10") is None


def test_lockout_uses_the_clock():
    # The model keeps the time it was told, so lockouts work under time travel.
    with time_machine.travel(START, tick=False):
        fail()
    from scrutiny.people.models import SignInAttempt

    assert SignInAttempt.objects.get().at == START
    assert timezone.now() > START
