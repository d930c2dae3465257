"""Build the sample SCORM 1.2 package from ``package/`` into a zip, byte for byte the same on
every machine (fixed dates, sorted names), for the tests and the sample course.

    .venv/bin/python tests/builtin/scorm/build_sample.py   # rewrites the sample course's zip
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

SOURCE = Path(__file__).resolve().parent / "package"
ROOT = Path(__file__).resolve().parents[3]
COURSE_ZIP = ROOT / "courses" / "waspada-phishing" / "media" / "waspada-phishing-scorm12.zip"


def package_bytes(files: dict[str, bytes] | None = None) -> bytes:
    """The sample package's zip; ``files`` replaces or adds members (tests build broken ones)."""
    members = {p.name: p.read_bytes() for p in sorted(SOURCE.iterdir()) if p.is_file()}
    members.update(files or {})
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(members):
            info = zipfile.ZipInfo(name, date_time=(2026, 12, 3, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, members[name])
    return out.getvalue()


if __name__ == "__main__":
    COURSE_ZIP.parent.mkdir(parents=True, exist_ok=True)
    COURSE_ZIP.write_bytes(package_bytes())
    print(COURSE_ZIP, COURSE_ZIP.stat().st_size)
