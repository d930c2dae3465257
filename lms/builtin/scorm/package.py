"""Checking a SCORM 1.2 package (a zip) on import: its ``imsmanifest.xml``, its launch file,
its size, and that no path leads outside the package.

Problems are reported the way every course error is: a file and a line. Errors inside the
manifest name ``<package>!imsmanifest.xml`` and the manifest's own line, so an author opening
the zip finds the spot.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from dataclasses import dataclass

from flask_babel import gettext as _
from lxml import etree

MANIFEST = "imsmanifest.xml"
MAX_FILES = 2000  # a course module of slides and pictures; more is a mistake or a trap
MAX_UNPACKED_BYTES = 200 * 1024 * 1024  # what the zip holds once unpacked (a zip bomb stops here)
MAX_RATIO = 200  # a member that unpacks to more than 200x its packed size is refused (bombs)
MAX_MANIFEST_BYTES = 1024 * 1024


@dataclass(frozen=True)
class Problem:
    where: str  # "" (the zip itself) or a file inside it (imsmanifest.xml)
    line: int
    message: str


@dataclass(frozen=True)
class Package:
    title: str
    launch: str  # path inside the zip of the SCO's first page
    identifier: str
    mastery_score: float | None  # adlcp:masteryscore of the launched item
    files: int
    unpacked_bytes: int


def _local(tag: object) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def safe_member(name: str) -> str | None:
    """The normalised path of a zip member, or None when it could point outside the package
    (absolute, a drive letter, ``..``, a backslash path)."""
    if not name or "\\" in name or name.startswith("/") or "\x00" in name:
        return None
    if len(name) > 1 and name[1] == ":":
        return None
    norm = posixpath.normpath(name)
    if norm.startswith("../") or norm == ".." or norm.startswith("/"):
        return None
    return norm


def read_package(data: bytes) -> tuple[Package | None, list[Problem]]:
    """The package's facts, or None and every problem found."""
    problems: list[Problem] = []
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        return None, [Problem("", 1, _("bukan berkas zip yang utuh"))]
    with archive:
        names = _check_members(archive, problems)
        if problems:
            return None, problems
        if MANIFEST not in names:
            return None, [Problem("", 1, _("imsmanifest.xml tidak ada di akar paket SCORM"))]
        info = archive.getinfo(names[MANIFEST])
        if info.file_size > MAX_MANIFEST_BYTES:
            return None, [Problem(MANIFEST, 1, _("imsmanifest.xml terlalu besar"))]
        manifest = archive.read(info)
        package = _read_manifest(manifest, set(names), problems)
        if package is None or problems:
            return None, problems
        total = sum(i.file_size for i in archive.infolist())
        return Package(package.title, package.launch, package.identifier, package.mastery_score,
                       len(names), total), []


def _check_members(archive: zipfile.ZipFile, problems: list[Problem]) -> dict[str, str]:
    """Normalised member path -> name in the zip; problems for unsafe or oversized members."""
    names: dict[str, str] = {}
    infos = archive.infolist()
    if len(infos) > MAX_FILES:
        problems.append(Problem("", 1, _("paket berisi %(n)d berkas; batasnya %(max)d", n=len(infos), max=MAX_FILES)))
        return names
    total = 0
    for info in infos:
        norm = safe_member(info.filename)
        if norm is None:
            problems.append(Problem("", 1, _("jalur di luar paket tidak diizinkan: %(name)s", name=info.filename)))
            continue
        if info.flag_bits & 0x1:
            problems.append(Problem("", 1, _("berkas terenkripsi tidak bisa diputar: %(name)s", name=info.filename)))
            continue
        total += info.file_size
        if info.compress_size and info.file_size / info.compress_size > MAX_RATIO and info.file_size > 1024 * 1024:
            problems.append(Problem("", 1, _("berkas %(name)s tidak wajar (terlalu padat)", name=info.filename)))
        if not info.is_dir():
            names[norm] = info.filename
    if total > MAX_UNPACKED_BYTES:
        problems.append(Problem("", 1, _("isi paket %(mb).0f MB; batasnya %(max).0f MB",
                                         mb=total / 1e6, max=MAX_UNPACKED_BYTES / 1e6)))
    return names


