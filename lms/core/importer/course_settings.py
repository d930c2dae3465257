"""``course.md``: the course's settings (front matter) and description."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from flask_babel import gettext as _

from lms.core.diagnostics import Diagnostics
from lms.core.frontmatter import split_front_matter

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
KEYS = ("title", "summary", "jp", "competencies", "category", "tags", "language", "enrollment",
        "prerequisites", "certificate", "valid_months", "cover")
REQUIRED = ("title", "summary", "jp")


@dataclass
class CourseSettings:
    title: str = ""
    summary: str = ""
    jp: float = 0.0
    competencies: list[dict[str, Any]] = field(default_factory=list)  # [{"code", "level"}]
    category: str | None = None
    tags: list[str] = field(default_factory=list)
    language: str = "id"
    enrollment: str = "open"
    prerequisites: list[str] = field(default_factory=list)
    certificate: bool = True
    valid_months: int | None = None
    cover: str | None = None  # a file of media/ ("media/sampul.jpg"), checked by the reader
    cover_url: str | None = None  # where the reader found it served

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def closest(word: str, choices: list[str] | tuple[str, ...], n: int = 3) -> list[str]:
    return difflib.get_close_matches(word, list(choices), n=n, cutoff=0.5)


def parse_course_md(
    text: str, path: str, diagnostics: Diagnostics, known_competencies: set[str]
) -> tuple[CourseSettings, str, int, dict[str, int]]:
    """Settings, the description's Markdown, the line where it starts, and each setting's line."""
    doc = split_front_matter(text, path, diagnostics)
    meta, lines = doc.meta, doc.key_lines
    settings = CourseSettings()

    def err(key: str, message: str) -> None:
        diagnostics.error(path, lines.get(key, 1), message)

    for key in meta:
        if key not in KEYS:
            hint = closest(str(key), KEYS, 1)
            err(str(key), _("pengaturan tidak dikenal: %(key)s", key=key)
                + (_(" (maksudnya %(key)s?)", key=hint[0]) if hint else ""))
    for key in REQUIRED:
        if key not in meta or meta[key] in (None, ""):
            diagnostics.error(path, 1, _("pengaturan wajib tidak ada: %(key)s", key=key))

    if isinstance(meta.get("title"), str) and meta["title"].strip():
        settings.title = meta["title"].strip()
        if len(settings.title) > 200:
            err("title", _("title paling panjang 200 karakter"))
    elif "title" in meta:
        err("title", _("title harus berupa teks"))

    summary = meta.get("summary")
    if isinstance(summary, str):
        settings.summary = summary.strip()
        if "\n" in settings.summary:
            err("summary", _("summary harus satu baris"))
        if len(settings.summary) > 300:
            err("summary", _("summary paling panjang 300 karakter (sekarang %(n)d)", n=len(settings.summary)))
    elif summary is not None:
        err("summary", _("summary harus berupa teks satu baris"))

    if "jp" in meta and meta["jp"] is not None:
        settings.jp = _parse_jp(meta["jp"], lambda m: err("jp", m))

    text_lines = text.split("\n")

    def line_of_code(code: str, default: int) -> int:
        pattern = re.compile(rf"code:\s*['\"]?{re.escape(code)}['\"]?\s*([,}}#].*)?$")
        for number, line in enumerate(text_lines[: doc.body_line], start=1):
            if pattern.search(line):
                return number
        return default

    def line_of_level(code_line: int) -> int:
        """The ``level:`` line of the competency entry starting at ``code_line``."""
        for number in range(code_line, doc.body_line):
            line = text_lines[number - 1]
            if number > code_line and (not line[:1].isspace() or line.lstrip().startswith("-")):
                break  # the next entry or the next setting
            if re.search(r"(^|[\s{,-])level\s*:", line):
                return number
        return code_line

    settings.competencies = _parse_competencies(meta.get("competencies"), path,
                                                lines.get("competencies", 1), diagnostics,
                                                known_competencies, line_of_code, line_of_level)
    if meta.get("category") is not None:
        if isinstance(meta["category"], str) and meta["category"].strip():
            settings.category = meta["category"].strip()[:100]
        else:
            err("category", _("category harus berupa teks"))
    tags = meta.get("tags", [])
    if isinstance(tags, str):
        tags = [tags]
    if not isinstance(tags, list) or not all(isinstance(t, str | int) for t in tags):
        err("tags", _("tags harus berupa daftar, misalnya [pelayanan, pengaduan]"))
    else:
        settings.tags = [str(t).strip() for t in tags if str(t).strip()]
    language = meta.get("language", "id")
    if language not in ("id", "en"):
        err("language", _("language harus id atau en, bukan %(value)s", value=language))
    else:
        settings.language = language
    enrollment = meta.get("enrollment", "open")
    if enrollment not in ("open", "assigned"):
        err("enrollment", _("enrollment harus open atau assigned, bukan %(value)s", value=enrollment))
    else:
        settings.enrollment = enrollment
    prereqs = meta.get("prerequisites", [])
    if isinstance(prereqs, str):
        prereqs = [prereqs]
    if not isinstance(prereqs, list):
        err("prerequisites", _("prerequisites harus berupa daftar slug kursus"))
    else:
        for slug in prereqs:
            if not isinstance(slug, str) or not SLUG.match(slug):
                err("prerequisites", _("prerequisites: slug tidak valid: %(slug)s", slug=slug))
            else:
                settings.prerequisites.append(slug)
    certificate = meta.get("certificate", True)
    if not isinstance(certificate, bool):
        err("certificate", _("certificate harus true atau false"))
    else:
        settings.certificate = certificate
    valid = meta.get("valid_months")
    if valid is not None:
        if isinstance(valid, bool) or not isinstance(valid, int) or valid < 1:
            err("valid_months", _("valid_months harus bilangan bulat positif (bulan)"))
        else:
            settings.valid_months = valid
    cover = meta.get("cover")
    if cover is not None:
        if not isinstance(cover, str) or not cover.strip():
            err("cover", _("cover harus nama berkas gambar di folder media/, misalnya media/sampul.jpg"))
        else:
            settings.cover = cover.strip()
    return settings, doc.body, doc.body_line, dict(lines)


def _parse_jp(value: Any, report: Any) -> float:
    if isinstance(value, bool):
        report(_("jp harus berupa angka, misalnya 4 atau 1.5"))
        return 0.0
    try:
        number = Decimal(str(value).replace(",", "."))
    except InvalidOperation:
        report(_("jp harus berupa angka, misalnya 4 atau 1.5; bukan %(value)s", value=value))
        return 0.0
    if not number.is_finite():  # "nan", "inf": Decimal reads them, and comparing NaN raises
        report(_("jp harus berupa angka, misalnya 4 atau 1.5; bukan %(value)s", value=value))
        return 0.0
    if number <= 0:
        report(_("jp harus lebih dari 0"))
    elif number.as_tuple().exponent < -1:  # type: ignore[operator]
        report(_("jp paling banyak satu angka di belakang koma: %(value)s", value=value))
    elif number > 1000:
        report(_("jp terlalu besar: %(value)s", value=value))
    return float(number)


def _parse_competencies(value: Any, path: str, line: int, diagnostics: Diagnostics,
                        known: set[str], line_of_code: Any,
                        line_of_level: Any = None) -> list[dict[str, Any]]:
    if value is None:
        return []
    if not isinstance(value, list):
        diagnostics.error(path, line, _("competencies harus berupa daftar berisi code dan level"))
        return []
    result: list[dict[str, Any]] = []
    seen: set[str] = set()
    for offset, entry in enumerate(value, start=1):
        where = line + offset
        if isinstance(entry, dict) and "code" in entry:
            where = line_of_code(str(entry["code"]), where)
        if not isinstance(entry, dict) or set(entry) - {"code", "level"} or "code" not in entry:
            diagnostics.error(path, where, _("setiap kompetensi berisi code dan level, misalnya {code: integritas, level: 2}"))  # noqa: E501 - one message, whole for translators
            continue
        code, level = str(entry["code"]), entry.get("level")
        if code not in known:
            hints = closest(code, sorted(known))
            diagnostics.error(path, where, _("kode kompetensi tidak dikenal: %(code)s", code=code)
                              + (_(" (yang mirip: %(codes)s)", codes=", ".join(hints)) if hints else ""))
            continue
        if isinstance(level, bool) or not isinstance(level, int) or not 1 <= level <= 5:
            diagnostics.error(path, line_of_level(where) if line_of_level else where,
                              _("level kompetensi %(code)s harus 1 sampai 5", code=code))
            continue
        if code in seen:
            diagnostics.error(path, where, _("kompetensi %(code)s disebut dua kali", code=code))
            continue
        seen.add(code)
        result.append({"code": code, "level": level})
    return result
