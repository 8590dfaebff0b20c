import importlib
import io
import re
import zipfile

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter

from scrutiny.core.errors import Refused
from scrutiny.core.uploads import (
    DOCUMENT_KINDS,
    PDF,
    check_upload,
    oversize_reason,
    safe_name,
    sniff,
)

EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64


def pdf_bytes() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def docx_bytes() -> bytes:
    out = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("Progress on recommendation 12.")
    document.save(out)
    return out.getvalue()


def zip_bytes(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return out.getvalue()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (pdf_bytes(), "pdf"),
        (docx_bytes(), "docx"),
        (zip_bytes({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<w/>"}), "xlsx"),
        (
            zip_bytes(
                {"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<c/>"}
            ),
            "odt",
        ),
        ("Recommendation,Status\n12,Extended – 31 März\n".encode(), "csv"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, "png"),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 20, "jpeg"),
    ],
)
def test_type_is_judged_from_the_content(content, code):
    assert sniff(upload("whatever.bin", content)).code == code


def test_a_pdf_renamed_docx_is_judged_a_pdf_and_stored_as_one():
    checked = check_upload(upload("update.docx", pdf_bytes()))
    assert checked.kind is PDF
    assert checked.file.name.endswith("-update.pdf")
    assert checked.original_name == "update.docx"


def test_a_program_renamed_pdf_is_refused():
    with pytest.raises(Refused) as refused:
        check_upload(upload("report.pdf", EXE))
    assert refused.value.field == "file"
    assert refused.value.reason == (
        "The selected file must be a PDF, Word document, Excel spreadsheet, "
        "OpenDocument text, CSV file, PNG image or JPEG image"
    )


def test_a_zip_that_is_not_an_office_document_is_refused():
    with pytest.raises(Refused):
        check_upload(upload("notes.docx", zip_bytes({"readme.txt": b"hello"})))


def test_text_that_is_not_utf8_is_refused():
    with pytest.raises(Refused):
        check_upload(upload("data.csv", "café".encode("latin-1")))


def test_an_image_is_refused_where_only_documents_are_allowed():
    with pytest.raises(Refused) as refused:
        check_upload(upload("scan.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 20), kinds=DOCUMENT_KINDS)
    assert "PNG" not in refused.value.reason


def test_an_empty_file_is_refused():
    with pytest.raises(Refused) as refused:
        check_upload(upload("empty.pdf", b""))
    assert refused.value.reason == "The selected file is empty"


def test_an_oversize_file_is_refused(settings):
    settings.SCRUTINY_UPLOAD_MAX_BYTES = 1024 * 1024
    with pytest.raises(Refused) as refused:
        check_upload(upload("big.pdf", b"%PDF-1.7\n" + b"0" * (1024 * 1024)))
    assert refused.value.reason == "The file is 1.1 MB; the limit is 1 MB."


def test_the_default_limit_is_50_mb(settings, monkeypatch):
    monkeypatch.delenv("SCRUTINY_UPLOAD_MAX_BYTES", raising=False)
    base = importlib.reload(importlib.import_module("config.settings.base"))
    settings.SCRUTINY_UPLOAD_MAX_BYTES = base.SCRUTINY_UPLOAD_MAX_BYTES
    big = upload("big.pdf", b"%PDF-1.7\n")
    big.size = 50 * 1024 * 1024 + 1
    with pytest.raises(Refused) as refused:
        check_upload(big)
    assert refused.value.reason == "The file is 50.1 MB; the limit is 50 MB."


def test_stored_names_never_keep_the_users_path_or_extension():
    name = safe_name("C:\\Users\\jo\\..\\Secret plans<script>.exe", PDF)
    assert re.fullmatch(r"[A-Za-z0-9_-]{12}-secret-plansscript\.pdf", name)
    assert safe_name("../../etc/passwd", PDF).endswith("-passwd.pdf")
    assert safe_name("...", PDF).endswith("-file.pdf")
    assert safe_name("a.pdf", PDF) != safe_name("a.pdf", PDF)


def test_the_limit_message_says_the_size_and_the_limit(settings):
    settings.SCRUTINY_UPLOAD_MAX_BYTES = 25 * 1024 * 1024
    assert oversize_reason(25 * 1024 * 1024) is None
    assert oversize_reason(31 * 1024 * 1024) == "The file is 31 MB; the limit is 25 MB."
    # A file a byte over never reads as the limit itself.
    assert oversize_reason(25 * 1024 * 1024 + 1) == "The file is 25.1 MB; the limit is 25 MB."
    assert oversize_reason(30 * 1024 * 1024, several=True) == (
        "The files come to 30 MB; the limit is 25 MB."
    )
