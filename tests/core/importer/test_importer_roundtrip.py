"""Export gives back the files that were imported, and importing an export gives the same
course: for every sample course, and for random small courses (hypothesis)."""

from __future__ import annotations

import itertools
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from lms.core.importer.export import ExportError, export_course
from lms.core.importer.service import import_paths
from lms.core.models import Course, CourseItem, CourseModule
from lms.plugins.formats.ids import derived_question_id


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def snapshot(db: Any, slug: str) -> dict[str, Any]:
    """What a learner and a grader see of a course, with the slug taken out."""
    db.session.flush()
    course = db.session.scalar(select(Course).where(Course.slug == slug))
    revision_id = course.published_revision_id
    items = db.session.scalars(
        select(CourseItem).where(CourseItem.revision_id == revision_id).order_by(CourseItem.position)
    ).all()
    modules = db.session.scalars(
        select(CourseModule).where(CourseModule.revision_id == revision_id).order_by(CourseModule.position)
    ).all()

    def unslug(value: Any) -> Any:
        if isinstance(value, str):
            return value.replace(f"/courses/{slug}/", "/courses/SLUG/")
        if isinstance(value, dict):
            return {k: unslug(v) for k, v in value.items()}
        if isinstance(value, list):
            return [unslug(v) for v in value]
        return value

    return {
        "course": {
            k: getattr(course, k)
            for k in (
                "title",
                "summary",
                "jp",
                "category",
                "tags",
                "language",
                "prerequisites",
                "certificate",
                "valid_months",
                "minutes",
                "item_count",
                "description_html",
            )
        }
        | {
            "enrollment": course.enrollment.value,
            "competencies": sorted((c.code, c.level) for c in course.competencies),
        },
        "modules": [(m.key, m.title, m.intro_html, m.position) for m in modules],
        "items": [
            {
                "key": i.key,
                "type": i.type,
                "title": i.title,
                "module_key": i.module_key,
                "position": i.position,
                "minutes": i.minutes,
                "required": i.required,
                "source_path": i.source_path,
                "settings": i.settings,
                "content": unslug(i.content),
                "question_ids": [q["id"] for q in i.content.get("questions", [])],
            }
            for i in items
        ],
    }


# --------------------------------------------------------------------------- the samples


def test_cli_import_then_export_gives_the_same_files_and_the_same_course(
    runner: Any,
    db: Any,
    samples_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    parallel_reads: None,
) -> None:
    """`lms courses import courses` (read in worker processes), export, re-import, copy."""
    monkeypatch.chdir(samples_dir.parent)
    result = runner.invoke(args=["courses", "import", "courses"])
    assert result.exit_code == 0, result.output
    slugs = sorted(p.name for p in samples_dir.iterdir() if (p / "course.md").is_file())
    assert len(slugs) >= 6
    for slug in slugs:
        assert f"{slug}: baru (revisi 1)" in result.output
    monkeypatch.setattr("lms.core.importer.parallel.MIN_COURSES_FOR_WORKERS", 10_000, raising=False)

    out = tmp_path / "ekspor"
    for slug in slugs:
        exported = runner.invoke(args=["courses", "export", slug, str(out)])
        assert exported.exit_code == 0, exported.output
        # every file the importer read is kept (warned ones too: a GIFT essay still belongs to
        # the bank); only hidden files are never read
        source = {
            p: b
            for p, b in files_of(samples_dir / slug).items()
            if not any(part.startswith(".") for part in p.split("/"))
        }
        assert files_of(out / slug) == source, slug  # byte for byte, media included

    again = runner.invoke(args=["courses", "import", str(out)])
    assert again.exit_code == 0, again.output
    for slug in slugs:
        assert f"{slug}: tidak berubah (revisi 1)" in again.output

    # the export imported as other courses: same keys, question ids, settings, HTML
    copies = tmp_path / "salinan"
    for slug in slugs:
        shutil.copytree(out / slug, copies / f"salinan-{slug}")
    result = runner.invoke(args=["courses", "import", str(copies)])
    assert result.exit_code == 0, result.output
    for slug in slugs:
        original, copy = snapshot(db, slug), snapshot(db, f"salinan-{slug}")
        assert copy["items"] and copy == original, slug


