"""Read one course folder into a :class:`CourseDraft`, reporting every problem.

Pure reading: nothing touches the database, so a run with any error writes nothing. Items are
dispatched to their activity type by file suffix; the reader knows nothing of lessons, quizzes
or surveys.
"""

from __future__ import annotations

import hashlib
import mimetypes
import posixpath
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from flask_babel import gettext as _

from lms.core import markup
from lms.core.diagnostics import Diagnostics
from lms.core.filetype import JPEG, PNG, WEBP, accepted_extensions, media_type, sniff
from lms.core.frontmatter import split_front_matter
from lms.core.importer.course_settings import SLUG, CourseSettings, parse_course_md
from lms.core.importer.layout import Layout, resolve, scan
from lms.plugins.activity import ActivityRegistry, ItemContext, ParsedItem

# Bumped when parsing or rendering changes, so that re-importing unchanged files still
# refreshes the stored HTML after an upgrade.
FORMAT_VERSION = "3"  # 3: tables in a scroll box, images open full size; covers


@dataclass
class MediaFile:
    path: str
    sha256: str
    content_type: str
    data: bytes

    @property
    def url(self) -> str:
        return f"/media/{self.sha256}/{posixpath.basename(self.path)}"


@dataclass
class ItemDraft:
    key: str
    module_key: str
    type: str
    path: str
    position: int
    parsed: ParsedItem


@dataclass
class ModuleDraft:
    key: str
    title: str
    intro_html: str
    position: int


@dataclass
class CourseDraft:
    slug: str
    label: str
    settings: CourseSettings
    description_html: str
    modules: list[ModuleDraft]
    items: list[ItemDraft]
    files: dict[str, bytes]
    media: dict[str, MediaFile]
    content_hash: str
    warnings: list[str] = field(default_factory=list)
    valid: bool = True  # False: read with errors (kept so cross-course checks still run)
    setting_lines: dict[str, int] = field(default_factory=dict)  # course.md key -> line


def content_hash(files: dict[str, bytes]) -> str:
    digest = hashlib.sha256(f"sinau-course-format:{FORMAT_VERSION}\n".encode())
    for path in sorted(files):
        digest.update(path.encode() + b"\0" + hashlib.sha256(files[path]).digest())
    return digest.hexdigest()


def guess_type(path: str) -> str:
    return mimetypes.guess_type(path)[0] or "application/octet-stream"


def decode(data: bytes, path: str, diagnostics: Diagnostics) -> str | None:
    try:
        return data.decode("utf-8-sig").replace("\r\n", "\n")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        diagnostics.error(path, line, _("berkas tidak bisa dibaca: bukan teks UTF-8"))
        return None


def line_of(text: str, needle: str) -> int:
    """The line of a reference: where it is used as a link/image target first, else where the
    text appears at all."""
    lines = text.split("\n")
    targets = (f"({needle}", f'"{needle}"', f"'{needle}'", f"<{needle}>", f"]: {needle}", f"={needle}")
    for number, line in enumerate(lines, start=1):
        if any(t in line for t in targets):
            return number
    for number, line in enumerate(lines, start=1):
        if needle in line:
            return number
    return 1


#: What a course's cover may be (judged by content, like uploads).
IMAGES = (PNG, JPEG, WEBP)


class Resolver:
    """Maps the relative references of one file to served URLs (media files, other items of
    the course) and remembers the ones that point at nothing."""

    def __init__(self, folder: str, media: dict[str, MediaFile], item_urls: dict[str, str]) -> None:
        self.folder, self.media, self.item_urls = folder, media, item_urls
        self.missing: list[str] = []

    def __call__(self, url: str) -> str:
        path, sep, fragment = url.partition("#")
        path = path.split("?", 1)[0]
        if not path:  # "#anchor" style after a query: keep
            return url
        suffix = sep + fragment if sep else ""
        # relative to the file's folder first; then, as the format says, the course's media/
        for target in dict.fromkeys((resolve(self.folder, path), resolve("", path))):
            if target in self.media:
                return self.media[target].url + suffix
            if target in self.item_urls:
                return self.item_urls[target] + suffix
        self.missing.append(url)
        return url


