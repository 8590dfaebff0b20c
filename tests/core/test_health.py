import datetime as dt

import pytest
from django.db import OperationalError, connection
from django.urls import reverse
from django.utils import timezone

from scrutiny.core.models import WorkerHeartbeat
from scrutiny.core.security import HEADER as CSP_HEADER
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_healthz_answers_ok_as_plain_text_through_the_middleware(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"].startswith("text/plain")
    # The middleware stack ran (the security headers are there) and nothing may cache it.
    assert CSP_HEADER in response
    assert "no-store" in response["Cache-Control"]


def test_healthz_leaves_the_session_alone_even_when_signed_in(client, django_assert_num_queries):
    client.force_login(make_user("health.officer"))
    with django_assert_num_queries(0):
        response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert not response.cookies
    assert "Cookie" not in response.get("Vary", "")


def test_healthz_refuses_writes(client):
    assert client.post(reverse("healthz")).status_code == 405


def ready(client):
    response = client.get(reverse("readyz"))
    return response.status_code, response.json()


def test_readyz_answers_ready_with_each_check_never_cached(client):
    status, body = ready(client)
    assert status == 200
    assert body["status"] == "ready" and body["failing"] == []
    assert list(body["checks"]) == ["database", "storage", "cache", "worker", "reminders"]
    assert body["checks"]["storage"] == {"ok": True, "says": "writable"}
    assert body["checks"]["worker"]["says"] == "Tasks run at once; there is no background worker."
    response = client.get(reverse("readyz"))
    assert "no-store" in response["Cache-Control"]
    assert client.post(reverse("readyz")).status_code == 405


def test_readyz_names_a_worker_not_seen_lately(client, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.SCRUTINY_WORKER_STALE_SECONDS = 600
    long_ago = timezone.now() - dt.timedelta(minutes=11)
    WorkerHeartbeat.objects.create(
        worker_id="w", host="h", pid=1, started_at=long_ago, beat_at=long_ago
    )
    status, body = ready(client)
    assert status == 503
    assert "worker" in body["failing"]
    assert body["checks"]["worker"]["says"].startswith("The background worker has not been seen")
    WorkerHeartbeat.objects.update(beat_at=timezone.now())
    assert "worker" not in ready(client)[1]["failing"]


def test_readyz_names_storage_that_cannot_be_written(client, settings, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    settings.MEDIA_ROOT = str(blocker / "media")
    status, body = ready(client)
    assert (status, body["failing"]) == (503, ["storage"])
    assert body["checks"]["storage"] == {"ok": False, "says": "cannot be written"}
    settings.MEDIA_ROOT = str(tmp_path / "not-yet" / "media")  # made on the first upload
    assert ready(client)[0] == 200


def test_readyz_names_a_cache_that_keeps_nothing(client, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    status, body = ready(client)
    assert (status, body["failing"]) == (503, ["cache"])


def test_readyz_names_a_database_that_does_not_answer_and_says_no_more(client, monkeypatch, caplog):
    def refuse(*args, **kwargs):
        raise OperationalError('connection to server at "db.internal" (10.0.0.5) refused')

    monkeypatch.setattr(connection, "cursor", refuse)
    response = client.get(reverse("readyz"))
    assert response.status_code == 503
    body = response.json()
    assert body["failing"][0] == "database"
    assert body["checks"]["database"] == {"ok": False, "says": "unavailable"}
    assert b"db.internal" not in response.content and b"10.0.0.5" not in response.content
    assert "db.internal" in caplog.text  # the details go to the log
