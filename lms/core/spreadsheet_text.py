"""Text for a spreadsheet cell that a spreadsheet will not run.

Excel and LibreOffice run a cell starting with ``= + - @`` (or a tab or carriage return) as a
formula, so a name typed as ``=HYPERLINK(...)`` in an export could act when the file is opened
(OWASP: CSV injection). Every export of the site passes its text through :func:`formula_safe`.
"""

from __future__ import annotations

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def formula_safe(value: str) -> str:
    """``value`` with a leading apostrophe when a spreadsheet would read it as a formula."""
    return "'" + value if value.startswith(FORMULA_START) else value
