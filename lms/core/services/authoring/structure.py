"""The outline of the draft: modules (folders ``NN-key/``) and items (files ``NN-key.*``).

Adding, renaming, reordering and removing are file operations on the draft's files followed
by a save (the whole course is read again, so the result is always a valid course):

* reordering renumbers the prefixes of one folder (``01-``, ``02-``, ...): keys stay, so
  progress stays;
* renaming changes a key (the file or folder name): progress and attempts recorded under the
  old key no longer match the item, which the editor says before the trainer confirms;
* relative links to a moved file (``[lihat](02-standar.md)``) are rewritten in every
  Markdown file, so a reorder never breaks a link.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from lms.core.diagnostics import Diagnostics
from lms.core.importer.course_settings import SLUG
from lms.core.importer.layout import NUMBERED, Layout, is_media, scan
from lms.core.models import Blob, Course, CourseFile, CourseItem, CourseModule, CourseRevision, User
from lms.core.services.authoring.common import AuthoringError, all_files, require_editor, working_revision
from lms.core.services.authoring.course_md import _scalar
from lms.core.services.authoring.drafts import SaveResult, replace_draft
from lms.extensions import db


@dataclass
class OutlineItem:
    key: str
    path: str
    type: str
    title: str
    module_key: str
    minutes: int
    required: bool


@dataclass
class OutlineModule:
    key: str  # "" for items outside any module folder
    folder: str
    title: str
    items: list[OutlineItem] = field(default_factory=list)

    @property
    def module_md(self) -> str:
        return f"{self.folder}/module.md" if self.folder else ""


@dataclass
class MediaEntry:
    path: str
    size: int
    content_type: str
    url: str


@dataclass
class Outline:
    revision: CourseRevision
    modules: list[OutlineModule]
    other_files: list[str]  # GIFT banks and other non-item text files
    media: list[MediaEntry]

    @property
    def items(self) -> list[OutlineItem]:
        return [i for m in self.modules for i in m.items]

    @property
    def has_folders(self) -> bool:
        return any(m.folder for m in self.modules)


def _registry():  # noqa: ANN202
    return current_app.extensions["lms.host"].activities


def _scan(paths: list[str]) -> Layout:
    return scan(paths, _registry(), Diagnostics(), str)


def outline(user: User, course: Course) -> Outline:
    """The working revision's modules and items, in order (four queries)."""
    require_editor(user, course)
    revision = working_revision(course)
    files = db.session.execute(
        select(CourseFile.path, CourseFile.sha256, Blob.size, Blob.content_type)
        .join(Blob, Blob.sha256 == CourseFile.sha256).where(CourseFile.revision_id == revision.id)
        .order_by(CourseFile.path)).all()
    layout = _scan([f.path for f in files])
    modules = {m.key: m for m in db.session.scalars(
        select(CourseModule).where(CourseModule.revision_id == revision.id).order_by(CourseModule.position))}
    items: dict[str, list[OutlineItem]] = {}
    for item in db.session.execute(
            select(CourseItem.key, CourseItem.source_path, CourseItem.type, CourseItem.title, CourseItem.module_key,
                   CourseItem.minutes, CourseItem.required)
            .where(CourseItem.revision_id == revision.id).order_by(CourseItem.position)):
        items.setdefault(item.source_path, []).append(OutlineItem(
            item.key, item.source_path, item.type, item.title, item.module_key, item.minutes, item.required))
    # One numbering for top-level files and module folders: a run of top-level items between
    # two modules is a section of its own (key ""), empty module folders keep their place.
    result: list[OutlineModule] = []
    folders = {m.folder: m for m in layout.modules.values()}
    for entry in layout.top_level():
        folder = folders.get(entry)
        if folder is None:
            if not result or result[-1].key:
                result.append(OutlineModule("", "", ""))
            result[-1].items.extend(items.pop(entry, []))
            continue
        row = modules.get(folder.key)
        section = OutlineModule(folder.key, folder.folder, row.title if row else folder.key)
        section.items.extend(i for path in _folder_item_paths(layout, folder.folder) for i in items.pop(path, []))
        result.append(section)
    leftover = [i for run in items.values() for i in run]  # rows whose file the layout no longer lists
    if leftover:
        result.append(OutlineModule("", "", "", leftover))
    result = [m for m in result if m.key or m.items]
    item_paths = {i.path for i in layout.items}
    others = [f.path for f in files if f.path not in item_paths and f.path != "course.md" and not is_media(f.path)
              and posixpath.basename(f.path) != "module.md"]
    media = [MediaEntry(f.path, f.size, f.content_type, f"/media/{f.sha256}/{posixpath.basename(f.path)}")
             for f in files if is_media(f.path)]
    return Outline(revision, result, others, media)


