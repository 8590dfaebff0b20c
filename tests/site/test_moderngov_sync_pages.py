"""The ModernGov sync's staff pages: the runs and each run's log, "Run it now" (one run at
a time: a second click while one is queued or running queues nothing), a run followed
while it runs, and the daily schedule the worker keeps."""

import re

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django_tasks import default_task_backend
from django_tasks_db.models import DBTaskResult

from scrutiny.committees.models import Meeting
from scrutiny.committees.services import minutes_set_status
from scrutiny.core.schedule import next_daily_run
from scrutiny.imports.jobs import JobProgress, job_begin
from scrutiny.imports.models import SyncRun
from scrutiny.imports.sync import sync_run
from scrutiny.imports.tasks import schedule_sync, sync_daily
from scrutiny.people.roles import Role
from tests.factories import make_user
from tests.imports.sync_site import moderngov_site  # noqa: F401 (the "site" fixture)

pytestmark = pytest.mark.django_db

RUNS = reverse("moderngov_sync:runs")
DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
KEY = re.compile(r'name="submission" value="([0-9a-f]{32})"')


def signed_in(role: Role = Role.CLERK) -> Client:
    user = make_user()
    user.groups.add(Group.objects.get(name=role.label))
    client = Client()
    client.force_login(user)
    return client


def run_it_now(client: Client, key: str = ""):
    """Press "Run it now" on the page as it was just shown (its own one-time key)."""
    if not key:
        key = KEY.search(client.get(RUNS).content.decode()).group(1)
    return client.post(RUNS, {"run": "now", "submission": key})


@pytest.fixture
def queue(settings):
    """Tasks wait in a queue that nothing runs, as they do for the worker in production."""
    settings.TASKS = DUMMY_TASKS
    default_task_backend.clear()
    yield default_task_backend
    default_task_backend.clear()


def test_the_page_shows_the_runs_and_each_runs_log(site):
    clerk = signed_in()
    first = run_it_now(clerk)
    second = run_it_now(clerk)
    assert first.status_code == second.status_code == 302
    runs = list(SyncRun.objects.order_by("pk"))
    assert [r.outcome for r in runs] == ["changed", "unchanged"]
    assert second["Location"] == reverse("moderngov_sync:run", kwargs={"run": runs[1].pk})

    page = clerk.get(RUNS).content.decode()
    table = page[page.index('id="sync-runs"') :]
    assert table.count('href="/staff/imports/moderngov/sync/runs/') == 2
    assert "Changes imported" in table and "Nothing changed" in table
    assert site.url in page and "ModernGov ids 123" in page

    log = clerk.get(second["Location"]).content.decode()
    assert "Nothing changed: the record already held everything" in log
    assert log.count(">Unchanged</td>") == 3  # each meeting, by name
    assert 'http-equiv="refresh"' not in log
    meeting = Meeting.objects.get(source_id="702")
    assert reverse("staff:meeting", args=[meeting.pk]) in log


def test_a_refused_signed_meeting_is_in_the_log(site):
    clerk = signed_in()
    run_it_now(clerk)
    minutes_set_status(
        actor=None,
        meeting=Meeting.objects.get(source_id="701"),
        status=Meeting.MinutesStatus.SIGNED,
    )
    site.change_minutes("701", "Rewritten after signing.")
    log = clerk.get(run_it_now(clerk)["Location"]).content.decode()
    assert "Meetings refused" in log
    assert "signed and locked" in log
    assert ">Refused</td>" in log


def test_run_it_now_queues_one_run_and_a_second_click_while_it_runs_queues_none(site, queue):
    clerk, officer = signed_in(Role.CLERK), signed_in(Role.SCRUTINY_OFFICER)

    first = run_it_now(clerk)
    [queued] = SyncRun.objects.all()
    assert first["Location"] == reverse("moderngov_sync:run", kwargs={"run": queued.pk})
    assert len(queue.results) == 1
    assert queued.state == "queued" and queued.in_flight

    again = run_it_now(officer)  # another person, another page: the same run, nothing queued
    assert again["Location"] == first["Location"]
    assert SyncRun.objects.count() == 1 and len(queue.results) == 1

    job_begin(queued.pk, model=SyncRun)  # the worker takes it
    JobProgress(queued).stage("Importing new and changed meetings", total=3)
    SyncRun.objects.filter(pk=queued.pk).update(steps_done=1)  # as the importer reports it
    while_running = run_it_now(clerk)
    assert while_running["Location"] == first["Location"]
    assert SyncRun.objects.count() == 1 and len(queue.results) == 1
    following = clerk.get(first["Location"]).content.decode()
    assert 'http-equiv="refresh" content="5"' in following
    assert "1 of 3 meetings (33%)" in following
    assert "A run was already under way" in following


def test_the_same_form_sent_again_after_its_run_ended_queues_nothing(site):
    clerk = signed_in()
    key = KEY.search(clerk.get(RUNS).content.decode()).group(1)
    first = run_it_now(clerk, key)
    assert SyncRun.objects.get().state == "done"
    assert run_it_now(clerk, key)["Location"] == first["Location"]
    assert SyncRun.objects.count() == 1


def test_an_empty_post_changes_nothing(site):
    clerk = signed_in()
    answer = clerk.post(RUNS, {})
    assert answer.status_code == 302 and answer["Location"] == RUNS
    assert not SyncRun.objects.exists()


def test_not_set_up_the_page_says_so_and_offers_no_button(settings):
    settings.SCRUTINY_MODERNGOV_SYNC_URL = ""
    clerk = signed_in()
    page = clerk.get(RUNS).content.decode()
    assert "The sync is not set up" in page
    assert "Run it now" not in page
    answer = clerk.post(RUNS, {"run": "now", "submission": ""}, follow=True)
    assert "The sync is not set up" in answer.content.decode()
    assert not SyncRun.objects.exists()


def test_councillors_cannot_see_the_sync():
    councillor = signed_in(Role.COUNCILLOR)
    assert councillor.get(RUNS).status_code == 403


def test_the_worker_queues_the_daily_run_and_each_run_queues_the_next(site, settings):
    settings.TASKS = DATABASE_TASKS
    settings.SCRUTINY_MODERNGOV_SYNC_RUN_AT = "05:30"
    schedule_sync()
    schedule_sync()  # the worker started again: still one
    waiting = DBTaskResult.objects.filter(task_path=sync_daily.module_path, status="READY")
    assert [r.run_after for r in waiting] == [next_daily_run("05:30")]

    waiting.delete()
    assert sync_daily.call() == "done"  # today's run, done here
    [run] = SyncRun.objects.all()
    assert (run.trigger, run.state, run.created) == ("schedule", "done", 3)
    assert [r.run_after for r in waiting.all()] == [next_daily_run("05:30")]


def test_switched_off_nothing_is_scheduled(settings):
    settings.TASKS = DATABASE_TASKS
    settings.SCRUTINY_MODERNGOV_SYNC_URL = ""
    schedule_sync()
    assert sync_daily.call() == ""
    assert not DBTaskResult.objects.filter(task_path=sync_daily.module_path).exists()
    assert not SyncRun.objects.exists()


def test_a_run_delivered_twice_runs_once(site, queue):
    run_it_now(signed_in())
    run = SyncRun.objects.get()
    assert sync_run(run.pk) == "done"
    assert sync_run(run.pk) == ""
