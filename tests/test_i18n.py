"""Translations: msgids are Indonesian, ``lms/translations/en`` must translate every one of them.

When a test here fails after you added or changed a string, run ``make translations`` and
translate the new entries in ``lms/translations/en/LC_MESSAGES/messages.po`` (then the same
command compiles the ``.mo``, which is committed).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
CATALOG_DIR = ROOT / "lms" / "translations" / "en" / "LC_MESSAGES"
PO_FILE = CATALOG_DIR / "messages.po"
MO_FILE = CATALOG_DIR / "messages.mo"
# The same keywords and ignored folders as ``make translations``.
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None}
IGNORED_DIRS = {".venv", "tests", "courses", "docs", ".git", "node_modules", "__pycache__"}
HOW_TO_FIX = (
    "run `make translations`, then translate them in "
    "lms/translations/en/LC_MESSAGES/messages.po (no empty msgstr, no fuzzy flag)"
)

Msgid = str | tuple[str, ...]


def _key(value: str | tuple[str, ...] | list[str]) -> Msgid:
    return value if isinstance(value, str) else tuple(value)


def _keep_dir(path: str) -> bool:
    name = Path(path).name
    return name not in IGNORED_DIRS and not name.startswith((".", "_"))


@cache
def extracted() -> dict[Msgid, list[str]]:
    """Every msgid in the source (babel.cfg's method map), with where it is used."""
    with (ROOT / "babel.cfg").open(encoding="utf-8") as fh:
        method_map, options_map = parse_mapping_cfg(fh)
    found: dict[Msgid, list[str]] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
        str(ROOT),
        method_map,
        options_map,
        keywords=KEYWORDS,
        directory_filter=_keep_dir,
    ):
        msgid: Msgid = message if isinstance(message, str) else tuple(message)
        if msgid[0] if isinstance(msgid, tuple) else msgid:
            found.setdefault(msgid, []).append(f"{filename}:{lineno}")
    return found


def _singular(msgid: Msgid) -> str:
    return msgid[0] if isinstance(msgid, tuple) else msgid


def _read_po() -> Catalog:
    with PO_FILE.open("rb") as fh:
        return read_po(fh, locale="en")


def _is_translated(message: Message) -> bool:
    strings = [message.string] if isinstance(message.string, str) else list(message.string)
    return bool(strings) and all(s and s.strip() for s in strings)


def _translations(catalog: Catalog) -> dict[Msgid, Msgid]:
    """msgid -> msgstr of the translated, non-fuzzy entries (what ``pybabel compile`` keeps)."""
    table: dict[Msgid, Msgid] = {}
    for message in catalog:
        if not message.id or message.fuzzy:
            continue
        string = _key(message.string)
        if string if isinstance(string, str) else all(string):
            table[_key(message.id)] = string
    return table


def test_the_english_catalog_translates_every_message_in_the_source() -> None:
    catalog = _read_po()
    by_singular = {_singular(_key(m.id)): m for m in catalog if m.id}
    problems: list[str] = []
    for msgid, places in sorted(extracted().items(), key=lambda item: _singular(item[0])):
        message = by_singular.get(_singular(msgid))
        where = places[0]
        if message is None:
            problems.append(f"  not in the catalog: {msgid!r} ({where})")
            continue
        if message.fuzzy:
            problems.append(f"  fuzzy: {msgid!r} ({where})")
        elif not _is_translated(message):
            problems.append(f"  untranslated: {msgid!r} ({where})")
        elif isinstance(msgid, tuple) and (
            not isinstance(message.id, (tuple, list)) or _key(message.id) != msgid
        ):
            problems.append(f"  plural form out of date: {msgid!r} ({where})")
    assert not problems, (
        f"{len(problems)} message(s) lack an English translation; {HOW_TO_FIX}:\n"
        + "\n".join(problems)
    )


def test_the_catalog_has_no_fuzzy_or_empty_entries() -> None:
    catalog = _read_po()
    bad = [m.id for m in catalog if m.id and (m.fuzzy or not _is_translated(m))]
    assert not bad, f"fuzzy or empty entries in {PO_FILE.name}; {HOW_TO_FIX}: {bad!r}"


def test_the_compiled_catalog_matches_the_po_file() -> None:
    with MO_FILE.open("rb") as fh:
        compiled = _translations(read_mo(fh))
    source = _translations(_read_po())
    differ = {k for k in source.keys() & compiled.keys() if source[k] != compiled[k]}
    stale = sorted({_singular(k) for k in (source.keys() ^ compiled.keys()) | differ})
    assert not stale, (
        f"{MO_FILE.name} is out of date with {PO_FILE.name} "
        f"for {len(stale)} message(s), "
        f"e.g. {stale[:5]!r}; run `.venv/bin/pybabel compile -d lms/translations` "
        "(or `make translations`) and commit the .mo"
    )


_PLACEHOLDER = re.compile(
    r"%(?:\((?P<name>[^)]*)\))?"  # %(name)
    # flags, width, precision; not the " " flag: "% dengan kesenjangan" is a percent sign
    r"[#0+-]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?"
    r"(?P<conv>[diouxXeEfFgGcrsa%])"
)


