"""The demo is refused under production settings unless asked for with
--allow-production, which warns, and then no sign-in has the published demo password."""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from scrutiny.demo.facts import DEMO_PASSWORD
from scrutiny.demo.guard import production_settings
from scrutiny.reviews.models import Review
from tests.helpers import assert_database_unchanged

pytestmark = pytest.mark.django_db

SIGN_INS = ["admin", "scrutiny.officer", "clerk", "owner", "councillor"]


def settings_of(module: str, *, debug: bool):
    # Both in one override: a second override would hide the first's SETTINGS_MODULE.
    return override_settings(SETTINGS_MODULE=module, DEBUG=debug)


@pytest.fixture
def production():
    with settings_of("config.settings.production", debug=False):
        yield


def run(*arguments) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*arguments, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.parametrize(
    "module, debug, production",
    [
        ("config.settings.local", True, False),
        ("config.settings.test", False, False),
        ("config.settings.production", False, True),
        ("config.settings.production", True, True),
        # A council's own settings module, served without DEBUG, is live too.
        ("council.settings", False, True),
    ],
)
def test_what_counts_as_production(module, debug, production):
    with settings_of(module, debug=debug):
        assert production_settings() is production


@pytest.mark.parametrize("command", ["load_demo", "demo_sign_ins"])
def test_refused_under_production_settings(production, command):
    with assert_database_unchanged(), pytest.raises(CommandError, match="production"):
        run(command)
    assert not Review.objects.exists()


def test_allowed_with_a_warning_and_no_sign_in_has_the_demo_password(production):
    out, err = run("load_demo", "--allow-production")
    assert "WARNING" in err and "production" in err
    assert DEMO_PASSWORD not in out + err
    printed = dict(re.findall(r"^  (\S+)\s+(\S+)$", out, flags=re.M))
    assert sorted(printed) == sorted(SIGN_INS)
    assert len(set(printed.values())) == len(SIGN_INS)  # each its own
    for user in get_user_model().objects.filter(username__in=SIGN_INS):
        assert not user.check_password(DEMO_PASSWORD), user.username
        assert user.check_password(printed[user.username]), user.username
    assert get_user_model().objects.get(username="admin").is_superuser

    # Printed once: listing the sign-ins later gives no password, and never the demo one.
    with pytest.raises(CommandError):
        run("demo_sign_ins")
    out, err = run("demo_sign_ins", "--allow-production")
    assert "WARNING" in err
    assert DEMO_PASSWORD not in out
    assert not any(password in out for password in printed.values())
    assert "admin" in out


def test_test_settings_overridden_are_not_production(settings):
    """Overriding settings twice loses SETTINGS_MODULE (Django's holder has it as None):
    the module the environment chose still counts."""
    settings.SCRUTINY_PAGE_CACHE_SECONDS = 0
    settings.DEBUG = False
    assert not production_settings()


def test_a_local_demo_keeps_the_demo_password():
    """`make run` (local settings) is as before: every sign-in has the demo password."""
    with settings_of("config.settings.local", debug=True):
        out, err = run("load_demo")
    assert err == ""
    for user in get_user_model().objects.filter(username__in=SIGN_INS):
        assert user.check_password(DEMO_PASSWORD), user.username
    with settings_of("config.settings.local", debug=True):
        out, _ = run("demo_sign_ins")
    assert DEMO_PASSWORD in out