class CourseReader:
    """Reads the files of one course; ``read()`` returns a draft or None.

    ``media_hashes`` (the editor's live preview): media are known by their stored hash and
    never loaded nor size-checked (they were when stored); a path without a hash is left out."""

    def __init__(self, source: Any, registry: ActivityRegistry, diagnostics: Diagnostics, *,
                 known_competencies: set[str], embed_hosts: Collection[str],
                 extensions: Sequence[Any] = (), max_media_bytes: int = 50 * 1024 * 1024,
                 media_hashes: dict[str, str] | None = None) -> None:
        self.source, self.registry, self.diagnostics = source, registry, diagnostics
        self.known_competencies, self.embed_hosts = known_competencies, embed_hosts
        self.extensions, self.max_media_bytes = tuple(extensions), max_media_bytes
        self.media_hashes = media_hashes
        self.files: dict[str, bytes] = dict(source.files)
        self.slug = posixpath.basename(source.label.rstrip("/").split(":")[-1])
        self.media: dict[str, MediaFile] = {}
        self.item_urls: dict[str, str] = {}
        self.setting_lines: dict[str, int] = {}
        self._sibling_problems = Diagnostics()

    def show(self, path: str) -> str:
        return self.source.display(path)

    def _render(self, path: str, text: str, body: str, kind: str = "markdown") -> str:
        resolver = Resolver(posixpath.dirname(path), self.media, self.item_urls)
        html = markup.render_markdown(body, embed_hosts=self.embed_hosts, rewrite_url=resolver,
                                      extensions=self.extensions).html
        self._report_missing(path, text, resolver)
        return html

    def _report_missing(self, path: str, text: str, resolver: Resolver) -> None:
        for ref in dict.fromkeys(resolver.missing):
            self.diagnostics.error(self.show(path), line_of(text, ref),
                                   _("tautan ke berkas yang tidak ada: %(ref)s", ref=ref))

    def read(self) -> CourseDraft:
        """The draft, always; ``draft.valid`` is False when this course had errors."""
        d = self.diagnostics
        errors_before = len(d.errors)
        if not SLUG.match(self.slug):
            d.error(self.show("course.md"), 1,
                    _("nama folder kursus (slug) hanya boleh huruf kecil a-z, angka, dan '-': %(slug)s",
                      slug=self.slug))
        layout = scan(list(self.files), self.registry, d, self.show)
        self._collect_media(layout)
        self.item_urls = {i.path: f"/courses/{self.slug}/{i.key}" for i in layout.items}

        settings, description_html = self._read_course_md()
        modules = self._read_modules(layout)
        items, consumed = self._read_items(layout)
        warnings = []
        for path in layout.ignored:
            if path not in consumed:
                d.warning(self.show(path), 1, _("diabaikan: bukan materi, kuis, survei, modul, atau media"))
                warnings.append(path)
        if not items and len(d.errors) == errors_before:
            d.error(self.show("course.md"), 1, _("kursus ini belum punya materi, kuis, atau survei"))
        return CourseDraft(self.slug, self.source.label, settings, description_html, modules, items,
                           self.files, self.media, content_hash(self.files), warnings,
                           valid=len(d.errors) == errors_before, setting_lines=self.setting_lines)

    def _collect_media(self, layout: Layout) -> None:
        for path in layout.media:
            if self.media_hashes is not None:
                if path in self.media_hashes:
                    self.media[path] = MediaFile(path, self.media_hashes[path], guess_type(path), b"")
                continue
            data = self.files[path]
            if len(data) > self.max_media_bytes:
                self.diagnostics.error(self.show(path), 1, _("berkas media %(mb).1f MB; batasnya %(max).0f MB",
                                                             mb=len(data) / 1e6, max=self.max_media_bytes / 1e6))
                continue
            content_type = media_type(data, path)
            if content_type is None:  # the same check as a single upload: no SVG, HTML or script
                self.diagnostics.error(self.show(path), 1, _(
                    "berkas media tidak diterima: %(name)s. Yang diterima: %(types)s (isi berkas harus sesuai "
                    "dengan ekstensinya).", name=posixpath.basename(path), types=", ".join(accepted_extensions())))
                # still known, so links to it do not add "not found" errors; the error above
                # keeps the whole course from being written
                content_type = "application/octet-stream"
            self.media[path] = MediaFile(path, hashlib.sha256(data).hexdigest(), content_type, data)

    def _read_course_md(self) -> tuple[CourseSettings, str]:
        raw = self.files.get("course.md")
        if raw is None:
            self.diagnostics.error(self.show("course.md"), 1, _("course.md tidak ada"))
            return CourseSettings(), ""
        text = decode(raw, self.show("course.md"), self.diagnostics)
        if text is None:
            return CourseSettings(), ""
        settings, body, _line, self.setting_lines = parse_course_md(
            text, self.show("course.md"), self.diagnostics, self.known_competencies)
        if settings.cover is not None:
            self._check_cover(settings)
        return settings, self._render("course.md", text, body)

    def _check_cover(self, settings: CourseSettings) -> None:
        """``cover:`` names an image of the course's media (PNG, JPEG or WebP, by content):
        the path as written relative to course.md, else inside media/ (as links resolve)."""
        line = self.setting_lines.get("cover", 1)
        written = settings.cover or ""
        found = next((self.media[p] for p in dict.fromkeys((resolve("", written), resolve("media", written)))
                      if p in self.media), None)
        if found is None:
            self.diagnostics.error(self.show("course.md"), line,
                                   _("cover: berkas %(path)s tidak ada di folder media/", path=written))
            return
        kind = sniff(found.data) if found.data else None
        if found.data and kind not in IMAGES:
            self.diagnostics.error(self.show("course.md"), line,
                                   _("cover: %(path)s bukan gambar PNG, JPEG, atau WebP", path=written))
            return
        if not found.data and not found.content_type.startswith(("image/png", "image/jpeg", "image/webp")):
            self.diagnostics.error(self.show("course.md"), line,  # the editor: known by name only
                                   _("cover: %(path)s bukan gambar PNG, JPEG, atau WebP", path=written))
            return
        settings.cover, settings.cover_url = found.path, found.url

    def _read_modules(self, layout: Layout) -> list[ModuleDraft]:
        modules = []
        for module in layout.modules.values():
            draft = ModuleDraft(module.key, module.key.replace("-", " ").capitalize(), "", module.position)
            path = f"{module.folder}/module.md"
            raw = self.files.get(path)
            text = decode(raw, self.show(path), self.diagnostics) if raw is not None else None
            if text is not None:
                doc = split_front_matter(text, self.show(path), self.diagnostics)
                for key in doc.meta:
                    if key != "title":
                        self.diagnostics.error(self.show(path), doc.key_lines.get(str(key), 1),
                                               _("pengaturan tidak dikenal: %(key)s", key=key))
                title = doc.meta.get("title")
                if isinstance(title, str) and title.strip():
                    draft.title = title.strip()
                if doc.body.strip():
                    draft.intro_html = self._render(path, text, doc.body)
            modules.append(draft)
        modules.sort(key=lambda m: (m.position, m.key))
        if not modules or any(not i.module_key for i in layout.items):
            modules.insert(0, ModuleDraft("", "", "", 0))
        for position, module in enumerate(modules):
            module.position = position
        return modules

    def _read_items(self, layout: Layout) -> tuple[list[ItemDraft], set[str]]:
        items: list[ItemDraft] = []
        consumed: set[str] = set()
        for item in layout.items:
            activity = self.registry.for_filename(posixpath.basename(item.path))
            assert activity is not None  # scan() only lists files some type claims
            text = decode(self.files[item.path], self.show(item.path), self.diagnostics)
            if text is None:
                continue
            folder = posixpath.dirname(item.path)
            resolver = Resolver(folder, self.media, self.item_urls)
            common = {"embed_hosts": self.embed_hosts, "rewrite_url": resolver}
            ctx = ItemContext(
                path=self.show(item.path), key=item.key,
                read_sibling=partial(self._read_sibling, folder),
                render=partial(markup.render_markdown, extensions=self.extensions, **common),
                render_inline=partial(markup.render_inline, extensions=self.extensions, **common),
                sanitize=partial(markup.sanitize_html, **common),
                media=partial(self._media_of, folder),
            )
            self._sibling_problems = Diagnostics()
            try:
                parsed = activity.parse(text, ctx, self.diagnostics)
            except Exception as exc:  # noqa: BLE001 - a plugin's parser must not take the import down
                self.diagnostics.error(self.show(item.path), 1,
                                       _("gagal dibaca oleh jenis aktivitas %(type)s: %(error)s",
                                         type=activity.name, error=f"{type(exc).__name__}: {exc}"))
                continue
            self._report_missing(item.path, text, resolver)
            self.diagnostics.extend(self._sibling_problems)
            if parsed is None:
                continue
            consumed.update(resolve(folder, extra) for extra in parsed.extra_files)
            items.append(ItemDraft(item.key, item.module_key, activity.name, item.path, 0, parsed))
        for position, draft in enumerate(items, start=1):
            draft.position = position
        return items, consumed

    def _media_of(self, folder: str, ref: str) -> tuple[str, bytes] | None:
        for path in dict.fromkeys((resolve(folder, ref), resolve("", ref), resolve("media", ref))):
            if path in self.media:
                found = self.media[path]
                return found.sha256, found.data
        return None

    def _read_sibling(self, folder: str, name: str) -> str | None:
        path = resolve(folder, name)
        data = self.files.get(path)
        if data is None:
            return None
        # Reported after the item's own parse (see _read_items), so that the quiz using the
        # file does not count it as its own error; an empty text avoids a second "missing".
        text = decode(data, self.show(path), self._sibling_problems)
        return "" if text is None else text