# --------------------------------------------------------------------------- helpers


def check_slug(slug: str) -> str:
    slug = slug.strip()
    if not SLUG.match(slug):
        raise AuthoringError("invalid", _("Kunci hanya boleh huruf kecil a-z, angka, dan '-' (misalnya %(example)s).",
                                          example="standar-pelayanan"))
    return slug


def _split_name(name: str) -> tuple[int, str, str]:
    """``03-kuis-akhir.quiz.md`` -> (3, "kuis-akhir", ".quiz.md")."""
    match = NUMBERED.match(name)
    if match is None:
        raise AuthoringError("invalid", _("Nama berkas tanpa nomor urut: %(name)s", name=name))
    rest = match.group(2)
    stem = _registry().strip_suffix(rest)
    return int(match.group(1)), stem, rest[len(stem):]


def _numbered(number: int, rest: str, count: int) -> str:
    width = max(2, len(str(count)))
    return f"{number:0{width}d}-{rest}"


def _module_folder(layout: Layout, module_key: str) -> str:
    if not module_key:
        return ""
    module = layout.modules.get(module_key)
    if module is None:
        raise AuthoringError("not_found", _("Modul tidak ditemukan."))
    return module.folder


def _folder_item_paths(layout: Layout, folder: str) -> list[str]:
    return [i.path for i in layout.items if posixpath.dirname(i.path) == folder]


def _numbered_siblings(layout: Layout, folder: str) -> list[str]:
    """What a new entry of ``folder`` is numbered after: its items, or at the top level the
    top-level files and the module folders (one numbering)."""
    return _folder_item_paths(layout, folder) if folder else layout.top_level()


def _next_number(names: list[str]) -> int:
    numbers = [int(m.group(1)) for n in names if (m := NUMBERED.match(posixpath.basename(n.rstrip("/"))))]
    return max(numbers, default=0) + 1


_REF_PREFIX = r"(?P<pre>\]\(\s*<?|\]:\s*<?|(?:href|src|poster)\s*=\s*[\"']?)"
_REF_END = r"(?=[)#?\"'>\s]|$)"


def _rewrite(text: str, old: str, new: str) -> str:
    pattern = re.compile(_REF_PREFIX + r"(?P<dot>\./)?" + re.escape(old) + _REF_END, re.MULTILINE)
    return pattern.sub(lambda m: m.group("pre") + (m.group("dot") or "") + new, text)


def _rel(target: str, folder: str) -> str:
    return posixpath.relpath(target, folder or ".")


def apply_moves(files: dict[str, bytes], moves: dict[str, str]) -> dict[str, bytes]:
    """``files`` with each ``old -> new`` path of ``moves`` renamed and every relative link
    to a moved file (or from a file that changed folder) rewritten."""
    moves = {old: new for old, new in moves.items() if old != new}
    if not moves:
        return dict(files)
    result: dict[str, bytes] = {}
    for old_path, data in files.items():
        new_path = moves.get(old_path, old_path)
        if old_path.endswith(".md") and not is_media(old_path):
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                text = None
            if text is not None:
                old_dir, new_dir = posixpath.dirname(old_path), posixpath.dirname(new_path)
                targets = files if old_dir != new_dir else moves
                for target in targets:
                    moved = moves.get(target, target)
                    before, after = _rel(target, old_dir), _rel(moved, new_dir)
                    if before != after:
                        text = _rewrite(text, before, after)
                    if old_dir and target != moved:  # a link written from the course's root
                        text = _rewrite(text, target, moved)
                data = text.encode("utf-8")
        result[new_path] = data
    return result


def _save(user: User, course: Course, files: dict[str, bytes]) -> SaveResult:
    return replace_draft(user, course, files)


def _working(user: User, course: Course) -> tuple[dict[str, bytes], Layout]:
    require_editor(user, course)
    files = all_files(working_revision(course))
    return files, _scan(list(files))


# --------------------------------------------------------------------------- adding


