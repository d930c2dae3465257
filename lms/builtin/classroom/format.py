"""Reader of ``NN-slug.session.md``: a classroom session (workshop, bimtek, seminar).

Front matter (see "Sesi tatap muka" in docs/panduan-pengajar.md)::

    title: Lokakarya Penyusunan SOP
    speakers:
      - name: Dr. Ratna Wulandari
        institution: Universitas Gadjah Mada
    approval: none                 # none | supervisor | supervisor+admin
    min_attendance: 100            # percent of the minutes (default 100)
    runs:                          # angkatan, one or more
      - id: angkatan-1             # stable, like an item key
        days:
          - start: 2026-12-14 08:00
            end: 2026-12-14 16:00
        place: Aula BKPSDM Lt. 2   # or online_url: https://...
        capacity: 30
        signup_opens: 2026-11-20 08:00    # optional
        signup_closes: 2026-12-10 16:00   # optional

The body is the agenda in Markdown. Times are local (the site's time zone) and kept as written
(``YYYY-MM-DDTHH:MM``); nested errors are reported at the line of the offending value, which
the YAML composer gives (top-level ``key_lines`` alone would point at ``runs:``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import yaml
from flask_babel import gettext as _

from lms.plugins import Diagnostics, split_front_matter

APPROVALS = ("none", "supervisor", "supervisor+admin")
TOP_KEYS = ("title", "speakers", "approval", "min_attendance", "runs")
RUN_KEYS = ("id", "days", "place", "online_url", "capacity", "signup_opens", "signup_closes")
SPEAKER_KEYS = ("name", "institution")
DAY_KEYS = ("start", "end")
MAX_CAPACITY = 10_000
_RUN_ID = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$")

Path = tuple[Any, ...]


@dataclass(frozen=True)
class Day:
    start: str  # local "YYYY-MM-DDTHH:MM"
    end: str

    @property
    def minutes(self) -> int:
        delta = datetime.fromisoformat(self.end) - datetime.fromisoformat(self.start)
        return int(delta.total_seconds() // 60)


@dataclass(frozen=True)
class Run:
    id: str
    days: tuple[Day, ...]
    capacity: int
    place: str = ""
    online_url: str = ""
    signup_opens: str | None = None
    signup_closes: str | None = None

    @property
    def minutes(self) -> int:
        return sum(day.minutes for day in self.days)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "days": [{"start": d.start, "end": d.end} for d in self.days],
            "capacity": self.capacity,
            "place": self.place,
            "online_url": self.online_url,
            "signup_opens": self.signup_opens,
            "signup_closes": self.signup_closes,
            "minutes": self.minutes,
        }


@dataclass(frozen=True)
class SessionDefinition:
    title: str | None
    speakers: tuple[dict[str, str], ...]
    approval: str
    min_attendance: int
    runs: tuple[Run, ...]
    agenda: str  # Markdown
    agenda_line: int
    extra: dict[str, Any] = field(default_factory=dict)


def _node_lines(raw: str, first_line: int) -> dict[Path, int]:
    """The file line of every value in the front matter, by its path (``("runs", 0, "capacity")``)."""
    lines: dict[Path, int] = {}
    try:
        root = yaml.compose(raw, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return lines

    def walk(node: Any, path: Path) -> None:
        lines[path] = node.start_mark.line + first_line
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                child = (*path, key.value)
                lines[child] = key.start_mark.line + first_line  # the key's line
                walk(value, child)
                lines[child] = key.start_mark.line + first_line
        elif isinstance(node, yaml.SequenceNode):
            for index, value in enumerate(node.value):
                walk(value, (*path, index))

    if root is not None:
        walk(root, ())
    return lines


def _front_matter_text(source: str) -> str:
    text = source.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return ""
    for end in range(1, len(lines)):
        if lines[end].strip() in ("---", "..."):
            return "\n".join(lines[1:end])
    return ""


class _Reader:
    def __init__(self, path: str, diagnostics: Diagnostics, lines: dict[Path, int]) -> None:
        self.path = path
        self.diagnostics = diagnostics
        self.lines = lines
        self.ok = True

    def line(self, where: Path) -> int:
        while where and where not in self.lines:
            where = where[:-1]
        return self.lines.get(where, 1)

    def error(self, where: Path, message: str) -> None:
        self.diagnostics.error(self.path, self.line(where), message)
        self.ok = False

    def unknown_keys(self, mapping: dict[Any, Any], known: tuple[str, ...], where: Path, what: str) -> None:
        for key in mapping:
            if key not in known:
                self.error(
                    (*where, key),
                    _("pengaturan %(what)s tidak dikenal: '%(key)s'; yang dikenal: %(known)s",
                      what=what, key=key, known=", ".join(known)),
                )

    def moment(self, value: Any, where: Path, name: str) -> str | None:
        """A local date and time as ``YYYY-MM-DDTHH:MM``; YAML reads ``2026-12-14 08:00:00`` as a
        datetime and ``2026-12-14 08:00`` as text, both are accepted."""
        if isinstance(value, datetime):
            moment = value.replace(tzinfo=None)
        elif isinstance(value, str):
            try:
                moment = datetime.fromisoformat(value.strip())
            except ValueError:
                moment = None
            if moment is not None and moment.tzinfo is not None:
                moment = None
        else:
            moment = None
        if moment is None or (isinstance(value, str) and len(value.strip()) <= 10):
            self.error(where, _("%(name)s harus tanggal dan jam setempat, misalnya 2026-12-14 08:00", name=name))
            return None
        return moment.strftime("%Y-%m-%dT%H:%M")

    def text(self, value: Any, where: Path, name: str) -> str | None:
        if isinstance(value, str | int | float) and not isinstance(value, bool) and str(value).strip():
            return str(value).strip()
        self.error(where, _("%(name)s harus berupa teks yang tidak kosong", name=name))
        return None


def parse_session(source: str, path: str, diagnostics: Diagnostics) -> SessionDefinition | None:
    before = len(diagnostics.items)
    doc = split_front_matter(source, path, diagnostics)
    if len(diagnostics.items) > before:
        return None
    reader = _Reader(path, diagnostics, _node_lines(_front_matter_text(source), 2))
    meta = doc.meta
    reader.unknown_keys(meta, TOP_KEYS, (), _("sesi"))

    title = None
    if meta.get("title") is not None:
        title = reader.text(meta["title"], ("title",), "title")

    speakers: list[dict[str, str]] = []
    raw_speakers = meta.get("speakers", [])
    if not isinstance(raw_speakers, list):
        reader.error(("speakers",), _("speakers harus daftar narasumber (name dan institution)"))
        raw_speakers = []
    for n, speaker in enumerate(raw_speakers):
        where = ("speakers", n)
        if not isinstance(speaker, dict):
            reader.error(where, _("setiap narasumber perlu name dan institution"))
            continue
        reader.unknown_keys(speaker, SPEAKER_KEYS, where, _("narasumber"))
        name = reader.text(speaker.get("name"), (*where, "name"), "name")
        institution = ""
        if speaker.get("institution") is not None:
            institution = reader.text(speaker["institution"], (*where, "institution"), "institution")
        if name is not None:
            speakers.append({"name": name, "institution": institution or ""})

    approval = meta.get("approval", "none")
    if approval not in APPROVALS:
        reader.error(("approval",), _("approval harus salah satu dari: %(choices)s", choices=", ".join(APPROVALS)))
        approval = "none"

    min_attendance = meta.get("min_attendance", 100)
    if isinstance(min_attendance, bool) or not isinstance(min_attendance, int) or not 1 <= min_attendance <= 100:
        reader.error(("min_attendance",), _("min_attendance harus bilangan bulat 1 sampai 100 (persen)"))
        min_attendance = 100

    runs: list[Run] = []
    raw_runs = meta.get("runs")
    if not isinstance(raw_runs, list) or not raw_runs:
        reader.error(("runs",), _("sesi perlu setidaknya satu angkatan di runs"))
        raw_runs = []
    seen: dict[str, int] = {}
    for n, raw in enumerate(raw_runs):
        run = _read_run(reader, raw, ("runs", n))
        if run is None:
            continue
        if run.id in seen:
            reader.error(("runs", n, "id"), _("id angkatan '%(id)s' dipakai dua kali", id=run.id))
            continue
        seen[run.id] = n
        runs.append(run)

    if not reader.ok:
        return None
    return SessionDefinition(
        title=title,
        speakers=tuple(speakers),
        approval=str(approval),
        min_attendance=int(min_attendance),
        runs=tuple(runs),
        agenda=doc.body,
        agenda_line=doc.body_line,
    )


def _read_run(reader: _Reader, raw: Any, where: Path) -> Run | None:
    if not isinstance(raw, dict):
        reader.error(where, _("setiap angkatan perlu id, days, capacity dan place atau online_url"))
        return None
    errors_before = reader.ok
    reader.ok = True
    reader.unknown_keys(raw, RUN_KEYS, where, _("angkatan"))
    run_id = raw.get("id")
    if not isinstance(run_id, str) or not _RUN_ID.match(run_id):
        reader.error((*where, "id"), _("id angkatan harus huruf kecil, angka dan '-', misalnya angkatan-1"))
    capacity = raw.get("capacity")
    if isinstance(capacity, bool) or not isinstance(capacity, int) or not 1 <= capacity <= MAX_CAPACITY:
        reader.error((*where, "capacity"), _("capacity harus bilangan bulat 1 sampai %(max)d", max=MAX_CAPACITY))
    place = raw.get("place")
    online_url = raw.get("online_url")
    if place is None and online_url is None:
        reader.error(where, _("angkatan perlu place (tempat) atau online_url (tautan daring)"))
    place = reader.text(place, (*where, "place"), "place") if place is not None else ""
    if online_url is not None:
        online_url = reader.text(online_url, (*where, "online_url"), "online_url")
        if online_url and not re.match(r"^https://[^\s/]+", online_url):
            reader.error((*where, "online_url"), _("online_url harus alamat https://"))
    days: list[Day] = []
    raw_days = raw.get("days")
    if not isinstance(raw_days, list) or not raw_days:
        reader.error((*where, "days"), _("angkatan perlu setidaknya satu hari di days (start dan end)"))
        raw_days = []
    for d, raw_day in enumerate(raw_days):
        day_where = (*where, "days", d)
        if not isinstance(raw_day, dict):
            reader.error(day_where, _("setiap hari perlu start dan end"))
            continue
        reader.unknown_keys(raw_day, DAY_KEYS, day_where, _("hari"))
        start = reader.moment(raw_day.get("start"), (*day_where, "start"), "start")
        end = reader.moment(raw_day.get("end"), (*day_where, "end"), "end")
        if start and end:
            if end <= start:
                reader.error((*day_where, "end"), _("end harus sesudah start"))
            elif end[:10] != start[:10]:
                reader.error((*day_where, "end"), _("start dan end satu hari harus pada tanggal yang sama"))
            elif days and start < days[-1].end:
                reader.error((*day_where, "start"), _("hari-hari angkatan harus berurutan dan tidak bertumpuk"))
            else:
                days.append(Day(start, end))
    opens = closes = None
    if raw.get("signup_opens") is not None:
        opens = reader.moment(raw["signup_opens"], (*where, "signup_opens"), "signup_opens")
    if raw.get("signup_closes") is not None:
        closes = reader.moment(raw["signup_closes"], (*where, "signup_closes"), "signup_closes")
    if opens and closes and closes <= opens:
        reader.error((*where, "signup_closes"), _("signup_closes harus sesudah signup_opens"))
    if closes and days and closes > days[0].start:
        reader.error((*where, "signup_closes"), _("pendaftaran harus ditutup sebelum hari pertama dimulai"))
    ok = reader.ok
    reader.ok = errors_before and ok
    if not ok:
        return None
    return Run(
        id=run_id, days=tuple(days), capacity=capacity, place=place or "",
        online_url=online_url or "", signup_opens=opens, signup_closes=closes,
    )