def test_export_refuses_an_unknown_course_and_a_non_empty_folder(
    runner: Any, db: Any, samples_dir: Path, tmp_path: Path
) -> None:
    result = runner.invoke(args=["courses", "export", "tidak-ada", str(tmp_path)])
    assert result.exit_code != 0 and "tidak-ada" in result.output
    import_paths([samples_dir / "orientasi-sinau"])
    (tmp_path / "orientasi-sinau").mkdir()
    (tmp_path / "orientasi-sinau" / "lama.md").write_text("x")
    result = runner.invoke(args=["courses", "export", "orientasi-sinau", str(tmp_path)])
    assert result.exit_code != 0
    assert (tmp_path / "orientasi-sinau" / "lama.md").read_text() == "x"
    assert not (tmp_path / "orientasi-sinau" / "course.md").exists()
    with pytest.raises(ExportError):
        export_course("orientasi-sinau", tmp_path)


def test_export_writes_the_draft_when_there_is_one(db: Any, samples_dir: Path, tmp_path: Path) -> None:
    source = tmp_path / "sumber" / "orientasi-sinau"
    shutil.copytree(samples_dir / "orientasi-sinau", source)
    import_paths([source])
    (source / "04-tambahan.md").write_text("# Tambahan\n")
    import_paths([source], draft=True)
    folder = export_course("orientasi-sinau", tmp_path / "ekspor")
    assert files_of(folder) == files_of(source)


# --------------------------------------------------------------------------- random courses

WORDS = [
    "aparatur",
    "sipil",
    "negara",
    "pelayanan",
    "publik",
    "warga",
    "data",
    "kantor",
    "loket",
    "berkas",
    "izin",
    "jam",
    "kerja",
    "rapat",
    "laporan",
    "surat",
    "dinas",
    "kinerja",
    "tugas",
    "bimtek",
    "pegawai",
    "atasan",
    "tim",
    "unit",
    "arsip",
    "anggaran",
    "target",
    "mutu",
]
word = st.sampled_from(WORDS)
phrase = st.lists(word, min_size=1, max_size=6).map(" ".join)
sentence = st.lists(word, min_size=2, max_size=10).map(lambda w: " ".join(w).capitalize() + ".")
ident = st.lists(word, min_size=1, max_size=3).map("-".join)
slug_part = st.lists(word, min_size=1, max_size=2, unique=True).map("-".join)


@st.composite
def markdown_body(draw: Any) -> str:
    blocks = []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["para", "list", "heading", "bold", "table", "code", "note"]))
        if kind == "para":
            blocks.append(" ".join(draw(st.lists(sentence, min_size=1, max_size=3))))
        elif kind == "list":
            blocks.append("\n".join(f"- {draw(phrase)}" for _ in range(draw(st.integers(1, 3)))))
        elif kind == "heading":
            blocks.append(f"## {draw(phrase)}")
        elif kind == "bold":
            blocks.append(f"Kata **{draw(word)}** dan *{draw(word)}*.")
        elif kind == "table":
            blocks.append(f"| {draw(word)} | {draw(word)} |\n| --- | --- |\n| {draw(word)} | {draw(word)} |")
        elif kind == "code":
            blocks.append(f"```text\n{draw(phrase)}\n```")
        else:
            blocks.append(f'!!! note "{draw(phrase)}"\n    {draw(sentence)}')
    return "\n\n".join(blocks) + "\n"


@st.composite
def lesson(draw: Any) -> tuple[str, dict[str, Any]]:
    meta: dict[str, Any] = {}
    lines = []
    if draw(st.booleans()):
        meta["title"] = draw(phrase).capitalize()
    if draw(st.booleans()):
        meta["completion"] = draw(st.sampled_from(["view", "manual"]))
    if draw(st.booleans()):
        meta["minutes"] = draw(st.integers(1, 90))
    body = draw(markdown_body())
    heading = draw(phrase).capitalize() if draw(st.booleans()) else None
    if heading:
        body = f"# {heading}\n\n{body}"
    if meta:
        lines = ["---", *(f"{k}: {v}" for k, v in meta.items()), "---"]
    text = "\n".join([*lines, body])
    return text, {
        "type": "lesson",
        "title": meta.get("title") or heading,
        "settings": {"completion": meta.get("completion", "view")},
        "minutes": meta.get("minutes"),
    }