def starter_text(type_name: str, title: str) -> str:
    if type_name == "lesson":
        return f"# {title}\n\n" + _("Tulis isi materi di sini.") + "\n"
    if type_name == "quiz":
        return (f"---\ntitle: {_scalar(title)}\npass_score: 70\n---\n## "
                + _("Tulis pertanyaan pertama di sini") + "\n- [x] " + _("Jawaban yang benar")
                + "\n- [ ] " + _("Jawaban yang salah") + "\n")
    if type_name == "survey":
        return f"---\ntitle: {_scalar(title)}\n---\n## " + _("Materi mudah dipahami.") + "\nscale: 1-5\n"
    return f"---\ntitle: {_scalar(title)}\n---\n"


def item_types() -> list[tuple[str, str, str]]:
    """(name, label, file suffix) of every activity type a trainer can add."""
    registry = _registry()
    types = []
    for name in registry.names:
        activity = registry.get(name)
        suffix = next((s for s in activity.suffixes if s.endswith(".md")), None)
        if suffix:
            types.append((name, activity.label(), suffix))
    order = {"lesson": 0, "quiz": 1, "survey": 2}
    return sorted(types, key=lambda t: (order.get(t[0], 9), t[0]))


def add_item(user: User, course: Course, *, module_key: str, type_name: str, slug: str,
             title: str) -> tuple[SaveResult, str]:
    slug = check_slug(slug)
    suffix = next((s for name, _label, s in item_types() if name == type_name), None)
    if suffix is None:
        raise AuthoringError("invalid", _("Jenis aktivitas tidak dikenal."))
    files, layout = _working(user, course)
    folder = _module_folder(layout, module_key)
    siblings = _numbered_siblings(layout, folder)
    name = _numbered(_next_number(siblings), f"{slug}{suffix}", len(siblings) + 1)
    path = posixpath.join(folder, name) if folder else name
    files[path] = starter_text(type_name, title.strip() or slug.replace("-", " ").capitalize()).encode()
    return _save(user, course, files), path


def add_file(user: User, course: Course, *, module_key: str, slug: str, suffix: str,
             data: bytes) -> tuple[SaveResult, str]:
    """A new item from an uploaded file (a GIFT quiz), numbered last in its module."""
    slug = check_slug(slug)
    files, layout = _working(user, course)
    folder = _module_folder(layout, module_key)
    siblings = _numbered_siblings(layout, folder)
    name = _numbered(_next_number(siblings), f"{slug}{suffix}", len(siblings) + 1)
    path = posixpath.join(folder, name) if folder else name
    files[path] = data
    return _save(user, course, files), path


def add_module(user: User, course: Course, *, slug: str, title: str) -> tuple[SaveResult, str]:
    slug = check_slug(slug)
    files, layout = _working(user, course)
    folders = layout.top_level()  # numbered after the top-level files too
    folder = _numbered(_next_number(folders), slug, len(folders) + 1)
    title = title.strip() or slug.replace("-", " ").capitalize()
    files[f"{folder}/module.md"] = f"---\ntitle: {_scalar(title)}\n---\n".encode()
    return _save(user, course, files), folder


# --------------------------------------------------------------------------- renaming and moving


def rename_item(user: User, course: Course, path: str, *, slug: str, module_key: str | None = None
                ) -> tuple[SaveResult, str]:
    """Give the item a new key: a new file name (same number and type), or another module
    (then it comes last there). Progress recorded under the old key no longer applies."""
    slug = check_slug(slug)
    files, layout = _working(user, course)
    item = next((i for i in layout.items if i.path == path), None)
    if item is None:
        raise AuthoringError("not_found", _("Aktivitas tidak ditemukan."))
    number, _stem, suffix = _split_name(posixpath.basename(path))
    target_module = item.module_key if module_key is None else module_key
    folder = _module_folder(layout, target_module)
    if target_module != item.module_key:
        siblings = _numbered_siblings(layout, folder)
        number = _next_number(siblings)
        width = len(siblings) + 1
    else:
        width = len(_folder_item_paths(layout, folder))
    name = _numbered(number, f"{slug}{suffix}", width)
    new_path = posixpath.join(folder, name) if folder else name
    if new_path == path:
        raise AuthoringError("conflict", _("Tidak ada yang berubah."))
    if new_path in files:
        raise AuthoringError("conflict", _("Berkas %(path)s sudah ada.", path=new_path))
    return _save(user, course, apply_moves(files, {path: new_path})), new_path


def _folder_moves(files: dict[str, bytes], old_folder: str, new_folder: str) -> dict[str, str]:
    return {p: new_folder + p[len(old_folder):] for p in files if p.startswith(old_folder + "/")}


