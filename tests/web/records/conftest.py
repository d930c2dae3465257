"""Fixtures of the external learning record tests (handed out as fixtures: with
``--import-mode=importlib`` a test file cannot import this conftest).

* ``org``: the plugin's ``supervision`` (``lms.testing.org``): a supervisor and their staff
  member, another supervisor with their own staff member, a learner with no relation to them,
  and an admin.
* ``kit``: certificate files by name (``kit.files["pdf"]``), ``kit.form_data(**overrides)`` (a
  valid form post), ``kit.post_new(client, ...)`` (GET the form, POST it with its CSRF token),
  ``kit.make_record(owner, ...)`` (through the service) and ``kit.today()``.
"""

from __future__ import annotations

import io
from datetime import date, timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from lms.core.competency_framework import ensure_national_competencies
from lms.core.models import User
from lms.core.services import records
from lms.testing.helpers import csrf_from

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 64
HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


@pytest.fixture
def org(supervision: Any) -> Any:
    """The plugin's ``supervision`` (``lms.testing.org``), with the national competencies."""
    ensure_national_competencies()
    return supervision


def today() -> date:
    return records.local_today()


def form_data(**overrides: Any) -> dict[str, Any]:
    """A valid record as the form posts it."""
    end = today() - timedelta(days=10)
    data = {
        "title": "Pelatihan Pelayanan Prima",
        "organiser": "BPSDM Provinsi Jawa Tengah",
        "kind": "pelatihan",
        "start_date": (end - timedelta(days=2)).isoformat(),
        "end_date": end.isoformat(),
        "jp": "24",
        "competencies-0-code": "pelayanan-publik",
        "competencies-0-level": "2",
        "competencies-1-code": "",
        "competencies-1-level": "",
        "competencies-2-code": "",
        "competencies-2-level": "",
        "report": "Belajar menyusun standar pelayanan.",
    }
    data.update(overrides)
    return data


def post_new(client, data: dict[str, Any] | None = None, file: tuple[bytes, str] | None = (PDF, "sertifikat.pdf"),
             content_type: str | None = None):
    page = client.get("/records/new")
    assert page.status_code == 200
    return post_multipart(client, "/records/new", {"csrf_token": csrf_from(page.text),
                                                    **(data if data is not None else form_data())},
                          file, content_type)


def post_multipart(client, path: str, fields: dict[str, Any], file: tuple[bytes, str] | None = None,
                   content_type: str | None = None):
    """POST a form with a file, encoded in memory (the test client spools bodies over 500 kB
    to a temporary file it never closes: a ResourceWarning, an error here)."""
    values: dict[str, Any] = dict(fields)
    if file is not None:
        values["certificate"] = FileStorage(io.BytesIO(file[0]), filename=file[1],
                                            content_type=content_type or "application/octet-stream")
    boundary, body = encode_multipart(values)
    return client.post(path, data=body, content_type=f"multipart/form-data; boundary={boundary}")


def make_record(owner: User, *, title: str = "Seminar Integritas", jp: float = 6, start: date | None = None,
                end: date | None = None, data: bytes = PDF, name: str = "sertifikat.pdf", kind: str = "seminar",
                competencies=(("integritas", 2),)):
    end = end or today() - timedelta(days=5)
    return records.create_record(owner, records.RecordInput(
        title=title, organiser="Inspektorat", kind=kind, start_date=start or end, end_date=end, jp=jp,
        competencies=list(competencies)), records.CertificateUpload(name, data), today=max(today(), end))


FILES = {"pdf": PDF, "png": PNG, "jpeg": JPEG, "webp": WEBP, "html": HTML, "svg": SVG}


@pytest.fixture
def kit(org: Any) -> SimpleNamespace:
    return SimpleNamespace(files=FILES, form_data=form_data, post_new=post_new, post_multipart=post_multipart, make_record=make_record,
                           today=today, PDF=PDF, PNG=PNG)
