"""The trainers' pages: who may open them, the editor without JavaScript, the live preview
endpoint, the settings form, the outline's forms, publishing, history and diff."""

from __future__ import annotations

import io
import re

import pytest
from flask import Flask
from sqlalchemy import select

from lms.core.models import Course, CourseItem, Role
from lms.core.services import authoring
from lms.testing.helpers import csrf_from

SLUG = "kursus-tulis"


def author_urls(app: Flask) -> list[tuple[str, str]]:
    """(method, url) of every /author route, filled with the test course's values."""
    values = {"slug": SLUG, "path": "01-pengantar.md", "number": 1, "key": "kuis"}
    urls = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("author."):
            url = rule.build({k: v for k, v in values.items() if k in rule.arguments})[1]
            urls.extend((method, url) for method in sorted(rule.methods - {"HEAD", "OPTIONS"}))
    return urls


def test_a_learner_is_refused_everywhere_in_author(app, client, course, make_user, login_as) -> None:
    login_as(make_user())
    urls = author_urls(app)
    assert len(urls) > 25
    for method, url in urls:
        data = {"csrf_token": csrf_from(client.get("/me").text)} if method == "POST" else None
        response = client.open(url, method=method, data=data)
        assert response.status_code == 403, (method, url, response.status_code)


def test_signed_out_visitors_are_sent_to_sign_in(app, client, course) -> None:
    for method, url in author_urls(app):
        if method == "GET":
            assert client.get(url).status_code == 302, url


def test_another_trainer_gets_403_and_an_admin_may_edit(app, client, course, make_user, login_as) -> None:
    login_as(make_user(roles=[Role.TRAINER]))
    for method, url in author_urls(app):
        if method == "GET" and f"/{SLUG}/" in url:
            assert client.get(url).status_code == 403, url
    assert SLUG not in client.get("/author/").text
    login_as(make_user(roles=[Role.ADMIN]))
    assert client.get(f"/author/{SLUG}/").status_code == 200
    assert client.get(f"/author/{SLUG}/files/03-kuis.quiz.md").status_code == 200


def test_the_editor_saves_without_javascript_and_keeps_text_on_errors(client, course, trainer, login_as, db) -> None:
    login_as(trainer)
    url = f"/author/{SLUG}/files/03-kuis.quiz.md"
    page = client.get(url)
    assert page.status_code == 200 and "Apa kepanjangan ASN?" in page.text
    broken = "## Soal <b>tebal</b> tanpa kunci\n- [ ] a\n- [ ] b\n"
    response = client.post(url, data={"csrf_token": csrf_from(page.text), "text": broken, "action": "save"})
    assert response.status_code == 422
    assert "Baris 1" in response.text and "soal tanpa jawaban benar" in response.text
    assert "## Soal &lt;b&gt;tebal&lt;/b&gt; tanpa kunci" in response.text  # the author's text is kept, escaped
    assert course.draft_revision_id is None

    fixed = broken.replace("- [ ] a", "- [x] a")
    preview = client.post(url, data={"csrf_token": csrf_from(page.text), "text": fixed, "action": "preview"})
    assert preview.status_code == 200 and "<b>tebal</b>" in preview.text and course.draft_revision_id is None
    saved = client.post(url, data={"csrf_token": csrf_from(page.text), "text": fixed, "action": "save"})
    assert saved.status_code == 302 and saved.headers["Location"].endswith(url)
    db.session.expire_all()
    draft = db.session.scalar(select(Course).where(Course.slug == SLUG)).draft_revision_id
    item = db.session.scalar(select(CourseItem).where(CourseItem.revision_id == draft, CourseItem.key == "kuis"))
    assert [q["prompt"] for q in item.content["questions"]] == ["Soal <b>tebal</b> tanpa kunci"]


