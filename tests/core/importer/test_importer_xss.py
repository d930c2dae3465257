"""XSS through the importer: every vector of ``tests/core/xss_corpus.txt`` is planted in a
course description, a module intro, a lesson body, a quiz prompt, an option, an option's
feedback, general feedback, a GIFT ``[html]`` question and a survey prompt; after the import
every stored HTML string must pass the independent, parser-based checker of
``tests/core/test_markup.py``."""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from lms.core.diagnostics import InputError
from lms.core.importer.service import import_paths
from lms.core.markup import render_inline, render_markdown, sanitize_html

CORE_TESTS = Path(__file__).resolve().parents[1]
PLACES = (
    "description",
    "module",
    "lesson",
    "prompt",
    "option",
    "option-feedback",
    "feedback",
    "gift-html",
    "survey",
)


def _checker() -> Any:
    spec = importlib.util.spec_from_file_location("sinau_markup_checker", CORE_TESTS / "test_markup.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.unsafe_reasons("<img src=x onerror=alert(1)>"), "the checker must catch known-bad HTML"
    return module.unsafe_reasons


def _corpus() -> list[tuple[str, str]]:
    text = (CORE_TESTS / "xss_corpus.txt").read_text(encoding="utf-8")
    vectors = []
    for block in re.split(r"^%% ", text, flags=re.M)[1:]:
        name, _, body = block.partition("\n")
        vectors.append((name.strip(), body.rstrip("\n")))
    return vectors


unsafe_reasons = _checker()
CORPUS = _corpus()


def mark(index: int, place: str) -> str:
    return f"XSSMARK{index:03d}{place.replace('-', '').upper()}"


def flat(vector: str) -> str:
    return " ".join(vector.split("\n"))


def gift_escape(text: str) -> str:
    return re.sub(r"([\\~=#{}:])", r"\\\1", text)


def course_for(i: int, vector: str) -> dict[str, str]:
    """One course per vector, so that a vector that swallows what follows it (an unclosed
    ``<script``) cannot hide another vector from the check."""
    feedback = "\n".join(f"> {line}" if line else ">" for line in vector.split("\n"))
    return {
        "course.md": (
            f"---\ntitle: Kursus XSS {i}\nsummary: Vektor XSS.\njp: 1\n---\n{mark(i, 'description')}\n\n{vector}\n"
        ),
        "01-modul/module.md": f"---\ntitle: Modul XSS\n---\n{mark(i, 'module')}\n\n{vector}\n",
        "01-modul/01-materi.md": f"# Materi {i}\n\n{mark(i, 'lesson')}\n\n{vector}\n",
        "01-modul/02-kuis.quiz.md": (
            f"## {mark(i, 'prompt')} {flat(vector)} ?\n\n{vector}\n\n"
            f"- [x] {mark(i, 'option')} {flat(vector)}\n"
            f"  > {mark(i, 'option-feedback')} {flat(vector)}\n"
            f"- [ ] pilihan biasa\n\n"
            f"> {mark(i, 'feedback')}\n>\n{feedback}\n"
        ),
        "01-modul/03-bank.gift": (
            f"::xss-{i}::[html]{mark(i, 'gift-html')} {gift_escape(flat(vector))} {{=benar ~salah}}\n"
        ),
        "01-modul/04-survei.survey.md": (f"## {mark(i, 'survey')} {flat(vector)} ?\n\n{vector}\n\ntext\n"),
    }


def _has_relative_refs(vector: str) -> bool:
    """A relative link is an import error (no such media file): such vectors never get stored."""
    return any(
        render(text).refs
        for render in (render_markdown, render_inline, sanitize_html)
        for text in (vector, flat(vector))
    )


def test_every_vector_in_every_place_is_stored_safe(
    app: Any,
    db: Any,
    tmp_path: Path,
    course_files: Callable[..., Path],
    html_strings: Callable[[], list[tuple[str, str]]],
) -> None:
    usable = [(i, v) for i, (_name, v) in enumerate(CORPUS) if not _has_relative_refs(v)]
    assert len(usable) >= 40, "too few vectors to mean anything"
    root = tmp_path / "xss"
    for i, vector in usable:
        course_files(root / f"xss-{i}", course_for(i, vector))
    report = import_paths([root], workers=1)
    assert len(report.results) == len(usable)

    stored = html_strings()
    everything = "\n".join(html for _where, html in stored)
    missing = [mark(i, p) for i, _v in usable for p in PLACES if mark(i, p) not in everything]
    assert not missing, f"vectors that never reached stored HTML: {missing[:20]}"
    assert len(stored) >= len(usable) * 6
    problems = [(where, reasons, html[:300]) for where, html in stored if (reasons := unsafe_reasons(html))]
    assert not problems, "\n".join(f"{w}: {r}\n   {h}" for w, r, h in problems[:10])


def test_vectors_with_relative_links_are_refused_and_nothing_stored(
    db: Any,
    tmp_path: Path,
    course_files: Callable[..., Path],
    row_counts: Callable[[], dict[str, int]],
) -> None:
    refused = [(i, v) for i, (_name, v) in enumerate(CORPUS) if render_markdown(v).refs]
    assert len(refused) >= 10
    root = tmp_path / "xss-tautan"
    files = {"course.md": "---\ntitle: Tautan\nsummary: S\njp: 1\n---\nIsi.\n"}
    for i, vector in refused:
        files[f"{i:03d}-materi-{i}.md"] = f"# Materi {i}\n\n{vector}\n"
    course_files(root, files)
    before = row_counts()
    with pytest.raises(InputError) as caught:
        import_paths([root])
    errors = [d for d in caught.value.diagnostics if d.level == "error"]
    assert errors and all("tautan ke berkas yang tidak ada" in d.message for d in errors)
    assert {d.path.rsplit("/", 1)[-1] for d in errors} == {f"{i:03d}-materi-{i}.md" for i, _v in refused}
    assert row_counts() == before


def test_the_walk_finds_html_in_nested_content(
    db: Any,
    tmp_path: Path,
    course_files: Callable[..., Path],
    html_strings: Callable[[], list[tuple[str, str]]],
) -> None:
    root = tmp_path / "bersarang"
    course_files(
        root,
        {
            "course.md": "---\ntitle: B\nsummary: S\njp: 1\n---\nDeskripsi.\n",
            "01-kuis.quiz.md": "## Soal?\n- [x] ya\n  > umpan balik pilihan\n- [ ] tidak\n",
            "02-survei.survey.md": "## Skala?\nscale: 1-5\n\n## Pilih\n- ( ) a\n- ( ) b\n",
        },
    )
    import_paths([root])
    where = {w.split(".content", 1)[-1] for w, _h in html_strings() if w.startswith("item ")}
    assert any(re.fullmatch(r"\.rendered\.q-[0-9a-f]+\.prompt", w) for w in where), where
    assert any(".options." in w and w.endswith(".feedback") for w in where)
    assert any(w.endswith(".prompt_html") for w in where)
    assert any(re.search(r"\.questions\[\d+\]\.options\[\d+\]\.html$", w) for w in where)
