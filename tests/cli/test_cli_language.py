"""The command line speaks one language: what commands print follows LMS_DEFAULT_LOCALE (the
import summary included: no "created (revisi 1)"), the help is English throughout, and
``lms questions import-gift`` prints the import's warnings as ``lms courses import`` does."""

from __future__ import annotations

from pathlib import Path

import click
import pytest

from lms.app import create_app
from lms.extensions import db
from lms.testing.plugin import settings_for

COURSE_MD = "---\ntitle: Kursus Bahasa\nsummary: Uji.\njp: 1\n---\nIsi.\n"
GIFT = "::Ibu kota:: Ibu kota Indonesia? {=Jakarta ~Bandung}\n"
# Indonesian words that English help never has
INDONESIAN = {"yang", "dan", "untuk", "kursus", "pegawai", "tidak", "dengan", "simpan", "baca", "buat", "akun",
              "bank", "soal", "kata", "sandi", "pekerjaan", "penugasan", "kamus"}


def _course(tmp_path: Path) -> Path:
    folder = tmp_path / "kursus-bahasa"
    folder.mkdir()
    (folder / "course.md").write_text(COURSE_MD, encoding="utf-8")
    (folder / "01-a.md").write_text("# A\n\nIsi.\n", encoding="utf-8")
    (folder / "catatan.txt").write_text("bukan materi\n", encoding="utf-8")  # ignored: a warning
    return folder


@pytest.fixture
def app_in(tmp_path: Path):  # noqa: ANN201
    def make(locale: str):  # noqa: ANN202
        app = create_app(settings_for(tmp_path / locale, LMS_DEFAULT_LOCALE=locale))
        with app.app_context():
            db.create_all()
        return app

    return make


@pytest.mark.parametrize(("locale", "line", "summary"), [
    ("id", "kursus-bahasa: baru (revisi 1)", "1 kursus: 1 baru"),
    ("en", "kursus-bahasa: new (revision 1)", "Courses: 1 (1 new"),
])
def test_the_import_summary_is_in_the_site_language(app_in, tmp_path: Path, locale, line, summary) -> None:
    app = app_in(locale)
    result = app.test_cli_runner().invoke(args=["courses", "import", str(_course(tmp_path))])
    assert result.exit_code == 0, result.output
    assert line in result.output and summary in result.output
    assert ("created" if locale == "id" else "(revisi ") not in result.output, result.output
    assert "catatan.txt" in result.output  # the warning


def test_import_gift_prints_the_warnings_too(app_in, tmp_path: Path) -> None:
    app = app_in("id")
    runner = app.test_cli_runner()
    assert runner.invoke(args=["courses", "import", str(_course(tmp_path))]).exit_code == 0
    gift = tmp_path / "bank.gift"
    gift.write_text(GIFT, encoding="utf-8")
    result = runner.invoke(args=["questions", "import-gift", str(gift), "--course", "kursus-bahasa"])
    assert result.exit_code == 0, result.output
    assert "catatan.txt" in result.output and "ditambahkan (revisi 2)" in result.output


def _helps(command: click.Command, ctx: click.Context) -> list[str]:
    texts = [command.help or "", command.short_help or ""]
    texts += [p.help or "" for p in command.params if isinstance(p, click.Option)]
    if isinstance(command, click.Group):
        for name in command.list_commands(ctx):
            texts += _helps(command.get_command(ctx, name), ctx)
    return texts


def test_the_help_is_english_throughout(app_in) -> None:
    from lms.cli import main

    app = app_in("id")
    with app.app_context():
        ctx = click.Context(main, obj=None)
        group = app.cli
        texts = _helps(main, ctx) + _helps(group, click.Context(group))
    words = {w.strip(".,;:()'\"").lower() for text in texts for w in text.split()}
    assert words & INDONESIAN == set()