def test_live_preview_returns_sanitized_html_and_diagnostics(client, course, trainer, login_as) -> None:
    login_as(trainer)
    page = client.get(f"/author/{SLUG}/files/01-pengantar.md")
    token = csrf_from(page.text)
    url = f"/author/{SLUG}/preview"
    text = "# Judul\n\nHalo <script>alert(1)</script><img src='https://example.org/x.png' onerror=alert(1)> **tebal**\n"
    response = client.post(url, json={"path": "01-pengantar.md", "text": text}, headers={"X-CSRFToken": token})
    assert response.status_code == 200
    body = response.get_json()
    assert body["ok"] and "<strong>tebal</strong>" in body["html"]
    assert "<script" not in body["html"] and "onerror" not in body["html"]
    quiz = "---\npass_score: 200\n---\n## Tanya\n- [ ] a\n"
    body = client.post(url, json={"path": "03-kuis.quiz.md", "text": quiz}, headers={"X-CSRFToken": token}).get_json()
    assert body["ok"] is False and body["html"] is None
    assert {d["line"] for d in body["diagnostics"]} == {2, 4}
    assert client.post(url, json={"path": "01-pengantar.md", "text": "x"}).status_code == 400  # no CSRF token
    bad = client.post(url, json={"path": "../x.md", "text": "x"}, headers={"X-CSRFToken": token})
    assert bad.status_code == 404


def test_the_settings_form_is_checked_by_the_format(client, course, trainer, login_as, db) -> None:
    login_as(trainer)
    url = f"/author/{SLUG}/settings"
    page = client.get(url)
    assert page.status_code == 200 and 'value="Kursus Tulis"' in page.text
    form = {"csrf_token": csrf_from(page.text), "title": "Kursus Tulis Baru", "summary": "Ringkas.", "jp": "2,55",
            "language": "id", "enrollment": "open", "certificate": "y", "description": "Deskripsi **baru**.",
            "competencies-0-code": "integritas", "competencies-0-level": "9"}
    response = client.post(url, data=form)
    assert response.status_code == 422
    assert "jp paling banyak satu angka di belakang koma" in response.text
    assert "level kompetensi integritas harus 1 sampai 5" in response.text
    assert 'value="Kursus Tulis Baru"' in response.text  # the values typed are kept
    response = client.post(url, data={**form, "jp": "2.5", "competencies-0-level": "3"})
    assert response.status_code == 302
    db.session.expire_all()
    text = authoring.file_text(trainer, course, "course.md")
    assert "title: Kursus Tulis Baru" in text and "jp: 2.5" in text and "level: 3" in text
    assert text.endswith("Deskripsi **baru**.\n")


