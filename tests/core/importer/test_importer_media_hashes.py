"""The reader with media known by stored hash (the editor's live preview): links resolve to
the stored file's URL without its bytes, and a media path with no stored hash is reported."""

from __future__ import annotations

from lms.core.diagnostics import Diagnostics
from lms.core.importer.reader import CourseReader
from lms.core.importer.source import CourseSource

SHA = "ab" * 32


def test_media_known_by_hash_resolve_without_their_bytes(app) -> None:
    files = {"course.md": b"---\ntitle: Pratinjau\njp: 1\n---\nDeskripsi.\n",
             "01-materi.md": b"# Materi\n\n![Foto](media/foto.png)\n\n[Unduh](media/hilang.pdf)\n",
             "media/foto.png": b"", "media/hilang.pdf": b""}
    diagnostics = Diagnostics()
    with app.app_context():
        host = app.extensions["lms.host"]
        draft = CourseReader(CourseSource("pratinjau", files), host.activities, diagnostics,
                             known_competencies=set(), embed_hosts=(),
                             media_hashes={"media/foto.png": SHA}).read()
    html = draft.items[0].parsed.content["html"]
    assert f"/media/{SHA}/foto.png" in html
    assert draft.media["media/foto.png"].data == b"" and "media/hilang.pdf" not in draft.media
    assert [d.message for d in diagnostics.errors if "hilang.pdf" in d.message]
