"""Generated course sets for benchmarks (deterministic: same seed, same files)."""

from __future__ import annotations

import random
from pathlib import Path

WORDS = (
    "pelayanan", "publik", "aparatur", "sipil", "negara", "kompetensi", "integritas", "kinerja",
    "organisasi", "masyarakat", "standar", "prosedur", "informasi", "digital", "keamanan", "data",
    "pribadi", "laporan", "pengaduan", "kualitas", "waktu", "produktivitas", "komunikasi",
    "koordinasi", "perencanaan", "anggaran", "evaluasi", "tindak", "lanjut", "transparansi",
    "akuntabilitas", "inovasi", "kolaborasi",
)


def paragraph(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def lesson(rng: random.Random, number: int, words: int) -> str:
    """About ``words`` words of prose with headings, a table, a list and a note per section."""
    parts = [f"# Materi {number}\n"]
    written = 0
    section = 0
    while written < words:
        section += 1
        parts.append(f"## Bagian {section}\n")
        for _ in range(3):
            n = rng.randint(40, 90)
            parts.append(paragraph(rng, n) + "\n")
            written += n
        parts.append("| Aspek | Keterangan |\n| --- | --- |\n| **Tujuan** | " + paragraph(rng, 8)
                     + " |\n| *Cara* | " + paragraph(rng, 8) + " |\n")
        parts.append("- " + paragraph(rng, 10) + "\n- " + paragraph(rng, 10) + "\n")
        parts.append('!!! note "Catatan"\n    ' + paragraph(rng, 20) + "\n")
        written += 16 + 20 + 20 + 2
    return "\n".join(parts)


def quiz(rng: random.Random, questions: int) -> str:
    out = ["---\ntitle: Kuis Akhir\npass_score: 70\nmax_attempts: 3\nquestions_per_attempt: 10\n"
           "shuffle_questions: true\n---\n"]
    for q in range(questions):
        out.append(f"## Soal {q + 1}: {paragraph(rng, 12)} {{#soal-{q + 1}}}\n")
        correct = rng.randrange(4)
        for o in range(4):
            mark = "x" if o == correct else " "
            out.append(f"- [{mark}] Pilihan {o + 1}: {paragraph(rng, 6)}")
            if o != correct:
                out.append(f"  > {paragraph(rng, 8)}")
        out.append(f"\n> {paragraph(rng, 15)}\n")
    return "\n".join(out)


def course_set(root: Path, courses: int = 100, lessons: int = 20, words: int = 1500,
               questions: int = 20, seed: int = 1) -> Path:
    rng = random.Random(seed)
    for c in range(courses):
        folder = root / f"kursus-{c:03d}"
        folder.mkdir(parents=True)
        (folder / "course.md").write_text(
            f"---\ntitle: Kursus {c}\nsummary: {paragraph(rng, 12)}\njp: 2\n"
            "competencies:\n  - code: integritas\n    level: 2\n---\n" + paragraph(rng, 80) + "\n")
        for n in range(1, lessons + 1):
            (folder / f"{n:02d}-materi-{n}.md").write_text(lesson(rng, n, words))
        (folder / f"{lessons + 1:02d}-kuis-akhir.quiz.md").write_text(quiz(rng, questions))
    return root
