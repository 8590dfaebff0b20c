import pytest

from tests.publishing.records import build_restricted_record


@pytest.fixture
def world(db):
    return build_restricted_record()


@pytest.fixture
def user_of(world):
    """The user by role name; "anonymous" is Django's AnonymousUser."""
    from django.contrib.auth.models import AnonymousUser

    def _user(name: str):
        return world.users[name] or AnonymousUser()

    return _user