def rename_module(user: User, course: Course, module_key: str, *, slug: str) -> tuple[SaveResult, str]:
    """A new key for a module (its folder's name): every item key in it changes too."""
    slug = check_slug(slug)
    files, layout = _working(user, course)
    folder = _module_folder(layout, module_key)
    if not folder:
        raise AuthoringError("not_found", _("Modul tidak ditemukan."))
    number = int(NUMBERED.match(folder).group(1))  # type: ignore[union-attr]
    new_folder = _numbered(number, slug, len(layout.modules))
    if new_folder == folder:
        raise AuthoringError("conflict", _("Tidak ada yang berubah."))
    return _save(user, course, apply_moves(files, _folder_moves(files, folder, new_folder))), new_folder


def _reordered(names: list[str], index: int, offset: int) -> list[str] | None:
    target = index + offset
    if not 0 <= target < len(names):
        return None
    names = list(names)
    names[index], names[target] = names[target], names[index]
    return names


def _move_top_level(files: dict[str, bytes], layout: Layout, entry: str, offset: int) -> dict[str, bytes] | None:
    """Swap a top-level file or module folder with its neighbour and renumber the top level
    (files and folders share one numbering); None at the end."""
    entries = layout.top_level()
    order = _reordered(entries, entries.index(entry), offset)
    if order is None:
        return None
    moves: dict[str, str] = {}
    for number, old in enumerate(order, start=1):
        if old in files:  # an item file
            _n, stem, suffix = _split_name(old)
            moves[old] = _numbered(number, f"{stem}{suffix}", len(order))
        else:
            new = _numbered(number, NUMBERED.match(old).group(2), len(order))  # type: ignore[union-attr]
            moves.update(_folder_moves(files, old, new))
    return apply_moves(files, moves)


def move_item(user: User, course: Course, path: str, offset: int) -> SaveResult:
    """Move an item up (-1) or down (+1) within its module, or at the top level past a file or
    a module folder; the folder (or the top level) is renumbered."""
    files, layout = _working(user, course)
    if not any(i.path == path for i in layout.items):
        raise AuthoringError("not_found", _("Aktivitas tidak ditemukan."))
    folder = posixpath.dirname(path)
    if not folder:
        moved = _move_top_level(files, layout, path, offset)
        if moved is None:
            raise AuthoringError("conflict", _("Aktivitas ini sudah di ujung."))
        return _save(user, course, moved)
    siblings = _folder_item_paths(layout, folder)
    order = _reordered(siblings, siblings.index(path), offset)
    if order is None:
        raise AuthoringError("conflict", _("Aktivitas ini sudah di ujung."))
    moves = {}
    for number, old in enumerate(order, start=1):
        _n, stem, suffix = _split_name(posixpath.basename(old))
        name = _numbered(number, f"{stem}{suffix}", len(order))
        moves[old] = posixpath.join(folder, name) if folder else name
    return _save(user, course, apply_moves(files, moves))


def move_module(user: User, course: Course, module_key: str, offset: int) -> SaveResult:
    """Move a module folder up (-1) or down (+1) past a top-level file or another module."""
    files, layout = _working(user, course)
    folder = _module_folder(layout, module_key)
    if not folder:
        raise AuthoringError("not_found", _("Modul tidak ditemukan."))
    moved = _move_top_level(files, layout, folder, offset)
    if moved is None:
        raise AuthoringError("conflict", _("Modul ini sudah di ujung."))
    return _save(user, course, moved)


# --------------------------------------------------------------------------- removing


def remove_item(user: User, course: Course, path: str) -> SaveResult:
    files, layout = _working(user, course)
    if not any(i.path == path for i in layout.items):
        raise AuthoringError("not_found", _("Aktivitas tidak ditemukan."))
    del files[path]
    return _save(user, course, files)


def remove_module(user: User, course: Course, module_key: str) -> SaveResult:
    """Remove a module folder with everything in it."""
    files, layout = _working(user, course)
    folder = _module_folder(layout, module_key)
    if not folder:
        raise AuthoringError("not_found", _("Modul tidak ditemukan."))
    for path in [p for p in files if p.startswith(folder + "/")]:
        del files[path]
    return _save(user, course, files)


def remove_file(user: User, course: Course, path: str) -> SaveResult:
    """Remove a media file or another non-item file (a link to it becomes an error)."""
    files, _layout = _working(user, course)
    if path not in files or path == "course.md":
        raise AuthoringError("not_found", _("Berkas tidak ditemukan."))
    del files[path]
    return _save(user, course, files)
