"""Driving an import page whose work runs as a job: give the form, follow the job's page,
confirm. The test settings run tasks at once, so the page shows the job's outcome."""

import re

JOB = re.compile(r"/jobs/(?P<job>[0-9a-f-]{36})/$")


def give(client, url: str, data: dict) -> tuple[str, object]:
    """POST the form at ``url``; it must send us to a job's page under it. Returns the
    job's id and its page."""
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    job = JOB.search(response["Location"])
    assert job and response["Location"] == f"{url}jobs/{job['job']}/", response["Location"]
    return job["job"], client.get(response["Location"])


def confirm(client, url: str, job: str):
    """Confirm the check ``job``; returns the redirect and the import job's page."""
    response = client.post(f"{url}jobs/{job}/confirm/", {"confirm": job})
    assert response.status_code == 302
    return response, client.get(response["Location"])
