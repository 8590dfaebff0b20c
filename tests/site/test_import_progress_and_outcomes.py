"""Long imports: the job's page shows the worker's progress as a bar with its figures; the
same upload form sent twice queues one job; the done page links each meeting imported and
lists each one refused, with the reason, never as imported."""

import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from scrutiny.committees.models import Meeting
from scrutiny.imports import pending
from scrutiny.imports.jobs import JobProgress, job_begin, job_percent
from scrutiny.imports.models import ImportJob
from scrutiny.people.roles import Role
from scrutiny.site.submission import new_key
from tests.site.import_jobs import confirm, give
from tests.site.test_moderngov_imports import URL as MODERNGOV
from tests.site.test_moderngov_imports import answers, own_media_root, zip_of
from tests.site.test_record_import_jobs import SEED, officer, queue

pytestmark = pytest.mark.django_db
MINUTES = "/staff/imports/minutes/"
__all__ = ["own_media_root", "queue"]  # fixtures used here


@pytest.mark.django_db(transaction=True)  # as the worker runs: outside any test transaction
def test_the_progress_the_task_records_is_saved_and_shown_as_a_bar(client, queue):
    # A transactional test may follow another's flush, which empties the roles' groups.
    Group.objects.get_or_create(name=Role.SCRUTINY_OFFICER.label)
    officer(client)
    client.post(MINUTES, {"text": SEED, "submission": new_key()})
    job = ImportJob.objects.get()
    progress = JobProgress(job_begin(job.pk))
    progress.stage("Checking each meeting against the record", total=40)
    progress.count(12, 40)  # between the importer's steps: written at once
    job.refresh_from_db()
    assert (job.steps_done, job.steps_total) == (12, 40)
    assert job_percent(job) == 30
    page = client.get(f"{MINUTES}jobs/{job.pk}/").content.decode()
    bar = re.search(r'<progress class="app-progress"[^>]*>', page).group(0)
    assert 'max="40"' in bar and 'value="12"' in bar
    assert "12 of 40 meetings (30%)" in page
    assert re.search(r'<meta http-equiv="refresh" content="\d+">', page)  # without JavaScript
    progress.count(40, 40)
    page = client.get(f"{MINUTES}jobs/{job.pk}/").content.decode()
    assert "40 of 40 meetings (100%)" in page


def test_no_bar_before_the_worker_has_counted_anything(client, queue):
    officer(client)
    client.post(MINUTES, {"text": SEED})
    page = client.get(f"{MINUTES}jobs/{ImportJob.objects.get().pk}/").content.decode()
    assert "app-progress" not in page


def test_the_upload_form_carries_a_new_one_time_key_each_time(client):
    officer(client)
    keys = {
        re.search(r'name="submission" value="([0-9a-f]{32})"', client.get(url).content.decode())[1]
        for url in (MINUTES, MINUTES, MODERNGOV)
    }
    assert len(keys) == 3
    assert "data-app-submit-once" in client.get(MINUTES).content.decode()


def test_the_same_minutes_form_sent_twice_queues_one_job(client, queue):
    officer(client)
    key = new_key()
    first = client.post(MINUTES, {"text": SEED, "submission": key})
    second = client.post(MINUTES, {"text": SEED, "submission": key})
    assert ImportJob.objects.count() == 1
    assert first["Location"] == second["Location"]
    # The first job's upload is still kept for it (the second sending let nothing go).
    job = ImportJob.objects.get()
    assert client.get(second["Location"]).status_code == 200
    assert pending.pending_read_bytes(job.kind, job.token) == SEED.strip().encode()
    # Another sending of the form (a new key) is another job.
    client.post(MINUTES, {"text": SEED, "submission": new_key()})
    assert ImportJob.objects.count() == 2


def test_the_same_moderngov_form_sent_twice_queues_one_job(client, queue):
    officer(client)
    key = new_key()
    first = client.post(MODERNGOV, {"saved": zip_of(answers()), "submission": key})
    second = client.post(MODERNGOV, {"saved": zip_of(answers()), "submission": key})
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert ImportJob.objects.count() == 1


def test_a_key_that_is_not_ours_is_no_key(client, queue):
    officer(client)
    for _ in range(2):
        client.post(MINUTES, {"text": SEED, "submission": "not-a-key"})
    assert ImportJob.objects.count() == 2
    assert set(ImportJob.objects.values_list("submission", flat=True)) == {""}


def test_the_done_page_links_what_was_imported_and_lists_what_was_refused(client):
    officer(client, Role.SCRUTINY_OFFICER)
    confirm(client, MODERNGOV, give(client, MODERNGOV, {"saved": zip_of(answers())})[0])
    signed = Meeting.objects.get(source_id="4567")
    Meeting.objects.filter(pk=signed.pk).update(minutes_status=Meeting.MinutesStatus.SIGNED)
    files = answers()
    for name in files:  # both meetings change; the signed one cannot
        files[name] = files[name].replace(b"Council Chamber", b"Committee Room 1")
    job, _ = give(client, MODERNGOV, {"saved": zip_of(files)})
    _, done = confirm(client, MODERNGOV, job)
    page = done.content.decode()
    assert "Import complete" in page
    imported = page[page.index('id="imported"') : page.index('id="refused"')]
    refused = page[page.index('id="refused"') :]
    other = Meeting.objects.get(source_id="4568")
    assert reverse("staff:meeting", args=[other.pk]) in imported
    assert reverse("staff:meeting", args=[signed.pk]) not in imported  # never as imported
    assert reverse("staff:meeting", args=[signed.pk]) in refused
    assert "signed and locked" in refused
    assert [m["id"] for m in done.context["imported_meetings"]] == [other.pk]
    assert [m["id"] for m in done.context["refused_meetings"]] == [signed.pk]
