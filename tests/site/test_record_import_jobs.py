"""A minutes page is read in the background worker, never in the web request: the request
keeps the upload and queues a job, whose page follows it (refreshing itself) to its
preview, its result or its failure. Only the job's owner and administrators see a job,
and the session holds its id and nothing else."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone
from django_tasks import default_task_backend
from django_tasks_db.management.commands import db_worker

from scrutiny.committees.models import Meeting
from scrutiny.imports import minutes_job, pending
from scrutiny.imports.job_queue import job_confirm
from scrutiny.imports.jobs import JobProgress, job_begin, job_status
from scrutiny.imports.models import ImportJob
from scrutiny.imports.tasks import GONE, UNEXPECTED, run_import_job
from scrutiny.people.roles import Role
from scrutiny.site.record_imports import SESSION_KEY
from tests.factories import make_user
from tests.imports.conftest import FIXTURES

pytestmark = pytest.mark.django_db

URL = "/staff/imports/minutes/"
SEED = (FIXTURES / "issue_customer_services.txt").read_text(encoding="utf-8")
DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
REFRESH = re.compile(r'<meta http-equiv="refresh" content="\d+">')


def officer(client=None, role: Role = Role.SCRUTINY_OFFICER):
    user = make_user()
    user.groups.add(Group.objects.get(name=role.label))
    if client is not None:
        client.force_login(user)
    return user


@pytest.fixture
def queue(settings):
    """Tasks wait in a queue that nothing runs, as they do for the worker in production."""
    settings.TASKS = DUMMY_TASKS
    default_task_backend.clear()
    yield default_task_backend
    default_task_backend.clear()


@pytest.fixture
def no_parsing(monkeypatch):
    """The parser, made to fail the test if anything calls it."""

    def refuse(**kwargs):
        raise AssertionError("the page was parsed")

    monkeypatch.setattr(minutes_job, "parse_saved_page", refuse)


def queued_job(client) -> ImportJob:
    response = client.post(URL, {"text": SEED})
    assert response.status_code == 302
    return ImportJob.objects.get()


def test_the_request_keeps_the_page_and_queues_its_check_without_reading_it(
    client, queue, no_parsing
):
    user = officer(client)
    response = client.post(URL, {"text": SEED})
    job = ImportJob.objects.get()
    assert response["Location"] == f"{URL}jobs/{job.pk}/"
    assert (job.kind, job.step, job.state, job.owner) == ("minutes", "check", "queued", user)
    assert pending.pending_read_bytes(pending.MINUTES, job.token) == SEED.strip().encode()
    [queued] = queue.results
    assert queued.task == run_import_job and queued.args == [str(job.pk)]
    # The session holds the job's id, and nothing of the page or where it is kept.
    assert client.session[SESSION_KEY] == {"job": str(job.pk)}
    assert job.token not in str(dict(client.session))


def test_a_queued_job_refreshes_itself_until_the_worker_has_run_it(client, queue):
    officer(client)
    job = queued_job(client)
    page = client.get(f"{URL}jobs/{job.pk}/").content.decode()
    assert REFRESH.search(page)
    assert "Waiting for the background worker" in page
    assert f'href="{URL}jobs/{job.pk}/?updates=off">Stop updating this page' in page
    assert not REFRESH.search(client.get(f"{URL}jobs/{job.pk}/?updates=off").content.decode())
    assert Meeting.objects.count() == 0

    assert run_import_job.call(str(job.pk)) == "done"
    page = client.get(f"{URL}jobs/{job.pk}/").content.decode()
    assert not REFRESH.search(page)
    assert "What importing would do" in page
    assert "Councillor Vicky Wapplington" in page
    assert Meeting.objects.count() == 0  # a check writes nothing


def test_confirming_queues_the_import_and_its_page_shows_the_result(client, queue):
    officer(client)
    check = queued_job(client)
    run_import_job.call(str(check.pk))
    response = client.post(f"{URL}jobs/{check.pk}/confirm/", {"confirm": str(check.pk)})
    imported = ImportJob.objects.get(step="import")
    assert response["Location"] == f"{URL}jobs/{imported.pk}/"
    assert (imported.checked, imported.token, imported.state) == (check, check.token, "queued")
    assert Meeting.objects.count() == 0
    assert "Importing the page" in client.get(response["Location"]).content.decode()

    run_import_job.call(str(imported.pk))
    page = client.get(response["Location"]).content.decode()
    assert "Import complete" in page
    assert Meeting.objects.count() == 1
    with pytest.raises(pending.PendingGone):  # imported: the upload is let go
        pending.pending_read_bytes(pending.MINUTES, check.token)


def test_a_job_runs_once_however_often_its_task_is_delivered(client, queue):
    officer(client)
    job = queued_job(client)
    assert run_import_job.call(str(job.pk)) == "done"
    assert run_import_job.call(str(job.pk)) == ""


def test_a_job_moves_from_queued_to_running_to_done_with_its_stages(client, queue, monkeypatch):
    officer(client)
    job = queued_job(client)
    seen = []

    def stage(progress, text, *, total=0):
        ImportJob.objects.filter(pk=progress.job.pk).update(stage=text, steps_total=total)
        seen.append((ImportJob.objects.get(pk=progress.job.pk).state, text, total))

    monkeypatch.setattr(JobProgress, "stage", stage)
    run_import_job.call(str(job.pk))
    job.refresh_from_db()
    assert seen == [
        ("running", "Reading the page", 0),
        ("running", "Checking each meeting against the record", 1),
        ("running", "Comparing the stated figures with the tracker", 0),
    ]
    assert job.state == "done" and job.stage == "" and job.error == ""
    assert job.started_at <= job.finished_at and job.heartbeat_at
    assert job.result["report"]["counts"]["meeting"]["created"] == 1


def test_progress_counts_are_recorded_as_the_importer_reports_them(client, queue):
    officer(client)
    job = queued_job(client)
    progress = JobProgress(job_begin(job.pk))
    progress.stage("Importing each meeting", total=250)
    progress.count(100, 250)
    job.refresh_from_db()
    assert (job.stage, job.steps_done, job.steps_total) == ("Importing each meeting", 0, 250)
    # Inside the importer's transaction the count is kept in hand; it is written beside
    # that transaction where the database allows it (test_progress_is_seen_*, PostgreSQL).
    assert (progress.job.steps_done, progress.job.steps_total) == (100, 250)
    page = client.get(f"{URL}jobs/{job.pk}/").content.decode()
    assert "Importing each meeting" in page and "of 250" in page


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has one writer at a time")
@pytest.mark.django_db(transaction=True)
def test_progress_is_seen_by_other_connections_while_the_import_transaction_is_open(
    settings, queue
):
    user = make_user()  # no role: a transactional test may start with no groups
    token = pending.pending_keep_bytes(pending.MINUTES, SEED.encode())
    job = ImportJob.objects.create(owner=user, kind="minutes", step="check", token=token)
    progress = JobProgress(job_begin(job.pk))
    other = connection.copy()
    try:
        with transaction.atomic():
            progress.count(100, 250)
            with other.cursor() as cursor:
                cursor.execute(
                    "SELECT steps_done, steps_total FROM imports_importjob WHERE id = %s",
                    [job.pk],
                )
                assert cursor.fetchone() == (100, 250)
    finally:
        other.close()


def test_a_refused_page_fails_with_its_reason_and_keeps_the_upload(client, queue):
    officer(client)
    client.post(URL, {"text": "Issue - meetings\nMeeting: 31/02/2024 - Cabinet (Item 4)\n4 X"})
    job = ImportJob.objects.get()
    run_import_job.call(str(job.pk))
    job.refresh_from_db()
    assert job.state == "failed"
    assert job.error == "line 2: the meeting date 31/02/2024 is not a real date"
    page = client.get(f"{URL}jobs/{job.pk}/").content.decode()
    assert "line 2: the meeting date 31/02/2024 is not a real date" in page
    assert "Check the same page again" in page
    assert pending.pending_read_bytes(pending.MINUTES, job.token)


def test_an_upload_no_longer_kept_fails_saying_so(client, queue):
    officer(client)
    job = queued_job(client)
    pending.pending_delete(pending.MINUTES, job.token)
    run_import_job.call(str(job.pk))
    job.refresh_from_db()
    assert (job.state, job.error) == ("failed", GONE)
    page = client.get(f"{URL}jobs/{job.pk}/").content.decode()
    assert "no longer kept" in page
    assert "Give the page again" in page
    assert "Check the same page again" not in page


def test_an_unexpected_error_fails_the_job_and_is_raised_for_the_log(client, queue, monkeypatch):
    officer(client)
    job = queued_job(client)

    def broken(**kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(minutes_job, "parse_saved_page", broken)
    with pytest.raises(RuntimeError):
        run_import_job.call(str(job.pk))
    job.refresh_from_db()
    assert (job.state, job.error) == ("failed", UNEXPECTED)
    assert "a bug" not in client.get(f"{URL}jobs/{job.pk}/").content.decode()


def test_a_job_whose_worker_died_reads_as_failed_and_can_be_checked_again(client, queue, settings):
    settings.SCRUTINY_IMPORT_JOB_STALE_SECONDS = 600
    officer(client)
    job = queued_job(client)
    job_begin(job.pk)
    silent = timezone.now() - datetime.timedelta(minutes=11)
    ImportJob.objects.filter(pk=job.pk).update(heartbeat_at=silent)
    job.refresh_from_db()
    assert job.state == "running"  # as the worker left it
    assert job_status(job).state == "failed" and job_status(job).stopped
    page = client.get(f"{URL}jobs/{job.pk}/").content.decode()
    assert not REFRESH.search(page)
    assert "The background worker stopped while checking the page" in page
    assert "more than 10 minutes ago" in page

    response = client.post(f"{URL}jobs/{job.pk}/retry/", {"retry": str(job.pk)})
    again = ImportJob.objects.exclude(pk=job.pk).get()
    assert response["Location"] == f"{URL}jobs/{again.pk}/"
    assert (again.token, again.step, again.state) == (job.token, "check", "queued")
    assert client.session[SESSION_KEY] == {"job": str(again.pk)}
    run_import_job.call(str(again.pk))
    assert "What importing would do" in client.get(response["Location"]).content.decode()


def test_a_job_still_reporting_is_running(client, queue):
    officer(client)
    job = queued_job(client)
    job_begin(job.pk)
    job.refresh_from_db()
    assert job_status(job).state == "running"
    assert REFRESH.search(client.get(f"{URL}jobs/{job.pk}/").content.decode())


def test_a_job_no_worker_has_taken_keeps_waiting_and_says_so(client, queue):
    officer(client)
    job = queued_job(client)
    ImportJob.objects.filter(pk=job.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=1)
    )
    page = client.get(f"{URL}jobs/{job.pk}/").content.decode()
    assert REFRESH.search(page)
    assert "it may not be running" in page


def test_only_a_finished_check_can_be_confirmed_and_only_a_failed_job_retried(client, queue):
    officer(client)
    job = queued_job(client)
    for action, field in (("confirm", "confirm"), ("retry", "retry")):
        response = client.post(f"{URL}jobs/{job.pk}/{action}/", {field: str(job.pk)})
        assert response["Location"] == f"{URL}jobs/{job.pk}/"
    # A form that does not name the job does nothing either.
    run_import_job.call(str(job.pk))
    client.post(f"{URL}jobs/{job.pk}/confirm/", {"confirm": "another"})
    assert ImportJob.objects.count() == 1


def test_only_the_owner_and_administrators_see_a_job(client, queue, django_user_model):
    officer(client)
    job = queued_job(client)
    run_import_job.call(str(job.pk))
    job_url = f"{URL}jobs/{job.pk}/"
    officer(client, Role.CLERK)
    assert client.get(job_url).status_code == 404
    assert client.post(f"{job_url}confirm/", {"confirm": str(job.pk)}).status_code == 404
    assert client.get(URL, {"again": str(job.pk)}).context["form"]["text"].value() is None
    assert ImportJob.objects.count() == 1
    client.force_login(django_user_model.objects.create_superuser("root", password="pw"))
    assert client.get(job_url).status_code == 200
    # Each importer's pages show its own jobs only.
    assert client.get(f"/staff/imports/moderngov/jobs/{job.pk}/").status_code == 404


def test_a_new_upload_lets_the_sessions_previous_one_go(client, queue):
    officer(client)
    first = queued_job(client)
    client.post(URL, {"text": SEED})
    with pytest.raises(pending.PendingGone):
        pending.pending_read_bytes(pending.MINUTES, first.token)
    latest = ImportJob.objects.exclude(pk=first.pk).get()
    assert client.session[SESSION_KEY] == {"job": str(latest.pk)}


@pytest.fixture
def worker(monkeypatch):
    """The real database worker in batch mode (see tests/reminders/test_task.py)."""
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    def run():
        call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)

    return run


def test_the_database_worker_runs_the_check_and_the_import(client, settings, worker):
    settings.TASKS = DATABASE_TASKS
    officer(client)
    job = queued_job(client)
    assert (
        "Waiting for the background worker" in client.get(f"{URL}jobs/{job.pk}/").content.decode()
    )
    worker()
    assert "What importing would do" in client.get(f"{URL}jobs/{job.pk}/").content.decode()
    response = client.post(f"{URL}jobs/{job.pk}/confirm/", {"confirm": str(job.pk)})
    worker()
    assert "Import complete" in client.get(response["Location"]).content.decode()
    assert Meeting.objects.count() == 1


def test_finished_jobs_are_swept_after_thirty_days_when_a_new_one_is_queued(client, queue):
    officer(client)
    old_check = queued_job(client)
    run_import_job.call(str(old_check.pk))
    old_import = job_confirm(job=old_check, actor=old_check.owner)
    run_import_job.call(str(old_import.pk))
    waiting = queued_job_again(client)
    long_ago = timezone.now() - datetime.timedelta(days=31)
    ImportJob.objects.update(created_at=long_ago)
    client.post(URL, {"text": SEED})
    # The finished ones go; one still waiting for the worker stays, and the new one.
    assert set(ImportJob.objects.values_list("state", flat=True)) == {"queued"}
    assert ImportJob.objects.filter(pk=waiting.pk).exists()
    assert ImportJob.objects.count() == 2


def queued_job_again(client) -> ImportJob:
    client.post(URL, {"text": SEED})
    return ImportJob.objects.filter(state="queued").latest("created_at")
