"""Bulk imports of the competency framework: ``lms competencies import FILE.yml`` (technical and
local competencies) and ``lms competencies import-standards FILE.csv`` (required levels per
position).

Both check every entry first and report every problem as ``path:line: message``; nothing is
written if anything is wrong. Codes are stable identifiers: importing an existing code updates
its name, group, levels or parent and keeps everything that refers to it (standards,
assessments, evidence, course mappings).

Standards name positions by their exact name (as the users import created them): a position
is never created here, so that a typo cannot create a position nobody holds.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

import yaml
from flask_babel import gettext as _
from sqlalchemy import select

from lms.core.competency_framework import is_national
from lms.core.diagnostics import Diagnostics, InputError
from lms.core.models import Competency, CompetencyGroup, Position, User
from lms.core.models.competency import LEVELS, PositionStandard
from lms.core.services import audit
from lms.core.services.competencies import (
    COMPETENCY_AUDITED,
    MAX_NAME,
    all_parents,
    audit_saved,
    check_code,
    check_level_text,
    parent_cycle,
)
from lms.extensions import db

ENTRY_KEYS = ("code", "name", "group", "levels", "parent", "active")
STANDARD_COLUMNS = ("position", "competency", "level")


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


# --------------------------------------------------------------------------- YAML with lines


class _Map(dict):
    """A YAML mapping that remembers its line and the line of each key."""

    line: int = 1
    key_lines: dict[Any, int]


class _Seq(list):
    line: int = 1
    item_lines: list[int]


class _LineLoader(yaml.SafeLoader):
    pass


def _construct_map(loader: _LineLoader, node: yaml.MappingNode) -> _Map:
    loader.flatten_mapping(node)
    data = _Map()
    data.line, data.key_lines = node.start_mark.line + 1, {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if not isinstance(key, str | int) or isinstance(key, bool):
            raise yaml.constructor.ConstructorError(None, None, _("kunci tidak valid"), key_node.start_mark)
        if key in data:
            raise yaml.constructor.ConstructorError(
                None, None, _("kunci %(key)s disebut dua kali (baris %(line)d)", key=key, line=data.key_lines[key]),
                key_node.start_mark)
        data[key] = loader.construct_object(value_node, deep=True)
        data.key_lines[key] = line
    return data


def _construct_seq(loader: _LineLoader, node: yaml.SequenceNode) -> _Seq:
    data = _Seq(loader.construct_object(child, deep=True) for child in node.value)
    data.line, data.item_lines = node.start_mark.line + 1, [child.start_mark.line + 1 for child in node.value]
    return data


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_map)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_seq)


def _load_yaml(data: bytes, path: str, diagnostics: Diagnostics) -> Any:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        diagnostics.error(path, data[: exc.start].count(b"\n") + 1, _("berkas bukan UTF-8"))
        return None
    try:
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        diagnostics.error(path, mark.line + 1 if mark else 1,
                          _("YAML tidak valid: %(problem)s", problem=exc.problem or str(exc)))
    except yaml.YAMLError as exc:
        diagnostics.error(path, 1, _("YAML tidak valid: %(problem)s", problem=str(exc)))
    return None


# --------------------------------------------------------------------------- competencies


@dataclass
class _Entry:
    line: int
    code: str
    name: str
    group: CompetencyGroup
    levels: dict[str, dict[str, str]] | None  # None: not given (unchanged)
    parent: str | None
    parent_given: bool
    parent_line: int
    active: bool | None


def _levels(value: Any, line: int, path: str, diagnostics: Diagnostics) -> dict[str, dict[str, str]] | None:
    if not isinstance(value, _Map):
        diagnostics.error(path, line, _("levels harus berupa pemetaan 1-5 ke uraian, misalnya 1: Memahami ..."))
        return None
    result: dict[str, dict[str, str]] = {}
    ok = True
    for key, text in value.items():
        where = value.key_lines[key]
        if str(key) not in {str(n) for n in LEVELS}:
            diagnostics.error(path, where, _("level harus 1 sampai 5, bukan %(level)s", level=key))
            ok = False
            continue
        if isinstance(text, _Map):
            unknown = [k for k in text if k not in ("id", "en")]
            if unknown or "id" not in text:
                diagnostics.error(path, where, _("uraian level berisi id (wajib) dan en, misalnya "
                                                 "{id: Memahami ..., en: Understands ...}"))
                ok = False
                continue
            texts = {lang: text[lang] for lang in ("id", "en") if lang in text}
        else:
            texts = {"id": text}
        for lang, value_text in texts.items():
            problem = check_level_text(value_text)
            if problem:
                diagnostics.error(path, text.key_lines.get(lang, where) if isinstance(text, _Map) else where,
                                  f"{problem} (level {key}, {lang})")
                ok = False
        if ok:
            result[str(key)] = {lang: t.strip() for lang, t in texts.items()}
    return dict(sorted(result.items())) if ok else None


def _entry(raw: Any, line: int, path: str, diagnostics: Diagnostics) -> _Entry | None:
    if not isinstance(raw, _Map):
        diagnostics.error(path, line, _("setiap kompetensi berupa pemetaan dengan code, name, group, levels"))
        return None
    before = len(diagnostics.errors)
    unknown = [k for k in raw if k not in ENTRY_KEYS]
    for key in unknown:
        diagnostics.error(path, raw.key_lines[key], _("kunci tidak dikenal: %(key)s (yang dikenal: %(known)s)",
                                                      key=key, known=", ".join(ENTRY_KEYS)))
    code = raw.get("code")
    code_line = raw.key_lines.get("code", raw.line)
    if code is None:
        diagnostics.error(path, raw.line, _("code wajib diisi"))
        code = ""
    else:
        code = str(code).strip()
        problem = check_code(code)
        if problem:
            diagnostics.error(path, code_line, problem)
        elif is_national(code):
            diagnostics.error(path, code_line, _("%(code)s adalah kompetensi nasional: tidak dapat diubah lewat impor",
                                                 code=code))
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip() or len(name.strip()) > MAX_NAME:
        diagnostics.error(path, raw.key_lines.get("name", raw.line),
                          _("name wajib berupa teks, paling panjang %(n)d karakter", n=MAX_NAME))
        name = ""
    group_raw = str(raw.get("group", "teknis")).strip().lower().replace(" ", "_")
    try:
        group = CompetencyGroup(group_raw)
    except ValueError:
        diagnostics.error(path, raw.key_lines.get("group", raw.line),
                          _("group harus teknis, manajerial atau sosial_kultural, bukan %(group)s",
                            group=raw.get("group")))
        group = CompetencyGroup.TEKNIS
    levels = None
    if "levels" in raw:
        levels = _levels(raw["levels"], raw.key_lines["levels"], path, diagnostics)
    parent = raw.get("parent")
    if parent is not None:
        parent = str(parent).strip() or None
    active = raw.get("active")
    if "active" in raw and not isinstance(active, bool):
        diagnostics.error(path, raw.key_lines["active"], _("active harus true atau false"))
    if len(diagnostics.errors) > before:
        return None
    return _Entry(code_line, code, name.strip(), group, levels, parent, "parent" in raw,
                  raw.key_lines.get("parent", raw.line), active)


def parse_competencies_yaml(data: bytes, path: str) -> list[_Entry]:
    """Read and check every entry; raise :class:`InputError` listing every problem."""
    diagnostics = Diagnostics()
    doc = _load_yaml(data, path, diagnostics)
    if diagnostics.has_errors():
        raise InputError(diagnostics)
    items = doc
    if isinstance(doc, _Map):
        extra = [k for k in doc if k != "competencies"]
        for key in extra:
            diagnostics.error(path, doc.key_lines[key], _("kunci tidak dikenal: %(key)s (yang dikenal: %(known)s)",
                                                          key=key, known="competencies"))
        items = doc.get("competencies")
    if not isinstance(items, _Seq) or not items:
        diagnostics.error(path, getattr(doc, "line", 1),
                          _("berkas berisi daftar kompetensi (atau competencies: berisi daftar) yang tidak kosong"))
        raise InputError(diagnostics)
    entries: list[_Entry] = []
    seen: dict[str, int] = {}
    for raw, line in zip(items, items.item_lines, strict=True):
        entry = _entry(raw, line, path, diagnostics)
        if entry is None:
            continue
        if entry.code in seen:
            diagnostics.error(path, entry.line, _("kode %(code)s sudah ada di baris %(line)d",
                                                  code=entry.code, line=seen[entry.code]))
            continue
        seen[entry.code] = entry.line
        entries.append(entry)
    _check_parents(entries, path, diagnostics)
    if diagnostics.has_errors():
        raise InputError(diagnostics)
    return entries


def _check_parents(entries: list[_Entry], path: str, diagnostics: Diagnostics) -> None:
    parents = all_parents()
    for entry in entries:
        if entry.parent_given:
            parents[entry.code] = entry.parent
        else:
            parents.setdefault(entry.code, None)
    for entry in entries:
        if entry.parent is None:
            continue
        if entry.parent == entry.code:
            diagnostics.error(path, entry.parent_line, _("kompetensi tidak dapat menjadi induk dirinya sendiri"))
        elif entry.parent not in parents:
            diagnostics.error(path, entry.parent_line, _("parent %(code)s tidak ada di berkas maupun di sistem",
                                                         code=entry.parent))
        elif parent_cycle(entry.code, entry.parent, parents):
            diagnostics.error(path, entry.parent_line, _("parent %(code)s membuat rantai induk yang berputar",
                                                         code=entry.parent))


def _state(row: Competency) -> tuple[Any, ...]:
    return (row.name, CompetencyGroup(row.group), dict(row.levels or {}), row.active, row.parent_code)


def import_competencies(data: bytes, path: str, *, actor: User | None = None) -> ImportResult:
    """Validate, then create or update every entry (all or nothing); each competency created or
    changed gets its own audit entry. Flushes; the caller commits."""
    entries = parse_competencies_yaml(data, path)
    existing = {c.code: c for c in db.session.scalars(
        select(Competency).where(Competency.code.in_([e.code for e in entries])))}
    result = ImportResult()
    rows: dict[str, Competency] = {}
    audited_before = {code: audit.snapshot(row, COMPETENCY_AUDITED) for code, row in existing.items()}
    for entry in entries:  # parents last: a parent may come later in the file
        row = existing.get(entry.code)
        before = None if row is None else _state(row)
        if row is None:
            row = Competency(code=entry.code, levels={}, active=True)
            db.session.add(row)
        row.name, row.group = entry.name, entry.group
        if entry.levels is not None:
            row.levels = entry.levels
        if entry.active is not None:
            row.active = entry.active
        rows[entry.code] = row
        after = (*_state(row)[:4], entry.parent if entry.parent_given else row.parent_code)
        if before is None:
            result.created += 1
        elif after != before:
            result.updated += 1
        else:
            result.unchanged += 1
    db.session.flush()
    for entry in entries:
        if entry.parent_given:
            rows[entry.code].parent_code = entry.parent
    db.session.flush()
    for entry in entries:
        audit_saved(actor, rows[entry.code], audited_before.get(entry.code))
    return result


# --------------------------------------------------------------------------- standards CSV


@dataclass
class _StandardRow:
    line: int
    position_id: int
    code: str
    level: int


def parse_standards_csv(data: bytes, path: str) -> list[_StandardRow]:
    """Read and check every row of ``position,competency,level``; raise :class:`InputError`."""
    diagnostics = Diagnostics()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        diagnostics.error(path, data[: exc.start].count(b"\n") + 1,
                          _("berkas bukan UTF-8 (simpan ulang sebagai CSV UTF-8)"))
        raise InputError(diagnostics) from None
    first = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";" if first.count(";") > first.count(",") else ",")
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        diagnostics.error(path, 1, _("berkas kosong: baris judul kolom tidak ada"))
        raise InputError(diagnostics) from None
    missing = [c for c in STANDARD_COLUMNS if c not in header]
    unknown = [c for c in header if c not in STANDARD_COLUMNS]
    if missing or unknown:
        diagnostics.error(path, 1, _("kolom harus tepat position, competency, level (kurang: %(missing)s; "
                                     "tidak dikenal: %(unknown)s)",
                                     missing=", ".join(missing) or "-", unknown=", ".join(unknown) or "-"))
        raise InputError(diagnostics)
    raw_rows: list[tuple[int, dict[str, str]]] = []
    line = reader.line_num
    for values in reader:
        start, line = line + 1, reader.line_num
        if not any(v.strip() for v in values):
            continue
        if len(values) != len(header):
            diagnostics.error(path, start, _("baris ini punya %(got)d kolom, judul punya %(want)d",
                                             got=len(values), want=len(header)))
            continue
        raw_rows.append((start, {k: v.strip() for k, v in zip(header, values, strict=True)}))
    names = {r["position"] for _l, r in raw_rows}
    positions = dict(db.session.execute(select(Position.name, Position.id).where(Position.name.in_(names)))
                     .tuples().all()) if names else {}
    codes = {r["competency"] for _l, r in raw_rows}
    known = set(db.session.scalars(select(Competency.code).where(Competency.code.in_(codes)))) if codes else set()
    rows: list[_StandardRow] = []
    seen: dict[tuple[str, str], int] = {}
    for start, record in raw_rows:
        ok = True
        if record["position"] not in positions:
            diagnostics.error(path, start, _("kolom position: jabatan %(name)s tidak ada (tulis nama jabatan persis "
                                             "seperti di data pegawai)", name=record["position"]))
            ok = False
        if record["competency"] not in known:
            diagnostics.error(path, start, _("kolom competency: kode kompetensi tidak dikenal: %(code)s",
                                             code=record["competency"]))
            ok = False
        level = record["level"]
        if level not in {str(n) for n in LEVELS}:
            diagnostics.error(path, start, _("kolom level: harus 1 sampai 5, bukan %(level)s", level=level))
            ok = False
        key = (record["position"], record["competency"])
        if key in seen:
            diagnostics.error(path, start, _("jabatan dan kompetensi ini sudah ada di baris %(line)d", line=seen[key]))
            ok = False
        else:
            seen[key] = start
        if ok:
            rows.append(_StandardRow(start, positions[record["position"]], record["competency"], int(level)))
    if not raw_rows:
        diagnostics.error(path, 2, _("tidak ada baris data"))
    if diagnostics.has_errors():
        raise InputError(diagnostics)
    return rows


def import_standards(data: bytes, path: str, *, actor: User | None = None) -> ImportResult:
    """Validate, then set every required level (all or nothing), audited as one
    ``standard.import`` (the file's name and the counts). Flushes; the caller commits."""
    rows = parse_standards_csv(data, path)
    current = {(s.position_id, s.competency_code): s for s in db.session.scalars(
        select(PositionStandard).where(PositionStandard.position_id.in_({r.position_id for r in rows})))}
    result = ImportResult()
    for row in rows:
        standard = current.get((row.position_id, row.code))
        if standard is None:
            db.session.add(PositionStandard(position_id=row.position_id, competency_code=row.code,
                                            required_level=row.level))
            result.created += 1
        elif standard.required_level != row.level:
            standard.required_level = row.level
            result.updated += 1
        else:
            result.unchanged += 1
    db.session.flush()
    name = PurePath(path).name
    audit.record(actor, "standard.import", ("standard_import", None, name), None,
                 {"file": name, "created": result.created, "updated": result.updated, "unchanged": result.unchanged})
    return result