@st.composite
def question(draw: Any, prompt: str, explicit_id: str | None) -> tuple[str, dict[str, Any]]:
    kind = draw(st.sampled_from(["single", "multiple", "short", "numeric"]))
    points = draw(st.sampled_from([None, 1, 2, 3]))
    attributes = "".join([f" {{points={points}}}" if points else "", f" {{#{explicit_id}}}" if explicit_id else ""])
    lines = [f"## {prompt}{attributes}"]
    expected: dict[str, Any] = {
        "id": explicit_id or derived_question_id(prompt),
        "kind": kind,
        "prompt": prompt,
        "points": float(points or 1),
    }
    if kind in ("single", "multiple"):
        texts = draw(st.lists(phrase, min_size=2, max_size=5, unique_by=lambda t: t.casefold()))
        correct = {0} if kind == "single" else set(range(draw(st.integers(2, len(texts)))))
        for index, text in enumerate(texts):
            lines.append(f"- [{'x' if index in correct else ' '}] {text}")
            if draw(st.booleans()):
                lines.append(f"  > {draw(sentence)}")
        expected["options"] = [(t, 1.0 if i in correct else 0.0) for i, t in enumerate(texts)]
    elif kind == "short":
        answers = draw(st.lists(phrase, min_size=1, max_size=3, unique_by=lambda t: t.casefold()))
        lines.extend(f"= {a}" for a in answers)
        expected["answers"] = [(a, None, 0.0) for a in answers]
    else:
        values = draw(st.lists(st.integers(-500, 500), min_size=1, max_size=2, unique=True))
        tolerances = [draw(st.sampled_from([None, 0, 0.5, 2])) for _ in values]
        decimals = draw(st.booleans())
        answers = []
        for value, tol in zip(values, tolerances, strict=True):
            shown = f"{value / 10:g}".replace(".", ",") if decimals else str(value)
            lines.append(f"= {shown}" + (f" ± {tol}" if tol is not None else ""))
            answers.append((None, value / 10 if decimals else float(value), float(tol or 0)))
        expected["answers"] = answers
    if draw(st.booleans()):
        feedback = draw(sentence)
        lines += ["", f"> {feedback}"]
        expected["feedback"] = feedback
    return "\n".join(lines), expected


QUIZ_SETTINGS = {
    "pass_score": st.one_of(st.integers(0, 100), st.sampled_from([62.5, 99.5])),
    "max_attempts": st.integers(0, 9),
    "time_limit_minutes": st.integers(1, 120),
    "shuffle_questions": st.booleans(),
    "shuffle_options": st.booleans(),
    "partial_credit": st.booleans(),
    "show_feedback": st.sampled_from(["after_submit", "after_pass", "never"]),
    "grading": st.sampled_from(["highest", "last"]),
}
DEFAULTS = {
    "title": None,
    "pass_score": 70,
    "max_attempts": 0,
    "time_limit_minutes": None,
    "questions_per_attempt": None,
    "shuffle_questions": False,
    "shuffle_options": True,
    "partial_credit": False,
    "show_feedback": "after_submit",
    "grading": "highest",
    "questions_from": None,
}


@st.composite
def quiz(draw: Any) -> tuple[str, dict[str, Any]]:
    prompts = draw(st.lists(sentence, min_size=1, max_size=4, unique_by=lambda p: p.casefold()))
    ids = draw(st.lists(ident, min_size=len(prompts), max_size=len(prompts), unique=True))
    meta = {key: draw(strategy) for key, strategy in QUIZ_SETTINGS.items() if draw(st.booleans())}
    if draw(st.booleans()):
        meta["title"] = draw(phrase).capitalize()
    if draw(st.booleans()):
        meta["questions_per_attempt"] = draw(st.integers(1, len(prompts)))
    parts, questions = [], []
    for prompt, qid in zip(prompts, ids, strict=True):
        text, expected = draw(question(prompt, qid if draw(st.booleans()) else None))
        parts.append(text)
        questions.append(expected)
    front = [
        "---",
        *(f"{k}: {str(v).lower() if isinstance(v, bool) else v}" for k, v in meta.items()),
        "---",
    ]
    intro = [draw(sentence), ""] if draw(st.booleans()) else []
    text = "\n".join([*front, *intro, "\n\n".join(parts)]) + "\n"
    return text, {
        "type": "quiz",
        "title": meta.get("title"),
        "settings": DEFAULTS | meta,
        "questions": questions,
    }


