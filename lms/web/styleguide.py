"""``/_styleguide``: the design system's living documentation (development and tests only).

Every component of ``static/css/base.css`` is shown with the markup that makes it, so later
pages reuse the same classes instead of inventing their own. Not registered in production.
It is written for developers, in English, like docs/plugins.md.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from flask import Blueprint, current_app, render_template

from lms.web.access import public
from lms.web.ui import ICONS

bp = Blueprint("styleguide", __name__)

_TOKEN = re.compile(r"(--[a-z0-9-]+):\s*(#[0-9a-fA-F]{3,6})\s*;(?:\s*/\*\s*(.*?)\s*\*/)?")


@cache
def _colour_tokens(path: str) -> tuple[tuple[str, str, str], ...]:
    text = Path(path).read_text(encoding="utf-8")
    root = text[text.index(":root"):text.index("}", text.index(":root"))]
    return tuple((name, value, note or "") for name, value, note in _TOKEN.findall(root))


def colour_tokens() -> tuple[tuple[str, str, str], ...]:
    """(name, value, note) of every colour token in base.css's ``:root``: the one source."""
    return _colour_tokens(str(Path(current_app.static_folder or "") / "css" / "base.css"))


@bp.get("/_styleguide")
@public
def index() -> str:
    return render_template("styleguide.html", icons=sorted(ICONS), colours=colour_tokens())
