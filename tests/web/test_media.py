import hashlib
from pathlib import Path

import pytest

from lms.core.media_store import FileMediaStore, MediaStore
from lms.core.models import Blob, CourseFile
from lms.extensions import db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def put(data: bytes, content_type: str, *, in_course: bool = True) -> str:
    """Store bytes; ``in_course`` also lists them as a file of a course revision."""
    sha = hashlib.sha256(data).hexdigest()
    MediaStore().put(sha, data, content_type)
    if in_course:
        from lms.testing.factories import make_course

        course = make_course(f"media-{sha[:8]}")
        if not db.session.query(CourseFile).filter_by(revision_id=course.published_revision_id, sha256=sha).count():
            db.session.add(CourseFile(revision_id=course.published_revision_id, path=f"media/{sha[:8]}", sha256=sha))
            db.session.flush()
    return sha


def test_stored_files_that_belong_to_no_course_are_not_served(client, db, make_user, login_as) -> None:
    login_as(make_user())
    private = put(b"%PDF-1.4 sertifikat pribadi", "application/pdf", in_course=False)
    assert client.get(f"/media/{private}/x.pdf").status_code == 404


def test_media_needs_sign_in(client, db) -> None:
    sha = put(PNG, "image/png")
    assert client.get(f"/media/{sha}/gambar.png").status_code == 302


def test_media_is_served_with_its_type_and_cached_for_a_year(client, db, make_user, login_as) -> None:
    login_as(make_user())
    sha = put(PNG, "image/png")
    response = client.get(f"/media/{sha}/gambar.png")
    assert response.status_code == 200 and response.data == PNG
    assert response.mimetype == "image/png"
    assert "max-age=31536000" in response.headers["Cache-Control"]
    assert "immutable" in response.headers["Cache-Control"]
    assert response.headers["Content-Disposition"].startswith("inline")
    again = client.get(f"/media/{sha}/gambar.png", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""


def test_media_is_sandboxed_and_never_sniffed(client, db, make_user, login_as) -> None:
    login_as(make_user())
    sha = put(b"%PDF-1.4 materi", "application/pdf")
    response = client.get(f"/media/{sha}/x.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "sandbox" in response.headers["Content-Security-Policy"]
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(("data", "content_type"), [(SVG, "image/svg+xml"), (b"<script>alert(1)</script>", "text/javascript"),
                                                    (b"<html><script>alert(1)</script>", "text/html")])
def test_active_content_stored_before_sniffing_is_not_served(client, db, make_user, login_as, data,
                                                             content_type) -> None:
    login_as(make_user())
    sha = put(data, content_type)
    assert client.get(f"/media/{sha}/x").status_code == 404


def test_course_sources_with_their_answer_keys_are_not_served(client, db, make_user, make_course,
                                                              login_as) -> None:
    login_as(make_user())
    quiz = "---\ntitle: Kuis\npass_score: 60\n---\n## Dua tambah dua? {#dua}\n= 4\n"
    course = make_course("sumber-rahasia", files={"01-kuis.quiz.md": quiz, "02-bank.gift": "::q:: 1+1? {=2 ~3}\n"})
    files = db.session.query(CourseFile).filter_by(revision_id=course.published_revision_id).all()
    sources = [f for f in files if f.path.endswith((".quiz.md", ".md", ".gift"))]
    assert {f.path for f in sources} >= {"01-kuis.quiz.md", "course.md"}
    for source in sources:
        assert client.get(f"/media/{source.sha256}/{source.path}").status_code == 404, source.path


@pytest.mark.parametrize("sha", ["0" * 64, "not-a-hash", "A" * 64])
def test_unknown_media_is_404(client, db, make_user, login_as, sha) -> None:
    login_as(make_user())
    assert client.get(f"/media/{sha}/x.png").status_code == 404


def test_same_content_is_stored_once(db) -> None:
    sha = put(PNG, "image/png")
    put(PNG, "image/png")
    assert db.session.query(Blob).filter_by(sha256=sha).count() == 1


def test_file_store_keeps_bytes_outside_the_database(db, tmp_path: Path) -> None:
    store = FileMediaStore(tmp_path)
    sha = hashlib.sha256(PNG).hexdigest()
    store.put(sha, PNG, "image/png")
    db.session.flush()
    assert db.session.get(Blob, sha).data is None
    assert (tmp_path / sha[:2] / sha).read_bytes() == PNG
    assert store.get(sha)[1] == PNG
