"""Stored files in an object store (S3 API, here moto's server) or on the filesystem, always
read back through the application, which checks who may have them; and downloads handed to
nginx by X-Accel-Redirect when that is configured."""

import datetime as dt
from collections.abc import Iterator

import boto3
import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from moto.server import ThreadedMotoServer

from config.settings.base import file_storage, x_accel_redirect
from scrutiny.committees import services as record
from scrutiny.committees.models import Document, Meeting
from tests.core.test_uploads import pdf_bytes
from tests.factories import make_committee, make_item, make_meeting, make_user
from tests.site.staff.conftest import demo, signed_in  # noqa: F401 (fixture)

BUCKET = "scrutiny-files"
S3_ENV = {
    "SCRUTINY_STORAGE": "s3",
    "SCRUTINY_S3_BUCKET": BUCKET,
    "SCRUTINY_S3_REGION": "eu-west-2",
    "SCRUTINY_S3_ACCESS_KEY_ID": "test-key",
    "SCRUTINY_S3_SECRET_ACCESS_KEY": "test-secret",
    "SCRUTINY_S3_ADDRESSING_STYLE": "path",
    "SCRUTINY_S3_PREFIX": "tracker/",
}


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield f"http://{host}:{port}"
    finally:
        server.stop()


@pytest.fixture
def bucket(s3_endpoint, settings, monkeypatch):
    """The settings' storage built from the environment the deployment guide sets, over
    an empty private bucket; yields the bucket's client."""
    for name, value in S3_ENV.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("SCRUTINY_S3_ENDPOINT_URL", s3_endpoint)
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="eu-west-2",
        aws_access_key_id="test-key",
        aws_secret_access_key="test-secret",
    )
    client.create_bucket(
        Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-2"}
    )
    settings.STORAGES = {**settings.STORAGES, "default": file_storage()}
    yield client
    for stored in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=stored["Key"])
    client.delete_bucket(Bucket=BUCKET)


def stored_keys(client) -> list[str]:
    return [o["Key"] for o in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])]