def test_a_trainer_creates_a_course_in_the_browser(client, trainer, login_as, db) -> None:
    login_as(trainer)
    page = client.get("/author/new")
    form = {"csrf_token": csrf_from(page.text), "slug": "Kursus Baru", "title": "Kursus Baru", "summary": "S",
            "jp": "1", "language": "id", "enrollment": "open", "certificate": "y"}
    response = client.post("/author/new", data=form)
    assert response.status_code == 422 and "slug" in response.text
    response = client.post("/author/new", data={**form, "slug": "kursus-baru"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/author/kursus-baru/")
    course = db.session.scalar(select(Course).where(Course.slug == "kursus-baru"))
    assert [a.user_id for a in course.authors] == [trainer.id] and not course.is_published
    assert "Pengantar" in client.get("/author/kursus-baru/").text


def test_the_outline_forms(client, course, trainer, login_as, db) -> None:
    login_as(trainer)
    page = client.get(f"/author/{SLUG}/")
    token = csrf_from(page.text)
    added = client.post(f"/author/{SLUG}/items", data={"csrf_token": token, "type": "lesson", "slug": "penutup",
                                                      "title": "Penutup", "module": ""})
    assert added.status_code == 302 and added.headers["Location"].endswith("/files/04-penutup.md")
    bad = client.post(f"/author/{SLUG}/items", data={"csrf_token": token, "type": "lesson", "slug": "Bab 1"})
    assert bad.status_code == 302
    assert "huruf kecil" in client.get(f"/author/{SLUG}/").text  # flashed on the course page
    moved = client.post(f"/author/{SLUG}/move", data={"csrf_token": token, "target": "04-penutup.md",
                                                     "direction": "up"})
    assert moved.status_code == 302
    db.session.expire_all()
    keys = [(i.path, i.key) for i in authoring.outline(trainer, course).items]
    assert keys[2:] == [("03-penutup.md", "penutup"), ("04-kuis.quiz.md", "kuis")]
    unconfirmed = client.post(f"/author/{SLUG}/rename", data={"csrf_token": token, "target": "03-penutup.md",
                                                             "slug": "akhir"})
    db.session.expire_all()
    assert unconfirmed.status_code == 302 and "03-penutup.md" in [i.path for i in authoring.outline(trainer, course).items]
    renamed = client.post(f"/author/{SLUG}/rename", data={"csrf_token": token, "target": "03-penutup.md",
                                                         "slug": "akhir", "confirm": "y"})
    assert renamed.status_code == 302
    removed = client.post(f"/author/{SLUG}/remove", data={"csrf_token": token, "target": "03-akhir.md"})
    assert removed.status_code == 302
    db.session.expire_all()
    assert [i.key for i in authoring.outline(trainer, course).items] == ["pengantar", "standar", "kuis"]
    linked = client.post(f"/author/{SLUG}/remove", data={"csrf_token": token, "target": "02-standar.md"})
    assert linked.status_code == 422 and "01-pengantar.md:3" in linked.text


def test_media_upload_form(client, course, trainer, login_as) -> None:
    login_as(trainer)
    token = csrf_from(client.get(f"/author/{SLUG}/").text)
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 20
    response = client.post(f"/author/{SLUG}/media", content_type="multipart/form-data",
                           data={"csrf_token": token, "media-file": (io.BytesIO(png), "Foto Loket.png")})
    assert response.status_code == 302
    assert "media/foto-loket.png" in client.get(f"/author/{SLUG}/").text
    response = client.post(f"/author/{SLUG}/media", content_type="multipart/form-data",
                           data={"csrf_token": token, "media-file": (io.BytesIO(b"<svg/>"), "x.svg")})
    assert response.status_code == 302
    assert "Jenis berkas tidak diterima" in client.get(f"/author/{SLUG}/").text


def test_publish_history_and_a_safe_diff(client, course, trainer, login_as, db) -> None:
    login_as(trainer)
    authoring.save_file(trainer, course, "02-standar.md", "# Standar\n\nKode: <script>alert('x')</script>\n")
    db.session.commit()
    page = client.get(f"/author/{SLUG}/")
    assert "Ada perubahan yang belum terbit" in page.text
    response = client.post(f"/author/{SLUG}/publish", data={"csrf_token": csrf_from(page.text),
                                                           "message": "Perbaikan standar"})
    assert response.status_code == 302
    history = client.get(f"/author/{SLUG}/history")
    assert "Perbaikan standar" in history.text and trainer.name in history.text
    diff = client.get(f"/author/{SLUG}/diff?from=1&to=2")
    assert diff.status_code == 200
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in diff.text and "<script>alert" not in diff.text
    assert re.search(r'class="diff-add">.*\+Kode:', diff.text)
    rollback = client.post(f"/author/{SLUG}/rollback/1", data={"csrf_token": csrf_from(history.text)})
    assert rollback.status_code == 302
    assert "Isi revisi 1 terbit lagi sebagai revisi 3" in client.get(f"/author/{SLUG}/history").text


def test_export_zip_download(client, course, trainer, login_as) -> None:
    login_as(trainer)
    response = client.get(f"/author/{SLUG}/export.zip")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    assert response.headers["Content-Disposition"] == f'attachment; filename="{SLUG}.zip"'


@pytest.mark.parametrize("path", ["course.md", "01-pengantar.md", "03-kuis.quiz.md"])
def test_editor_pages_render_for_each_kind_of_file(client, course, trainer, login_as, path) -> None:
    login_as(trainer)
    response = client.get(f"/author/{SLUG}/files/{path}")
    assert response.status_code == 200
    assert 'data-preview-url="/author/kursus-tulis/preview"' in response.text
    assert "<script src=" in response.text and "editor.js" in response.text


def test_saving_over_a_version_saved_meanwhile_is_refused_once(client, course, trainer, login_as, db) -> None:
    login_as(trainer)
    url = f"/author/{SLUG}/files/02-standar.md"
    page = client.get(url)
    base_value = re.search(r'name="base" type="hidden" value="([0-9a-f]{64})"', page.text).group(1)
    authoring.save_file(trainer, course, "02-standar.md", "# Versi rekan\n\nIsi rekan.\n")  # another tab
    db.session.commit()
    form = {"csrf_token": csrf_from(page.text), "text": "# Versi saya\n\nIsi saya.\n", "base": base_value,
            "action": "save"}
    refused = client.post(url, data=form)
    assert refused.status_code == 409 and "disimpan orang lain" in refused.text and "Versi saya" in refused.text
    assert "Versi rekan" in authoring.file_text(trainer, course, "02-standar.md")
    new_base = re.search(r'name="base" type="hidden" value="([0-9a-f]{64})"', refused.text).group(1)
    assert new_base != base_value
    assert client.post(url, data={**form, "base": new_base}).status_code == 302
    db.session.expire_all()
    assert "Versi saya" in authoring.file_text(trainer, course, "02-standar.md")


def test_the_course_page_costs_the_same_queries_for_more_items(client, course, trainer, login_as, count_queries,
                                                                db) -> None:
    login_as(trainer)
    authoring.ensure_draft(trainer, course)
    db.session.commit()
    with count_queries() as few:
        assert client.get(f"/author/{SLUG}/").status_code == 200
    for n in range(5):
        authoring.add_item(trainer, course, module_key="", type_name="lesson", slug=f"tambahan-{n}", title=f"T {n}")
    db.session.commit()
    with count_queries() as many:
        assert client.get(f"/author/{SLUG}/").status_code == 200
    assert len(many) == len(few) <= 15, "\n".join(many)


def test_the_course_page_speaks_of_an_address_not_a_slug(client, course, trainer, login_as) -> None:
    login_as(trainer)
    text = re.sub(r"<[^>]+>", " ", client.get(f"/author/{SLUG}/").text)
    assert "Alamat kursus tetap sama" in text and not re.search(r"\bslug\b", text, re.I)


def test_the_editor_s_format_help_comes_from_the_file_s_activity_type(client, db, course, trainer, login_as) -> None:
    """"Cara menulis" of a quiz or survey is its plugin's (``ActivityType.author_help``);
    a lesson and course.md get the general Markdown help."""
    login_as(trainer)

    def help_of(path: str) -> str:
        page = client.get(f"/author/kursus-tulis/files/{path}").text
        return page[page.index('id="format-help"'):page.index("</details>", page.index('id="format-help"'))]

    assert "pass_score: 70" in help_of("03-kuis.quiz.md") and "Markdown:" not in help_of("03-kuis.quiz.md")
    assert "Markdown:" in help_of("01-pengantar.md") and "pass_score" not in help_of("01-pengantar.md")
    assert "Markdown:" in help_of("course.md")
    from lms.builtin.quiz.activity import Quiz
    from lms.builtin.survey.activity import Survey

    with client.application.test_request_context():
        assert "Format GIFT" in Quiz().author_help("bank-soal.gift")
        assert "scale: 1-5" in Survey().author_help("03-evaluasi.survey.md")


def test_the_preview_of_an_item_comes_from_its_activity_type(client, course, trainer, login_as) -> None:
    """``ActivityType.author_preview``: the quiz and survey plugins preview their own formats
    (core's preview knows no item format); a type without one shows the item's HTML."""
    from lms.plugins import ActivityType, ParsedItem

    login_as(trainer)
    token = csrf_from(client.get(f"/author/{SLUG}/files/01-pengantar.md").text)

    def preview(path: str, text: str) -> str:
        body = client.post(f"/author/{SLUG}/preview", json={"path": path, "text": text},
                           headers={"X-CSRFToken": token}).get_json()
        assert body["ok"], body
        return body["html"]

    quiz = preview("03-kuis.quiz.md", "---\npass_score: 60\n---\n## Ibu kota? {#ibu}\n- [x] Jakarta\n- [ ] Bandung\n")
    assert "Nilai kelulusan 60" in quiz and "is-correct" in quiz and "<code>ibu</code>" in quiz
    from lms.builtin.survey.activity import Survey

    content = {"questions": [{"kind": "scale", "scale_min": 1, "scale_max": 5, "prompt_html": "<p>Mudah?</p>"},
                             {"kind": "text", "prompt_html": "<p>Saran</p>"}]}
    with client.application.test_request_context():
        survey = Survey().author_preview(ParsedItem(title="Evaluasi", content=content), None)
    assert "Skala 1 sampai 5" in survey and "Jawaban teks" in survey
    assert ActivityType().author_preview(ParsedItem(title="x"), None) is None
