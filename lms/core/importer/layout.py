"""The folder layout of a course: which file is an item, a module, media, or ignored."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from flask_babel import gettext as _

from lms.core.diagnostics import Diagnostics
from lms.core.importer.course_settings import SLUG
from lms.plugins.activity import ActivityRegistry

NUMBERED = re.compile(r"^(\d+)-(.+)$")
MEDIA_DIR = "media"


@dataclass(frozen=True)
class ItemFile:
    path: str
    key: str
    module_key: str
    # (number at the top level: the file's, or its module folder's; in a module?, module
    # folder, number in the folder, file name)
    order: tuple[int, int, str, int, str]


@dataclass(frozen=True)
class ModuleFolder:
    key: str
    folder: str
    position: int


@dataclass
class Layout:
    items: list[ItemFile] = field(default_factory=list)
    modules: dict[str, ModuleFolder] = field(default_factory=dict)
    media: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)  # reported as warnings unless consumed

    def top_level(self) -> list[str]:
        """The item files at the top level and the module folders, in outline order: one
        numbering (``01-intro.md``, ``02-lanjutan/``, ``03-kuis.quiz.md``); on one number,
        the file before the folder."""
        entries = [(item.order[0], 0, item.path) for item in self.items if not item.module_key]
        entries += [(module.position, 1, module.folder) for module in self.modules.values()]
        return [name for _number, _kind, name in sorted(entries)]


def is_media(path: str) -> bool:
    return MEDIA_DIR in path.split("/")[:-1]


def scan(paths: list[str], registry: ActivityRegistry, diagnostics: Diagnostics,
         show: Callable[[str], str]) -> Layout:
    layout = Layout()
    keys: dict[str, str] = {}
    for path in sorted(paths):
        parts = path.split("/")
        if path == "course.md":
            continue
        if is_media(path):
            layout.media.append(path)
            continue
        module_key, module_pos, module_folder = "", 0, ""
        if len(parts) == 2:
            folder = NUMBERED.match(parts[0])
            if not folder:
                layout.ignored.append(path)
                continue
            module_key, module_pos, module_folder = folder.group(2), int(folder.group(1)), parts[0]
            if not SLUG.match(module_key):
                diagnostics.error(show(path), 1, _("nama folder modul hanya boleh huruf kecil a-z, angka, dan '-': %(name)s",  # noqa: E501 - one message, whole for translators
                                                   name=parts[0]))
                continue
            existing = layout.modules.get(module_key)
            if existing and existing.folder != parts[0]:
                diagnostics.error(show(path), 1, _("kunci modul %(key)s sudah dipakai oleh folder %(other)s",
                                                   key=module_key, other=existing.folder))
                continue
            layout.modules[module_key] = ModuleFolder(module_key, parts[0], module_pos)
            if parts[1] == "module.md":
                continue
        elif len(parts) > 2:
            layout.ignored.append(path)
            continue
        name = parts[-1]
        activity = registry.for_filename(name)
        match = NUMBERED.match(name)
        if activity is None or match is None:
            layout.ignored.append(path)  # also a GIFT bank used through questions_from
            continue
        stem = registry.strip_suffix(match.group(2))
        if not SLUG.match(stem):
            diagnostics.error(show(path), 1, _("nama berkas hanya boleh huruf kecil a-z, angka, dan '-' setelah nomor urut: %(name)s",  # noqa: E501 - one message, whole for translators
                                               name=name))
            continue
        key = f"{module_key}/{stem}" if module_key else stem
        if key in keys:
            diagnostics.error(show(path), 1, _("kunci %(key)s sudah dipakai oleh %(other)s", key=key, other=keys[key]))
            continue
        keys[key] = path
        number = int(match.group(1))
        # Top-level files and module folders share one numbering: 01-intro.md, 02-lanjutan/,
        # 03-kuis.quiz.md. Two module folders with one number (01-a/, 01-b/) must not
        # interleave their items, hence the folder name before the item's own number.
        order = (module_pos, 1, module_folder, number, name) if module_key else (number, 0, "", number, name)
        layout.items.append(ItemFile(path, key, module_key, order))
    layout.items.sort(key=lambda i: i.order)
    return layout


def resolve(folder: str, ref: str) -> str:
    """A relative reference of a file in ``folder``, as a path from the course root."""
    return posixpath.normpath(posixpath.join(folder, ref))