@st.composite
def course(draw: Any) -> tuple[dict[str, str], list[dict[str, Any]]]:
    files = {
        "course.md": (
            f"---\ntitle: {draw(phrase).capitalize()}\nsummary: {draw(sentence)}\n"
            f"jp: {draw(st.sampled_from(['1', '2.5', '0.5', '12']))}\n---\n{draw(markdown_body())}"
        )
    }
    expected: list[dict[str, Any]] = []
    module_count = draw(st.sampled_from([0, 1, 2]))
    folders = (
        [("", "")]
        if module_count == 0
        else [
            (f"{n:02d}-{key}/", key)
            for n, key in enumerate(
                draw(st.lists(slug_part, min_size=module_count, max_size=module_count, unique=True)),
                start=1,
            )
        ]
    )
    for folder, module_key in folders:
        if folder and draw(st.booleans()):
            files[f"{folder}module.md"] = f"---\ntitle: {draw(phrase).capitalize()}\n---\n{draw(sentence)}\n"
        stems = draw(st.lists(slug_part, min_size=1, max_size=3, unique=True))
        numbers = sorted(draw(st.lists(st.integers(1, 99), min_size=len(stems), max_size=len(stems), unique=True)))
        for number, stem in zip(numbers, stems, strict=True):
            text, exp = draw(st.one_of(lesson(), quiz()))
            suffix = ".md" if exp["type"] == "lesson" else ".quiz.md"
            files[f"{folder}{number:02d}-{stem}{suffix}"] = text
            expected.append(exp | {"key": f"{module_key}/{stem}" if module_key else stem, "module_key": module_key})
    return files, expected


_slugs = itertools.count(1)


def _check_against_generated(db: Any, slug: str, expected: list[dict[str, Any]]) -> None:
    items = snapshot(db, slug)["items"]
    assert [(i["key"], i["type"], i["module_key"]) for i in items] == [
        (e["key"], e["type"], e["module_key"]) for e in expected
    ]
    for item, exp in zip(items, expected, strict=True):
        if exp["title"]:
            assert item["title"] == exp["title"]
        else:  # no title anywhere: the key's last part
            assert item["title"] == exp["key"].rsplit("/", 1)[-1].replace("-", " ").capitalize()
        if exp["type"] == "lesson":
            assert item["settings"] == exp["settings"]
            if exp["minutes"]:
                assert item["minutes"] == exp["minutes"]
            continue
        assert item["settings"] == exp["settings"]
        stored = item["content"]["questions"]
        assert [(q["id"], q["kind"], q["prompt"], q["points"]) for q in stored] == [
            (e["id"], e["kind"], e["prompt"], e["points"]) for e in exp["questions"]
        ]
        for q, e in zip(stored, exp["questions"], strict=True):
            assert q["feedback"] == e.get("feedback", "")
            if "options" in e:
                assert [(o["text"], o["fraction"]) for o in q["options"]] == e["options"]
            else:
                assert [(a["text"], a["value"], a["tolerance"]) for a in q["answers"]] == e["answers"]


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(generated=course())
def test_random_courses_survive_import_export_and_reimport(db: Any, generated: Any) -> None:
    files, expected = generated
    number = next(_slugs)
    slug, copy = f"acak-{number}", f"salinan-acak-{number}"
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for rel, text in files.items():
            path = root / "sumber" / slug / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        report = import_paths([root / "sumber" / slug])
        assert [(r.slug, r.outcome) for r in report.results] == [(slug, "created")]
        _check_against_generated(db, slug, expected)

        folder = export_course(slug, root / "ekspor")
        assert files_of(folder) == {rel: text.encode() for rel, text in files.items()}
        assert [r.outcome for r in import_paths([folder]).results] == ["unchanged"]

        shutil.copytree(folder, root / "salinan" / copy)
        assert [r.outcome for r in import_paths([root / "salinan" / copy]).results] == ["created"]
        assert snapshot(db, copy) == snapshot(db, slug)


def test_export_refuses_a_file_in_the_way_and_paths_outside_the_folder(
    db: Any, samples_dir: Path, tmp_path: Path
) -> None:
    from lms.core.models import CourseFile

    import_paths([samples_dir / "orientasi-sinau"])
    (tmp_path / "orientasi-sinau").write_text("bukan folder")
    with pytest.raises(ExportError):
        export_course("orientasi-sinau", tmp_path)
    course = db.session.scalar(select(Course).where(Course.slug == "orientasi-sinau"))
    some = db.session.scalars(select(CourseFile).where(CourseFile.revision_id == course.published_revision_id)).first()
    db.session.add(CourseFile(revision_id=some.revision_id, path="../di-luar.md", sha256=some.sha256))
    db.session.flush()
    with pytest.raises(ExportError):
        export_course("orientasi-sinau", tmp_path / "ekspor")
    assert not (tmp_path / "di-luar.md").exists() and not (tmp_path / "ekspor").exists()