def _placeholders(text: str) -> tuple[set[str], int]:
    """Named placeholders, and the number of positional ones (``%%`` is no placeholder)."""
    names: set[str] = set()
    positional = 0
    for match in _PLACEHOLDER.finditer(text):
        if match["conv"] == "%":
            continue
        if match["name"] is not None:
            names.add(f"%({match['name']}){match['conv']}")
        else:
            positional += 1
    return names, positional


def _pairs(catalog: Catalog) -> Iterator[tuple[str, str]]:
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, str):
            yield message.id, message.string or ""
        else:
            ids = list(message.id)
            for index, string in enumerate(message.string):
                # plural forms: index 0 follows the singular msgid, the others the plural one
                yield ids[min(index, len(ids) - 1)], string or ""


def test_translations_keep_the_placeholders_of_their_msgid() -> None:
    wrong = []
    for msgid, msgstr in _pairs(_read_po()):
        if not msgstr:
            continue
        if _placeholders(msgid) != _placeholders(msgstr):
            wrong.append(f"  {msgid!r}\n    -> {msgstr!r}")
    assert not wrong, (
        "translations whose %(...)s placeholders differ from the msgid:\n" + "\n".join(wrong)
    )


def test_the_catalog_passes_babels_own_checks() -> None:
    """What ``pybabel compile`` reports as errors (and makes ``make translations`` fail on)."""
    errors = [f"  {m.id!r}: {'; '.join(map(str, errs))}" for m, errs in _read_po().check()]
    assert not errors, "pybabel compile would reject these entries:\n" + "\n".join(errors)


def test_the_placeholder_check_sees_names_positionals_and_percent_signs() -> None:
    assert _placeholders("NIP %(nip)s di baris %(line)d, %d, 100%%") == ({"%(nip)s", "%(line)d"}, 1)
    assert _placeholders("isi %(mb).1f MB") == ({"%(mb)f"}, 0)
    assert _placeholders("% dengan kesenjangan") == (set(), 0)


_GETTEXT_NAMES = {name for name in KEYWORDS if "gettext" in name or name in {"_", "_l", "N_"}}


def test_gettext_calls_in_python_pass_a_literal_msgid() -> None:
    """``_(f"...")`` or ``_(variable)`` cannot be extracted: it would stay Indonesian in English."""
    bad = []
    for path in sorted((ROOT / "lms").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if not (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in _GETTEXT_NAMES
                and node.args
            ):
                continue
            first = node.args[0]
            if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
                bad.append(f"  {path.relative_to(ROOT)}:{node.lineno}: {ast.unparse(node)[:100]}")
    assert not bad, (
        "gettext called with a non-literal msgid (use a literal with %(name)s):\n" + "\n".join(bad)
    )


# --- in a request --------------------------------------------------------------------------


def test_the_default_language_is_indonesian(client) -> None:
    page = client.get("/login")
    assert page.status_code == 200
    assert "Masuk ke Sinau" in page.text
    assert "Sign in" not in page.text
    assert '<html lang="id">' in page.text


def test_lang_en_switches_to_english_and_sticks_for_the_session(client) -> None:
    page = client.get("/login?lang=en")
    assert page.status_code == 200
    assert "Sign in to Sinau" in page.text
    assert "Masuk ke Sinau" not in page.text
    assert '<html lang="en">' in page.text

    later = client.get("/login")
    assert "Sign in to Sinau" in later.text
    assert '<html lang="en">' in later.text

    back = client.get("/login?lang=id")
    assert "Masuk ke Sinau" in back.text
    assert "Masuk ke Sinau" in client.get("/login").text


def test_an_unknown_language_is_ignored(client) -> None:
    page = client.get("/login?lang=fr")
    assert page.status_code == 200
    assert "Masuk ke Sinau" in page.text
    assert '<html lang="id">' in page.text

    client.get("/login?lang=en")
    still = client.get("/login?lang=fr")
    assert "Sign in to Sinau" in still.text


def test_the_signed_in_pages_follow_the_language(client, login_as, make_user) -> None:
    login_as(make_user(name="Siti Rahayu"))
    indonesian = client.get("/")
    assert indonesian.status_code == 200
    assert "Belajar Saya" in indonesian.text
    assert "Keluar" in indonesian.text

    english = client.get("/?lang=en")
    assert english.status_code == 200
    assert '<html lang="en">' in english.text
    assert "My Learning" in english.text
    assert "Sign out" in english.text
    assert "Belajar Saya" not in english.text
    assert "Keluar" not in english.text


@pytest.mark.parametrize(
    ("query", "title", "hint"),
    [
        ("", "Halaman tidak ditemukan", "Ke halaman masuk"),  # signed out: the sign-in page
        ("?lang=en", "Page not found", "Go to the sign-in page"),
    ],
)
def test_the_404_page_speaks_the_language_of_the_request(client, query, title, hint) -> None:
    page = client.get(f"/no-such-page{query}")
    assert page.status_code == 404
    assert title in page.text
    assert hint in page.text


def test_the_404_page_follows_the_language_of_the_session(client) -> None:
    client.get("/login?lang=en")
    page = client.get("/no-such-page")
    assert page.status_code == 404
    assert "Page not found" in page.text
    assert "Halaman tidak ditemukan" not in page.text