def _parse_xml(data: bytes, problems: list[Problem]) -> etree._Element | None:
    # No entities, no DTD, no network: a manifest is data, never a way to read the server's files.
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        return etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as exc:
        line = exc.lineno or 1
        problems.append(Problem(MANIFEST, line, _("XML tidak valid: %(error)s", error=exc.msg)))
        return None


def _read_manifest(data: bytes, members: set[str], problems: list[Problem]) -> Package | None:
    root = _parse_xml(data, problems)
    if root is None:
        return None
    if _local(root.tag) != "manifest":
        problems.append(Problem(MANIFEST, root.sourceline or 1, _("elemen akar harus <manifest>")))
        return None
    version = next((e for e in root.iter() if _local(e.tag) == "schemaversion"), None)
    if version is not None and (version.text or "").strip() not in ("1.2", "CAM 1.3", ""):
        text = (version.text or "").strip()
        if not text.startswith("1.2"):
            problems.append(Problem(MANIFEST, version.sourceline or 1,
                                    _("hanya SCORM 1.2 yang didukung (schemaversion: %(v)s)", v=text)))
            return None
    organizations = next((e for e in root if _local(e.tag) == "organizations"), None)
    resources = next((e for e in root if _local(e.tag) == "resources"), None)
    if resources is None:
        problems.append(Problem(MANIFEST, root.sourceline or 1, _("elemen <resources> tidak ada")))
        return None
    by_id = {r.get("identifier"): r for r in resources if _local(r.tag) == "resource"}
    title, item, resource = _first_sco(organizations, by_id)
    if resource is None:
        where = (item.sourceline if item is not None else resources.sourceline) or 1
        problems.append(Problem(MANIFEST, where, _("tidak ada <resource> dengan href untuk diluncurkan")))
        return None
    href = (resource.get("href") or "").split("#", 1)[0].split("?", 1)[0]
    base = _xml_base(resource)
    launch = safe_member(posixpath.join(base, href)) if href else None
    if launch is None:
        problems.append(Problem(MANIFEST, resource.sourceline or 1,
                                _("href berkas peluncur keluar dari paket: %(href)s", href=href)))
        return None
    if launch not in members:
        problems.append(Problem(MANIFEST, resource.sourceline or 1,
                                _("berkas peluncur %(href)s tidak ada di dalam paket", href=launch)))
        return None
    mastery = _mastery(item, problems)
    return Package(title, launch, root.get("identifier") or "", mastery, 0, 0)


def _first_sco(organizations: etree._Element | None,
               by_id: dict[str | None, etree._Element]) -> tuple[str, etree._Element | None, etree._Element | None]:
    """The title of the default organization and its first item that points at a resource with
    an href. Packages without organizations launch their first resource with an href."""
    title = ""
    if organizations is not None:
        orgs = [o for o in organizations if _local(o.tag) == "organization"]
        default = organizations.get("default")
        org = next((o for o in orgs if o.get("identifier") == default), orgs[0] if orgs else None)
        if org is not None:
            title = next(((t.text or "").strip() for t in org if _local(t.tag) == "title"), "")
            for item in org.iter():
                if _local(item.tag) == "item" and item.get("identifierref"):
                    resource = by_id.get(item.get("identifierref"))
                    if resource is not None and resource.get("href"):
                        return title, item, resource
                    return title, item, None
    resource = next((r for r in by_id.values() if r.get("href")), None)
    return title, None, resource


def _xml_base(resource: etree._Element) -> str:
    base = ""
    for element in (resource.getparent(), resource):
        if element is not None:
            value = element.get("{http://www.w3.org/XML/1998/namespace}base")
            if value:
                base = posixpath.join(base, value)
    return base


def _mastery(item: etree._Element | None, problems: list[Problem]) -> float | None:
    if item is None:
        return None
    node = next((e for e in item if _local(e.tag) == "masteryscore"), None)
    if node is None or not (node.text or "").strip():
        return None
    try:
        value = float((node.text or "").strip())
    except ValueError:
        value = -1
    if not 0 <= value <= 100:
        problems.append(Problem(MANIFEST, node.sourceline or 1,
                                _("masteryscore harus angka 0 sampai 100: %(v)s", v=(node.text or "").strip())))
        return None
    return value
