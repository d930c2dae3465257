"""``cover:`` in course.md: an image of the course's media, checked on import (file and line),
stored as the course's cover, kept by an export, and kept by the settings form."""

from __future__ import annotations

import io
from typing import Any

import pytest
from sqlalchemy import select

from lms.core.diagnostics import InputError
from lms.core.importer.service import import_sources
from lms.core.importer.source import CourseSource
from lms.core.models import Course


def _png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (16, 7), (11, 92, 142)).save(out, "PNG")
    return out.getvalue()


def _source(slug: str, cover_line: str, media: dict[str, bytes]) -> CourseSource:
    course_md = f"---\ntitle: Kursus Bersampul\nsummary: Uji sampul.\njp: 2\n{cover_line}\n---\nDeskripsi.\n"
    files = {"course.md": course_md.encode(), "01-materi.md": b"# Materi\n\nIsi.\n", **media}
    return CourseSource(slug, files)


def test_a_cover_in_media_becomes_the_course_cover(db: Any) -> None:
    png = _png()
    import_sources([_source("bersampul", "cover: media/sampul.png", {"media/sampul.png": png})])
    course = db.session.scalar(select(Course).where(Course.slug == "bersampul"))
    assert course.cover_url is not None and course.cover_url.startswith("/media/")
    assert course.cover_url.endswith("/sampul.png")
    # written as a name inside media/, as links in lessons may be
    import_sources([_source("bersampul-2", "cover: sampul.png", {"media/sampul.png": png})])
    assert db.session.scalar(select(Course.cover_url).where(Course.slug == "bersampul-2")) == course.cover_url


def test_no_cover_means_none(db: Any, make_course: Any) -> None:
    assert make_course("polos").cover_url is None


@pytest.mark.parametrize(("cover_line", "media", "message"), [
    ("cover: media/tidak-ada.jpg", {}, "cover: berkas media/tidak-ada.jpg tidak ada di folder media/"),
    ("cover: media/catatan.png", {"media/catatan.png": b"<svg onload=alert(1)>"},
     "cover: media/catatan.png bukan gambar PNG, JPEG, atau WebP"),
    ("cover: [a, b]", {}, "cover harus nama berkas gambar"),
])
def test_a_bad_cover_is_an_error_on_its_line(db: Any, cover_line: str, media: dict[str, bytes], message: str) -> None:
    with pytest.raises(InputError) as caught:
        import_sources([_source("salah-sampul", cover_line, media)])
    errors = [d for d in caught.value.diagnostics if d.level == "error"]
    # a file that is no accepted media at all is also refused as such (on its own path)
    on_course_md = [d for d in errors if d.path.endswith("course.md")]
    assert len(on_course_md) == 1 and len(errors) - 1 == sum("tidak diterima" in d.message for d in errors)
    assert on_course_md[0].line == 5
    assert message in on_course_md[0].message
    assert db.session.scalar(select(Course).where(Course.slug == "salah-sampul")) is None


def test_the_export_keeps_the_cover(db: Any, tmp_path: Any) -> None:
    from lms.core.importer.export import export_course

    png = _png()
    import_sources([_source("ekspor-sampul", "cover: media/sampul.png", {"media/sampul.png": png})])
    export_course("ekspor-sampul", tmp_path)
    assert (tmp_path / "ekspor-sampul" / "media" / "sampul.png").read_bytes() == png
    assert "cover: media/sampul.png" in (tmp_path / "ekspor-sampul" / "course.md").read_text()


def test_the_settings_form_keeps_the_cover() -> None:
    from lms.core.services.authoring import compose_course_md, fields_from_course_md

    text = "---\ntitle: A\nsummary: B\njp: 2\ncover: media/sampul.jpg\n---\n"
    fields = fields_from_course_md(text, set())
    assert fields.cover == "media/sampul.jpg"
    assert "cover: media/sampul.jpg" in compose_course_md(fields)[0]
