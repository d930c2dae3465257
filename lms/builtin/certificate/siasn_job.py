"""The SIASN export with the certificates themselves: a zip of the SIASN CSV and one PDF per
certificate, made by a job (a few thousand PDFs take minutes) and offered on the job's page."""

from __future__ import annotations

import zipfile
from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l

from lms.builtin.certificate import pdf, service, siasn
from lms.plugins import JobContext, JobRun, enqueue, job, utcnow


def enqueue_zip(user_id: int, f: siasn.SiasnFilter) -> JobRun:
    """One run per admin, selection and minute (a double click is one job)."""
    start, end = (f.start.isoformat() if f.start else ""), (f.end.isoformat() if f.end else "")
    return enqueue("certificate.siasn_zip", key=f"{user_id}:{f.unit_id or ''}:{start}:{end}:{utcnow():%Y%m%d%H%M}",
                   user_id=user_id, unit_id=f.unit_id, start=start, end=end)


@job("certificate.siasn_zip", label=_l("Ekspor SIASN dengan sertifikat (ZIP)"), writes=False, stale_after=3600)
def siasn_zip(ctx: JobContext, unit_id: int | None, start: str, end: str) -> dict[str, Any]:
    f = siasn.SiasnFilter(unit_id=unit_id, start=date.fromisoformat(start) if start else None,
                          end=date.fromisoformat(end) if end else None)
    today = f"{service.local_date(utcnow()):%Y%m%d}"
    name = f"siasn-kursus-{today}.zip"
    path = ctx.result_dir() / name
    total = siasn.count_certificates(f)
    zone = service.site_zone()
    written = 0
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"siasn-kursus-{today}.csv", "".join(siasn.csv_lines(siasn.rows(f))))
        for certificate in siasn.certificates(f):
            body = pdf.render(certificate, service.verify_url(certificate.code), zone)
            archive.writestr(f"sertifikat/{certificate.file_name}", body, compress_type=zipfile.ZIP_STORED)
            written += 1
            if written % 50 == 0:
                ctx.progress(95 * written / max(total, 1), f"{written}/{total}")
    return {"file": name, "filename": name, "media_type": "application/zip", "certificates": written,
            "total": total}