def body(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.mark.django_db
def test_a_document_uploaded_by_the_clerk_is_kept_in_the_bucket_and_read_back(demo, bucket):  # noqa: F811
    item = make_item(Meeting.objects.get(starts_at__date=dt.date(2025, 1, 20)), "2")
    clerk = signed_in("clerk")
    upload = SimpleUploadedFile("Cabinet report.pdf", pdf_bytes())
    clerk.post(
        reverse("staff:document-add", args=[item.pk]),
        {"title": "Cabinet report", "kind": "report", "file": upload},
    )
    document = item.documents.get(title="Cabinet report")
    [key] = stored_keys(bucket)
    assert key == f"tracker/{document.file.name}"
    assert document.size_bytes == len(pdf_bytes())

    # Unpublished: the clerk has it, the public does not.
    response = clerk.get(reverse("staff:document-file", args=[document.pk]))
    assert response.status_code == 200 and body(response) == pdf_bytes()
    assert Client().get(reverse("site:document_download", args=[document.pk])).status_code == 404


@pytest.mark.django_db
def test_evidence_is_read_back_from_the_bucket_only_by_those_it_concerns(demo, bucket):  # noqa: F811
    rec = demo.recommendations.get(number=12)
    update = rec.updates.order_by("-id").first()
    evidence = update.evidence.create(title="Proof")
    evidence.file.save("proof.pdf", ContentFile(pdf_bytes()))
    assert stored_keys(bucket) == [f"tracker/{evidence.file.name}"]

    url = reverse("staff:evidence", args=[evidence.pk])
    response = signed_in("owner").get(url)
    assert response.status_code == 200 and body(response) == pdf_bytes()
    assert response["Content-Disposition"].startswith("attachment;")
    stranger = Client()
    stranger.force_login(make_user("no.role"))
    assert stranger.get(url).status_code == 403


def published_meeting() -> Meeting:
    meeting = make_meeting(make_committee(), dt.date(2024, 3, 4))
    Meeting.objects.filter(pk=meeting.pk).update(agenda_published_at=dt_aware(2024, 2, 20))
    return Meeting.objects.get(pk=meeting.pk)


def dt_aware(*day) -> dt.datetime:
    return timezone.make_aware(dt.datetime(*day, 9, 0))


def add_paper(meeting: Meeting, number: str, **item) -> Document:
    return record.document_add(
        actor=None,
        item=make_item(meeting, number, **item),
        title=f"Paper {number}",
        file=ContentFile(pdf_bytes(), name="paper.pdf"),
        published_at=dt_aware(2024, 2, 20),
    )


@pytest.mark.django_db
def test_a_public_document_is_streamed_from_the_bucket_and_an_exempt_one_is_not_found(bucket):
    meeting = published_meeting()
    public = add_paper(meeting, "1")
    exempt = add_paper(
        meeting,
        "2",
        visibility="exempt",
        exempt_paragraphs=[3],
        public_interest_reason="Commercial terms under negotiation.",
    )
    assert len(stored_keys(bucket)) == 2

    anonymous = Client()
    answer = anonymous.get(reverse("site:document_download", args=[public.pk]))
    assert answer.status_code == 200 and body(answer) == pdf_bytes()
    assert anonymous.get(reverse("site:document_download", args=[exempt.pk])).status_code == 404


@pytest.mark.django_db
def test_a_file_lost_from_the_bucket_is_not_found_not_an_error(bucket):
    document = add_paper(published_meeting(), "1")
    bucket.delete_object(Bucket=BUCKET, Key=f"tracker/{document.file.name}")
    url = reverse("site:document_download", args=[document.pk])
    assert Client().get(url).status_code == 404


def test_the_storage_settings_refuse_what_would_go_wrong(monkeypatch):
    monkeypatch.setenv("SCRUTINY_STORAGE", "bucket")
    with pytest.raises(ImproperlyConfigured, match="filesystem or s3"):
        file_storage()
    monkeypatch.setenv("SCRUTINY_STORAGE", "s3")
    monkeypatch.delenv("SCRUTINY_S3_BUCKET", raising=False)
    with pytest.raises(ImproperlyConfigured, match="SCRUTINY_S3_BUCKET"):
        file_storage()
    monkeypatch.setenv("SCRUTINY_S3_BUCKET", BUCKET)
    s3 = file_storage()
    assert s3["OPTIONS"]["bucket_name"] == BUCKET
    assert s3["OPTIONS"]["querystring_auth"] and not s3["OPTIONS"]["file_overwrite"]

    monkeypatch.setenv("SCRUTINY_X_ACCEL_REDIRECT", "/_stored_files/")
    with pytest.raises(ImproperlyConfigured, match="the application streams them"):
        x_accel_redirect(s3)
    monkeypatch.setenv("SCRUTINY_STORAGE", "filesystem")
    filesystem = file_storage()
    assert x_accel_redirect(filesystem) == "/_stored_files/"
    monkeypatch.setenv("SCRUTINY_X_ACCEL_REDIRECT", "_stored_files")
    with pytest.raises(ImproperlyConfigured, match="starting and ending with a slash"):
        x_accel_redirect(filesystem)


@pytest.mark.django_db
def test_with_x_accel_redirect_nginx_is_handed_the_file_after_the_check(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.SCRUTINY_X_ACCEL_REDIRECT = "/_stored_files/"
    meeting = published_meeting()
    public = add_paper(meeting, "1")
    exempt = add_paper(
        meeting,
        "2",
        visibility="exempt",
        exempt_paragraphs=[3],
        public_interest_reason="Commercial terms under negotiation.",
    )

    answer = Client().get(reverse("site:document_download", args=[public.pk]))
    assert answer.status_code == 200
    assert answer["X-Accel-Redirect"] == f"/_stored_files/{public.file.name}"
    assert answer["Content-Type"] == "application/pdf"
    assert answer["Content-Disposition"] == 'inline; filename="paper-1.pdf"'
    assert answer.content == b""  # nginx sends the file
    assert Client().get(reverse("site:document_download", args=[exempt.pk])).status_code == 404

    clerk = Client()
    clerk.force_login(make_user("x.clerk", is_superuser=True))
    staff_answer = clerk.get(reverse("staff:document-file", args=[exempt.pk]))
    assert staff_answer["X-Accel-Redirect"] == f"/_stored_files/{exempt.file.name}"
    assert staff_answer["Content-Disposition"].startswith("attachment;")
    assert "no-store" in staff_answer["Cache-Control"]


@pytest.mark.django_db
def test_x_accel_redirect_quotes_a_stored_name_for_the_header(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.SCRUTINY_X_ACCEL_REDIRECT = "/_stored_files/"
    document = add_paper(published_meeting(), "1")
    Document.objects.filter(pk=document.pk).update(file="documents/2024/02/papier mâché.pdf")
    answer = Client().get(reverse("site:document_download", args=[document.pk]))
    assert (
        answer["X-Accel-Redirect"]
        == "/_stored_files/documents/2024/02/papier%20m%C3%A2ch%C3%A9.pdf"
    )
