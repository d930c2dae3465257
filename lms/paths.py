"""Where the project's non-Python files are, in a checkout and in an installed wheel.

The wheel packs ``templates/``, ``static/``, ``migrations/`` and ``courses/`` inside ``lms/``;
in a checkout (editable install) they sit beside the package.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
_INSTALLED_NAMES = {"courses": "sample_courses"}


def asset_dir(name: str) -> Path:
    packed = PACKAGE_DIR / _INSTALLED_NAMES.get(name, name)
    if packed.is_dir():
        return packed
    return PACKAGE_DIR.parent / name


TEMPLATES = asset_dir("templates")
STATIC = asset_dir("static")
MIGRATIONS = asset_dir("migrations")
SAMPLE_COURSES = asset_dir("courses")
TRANSLATIONS = PACKAGE_DIR / "translations"
