"""Certificate PDF speed: one PDF rendered from a stored certificate, 50 times.

Target (issue 5): under 300 ms per PDF. Measures what the download route does after loading
the row: layout, text, the QR code, serialisation. The certificate is a long-winded one (long
name, two-line course title, competencies, expiry) so the numbers are not flattered.

    python -m bench certificate            (env BENCH_RUNS=50)
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

TARGET_MS = 300.0


def _certificate():  # noqa: ANN202
    from lms.builtin.certificate.models import Certificate

    return Certificate(
        number="SINAU/2026/000123", code="AbCdEfGhIjKlMnOpQrStUvWx",
        name="Dra. Ni Luh Putu Ayu Kusumawardhani O’Brien, S.Sos., M.Si.", nip="199002142010011004",
        rank="Penata Muda Tingkat I (III/b)", position="Analis Kebijakan Ahli Pertama",
        unit="Bidang Aplikasi Informatika", agency="Dinas Komunikasi dan Informatika",
        course_title="Pelayanan Publik Prima: Standar Pelayanan, Maklumat, dan Penanganan Pengaduan "
                     "Masyarakat melalui SP4N-LAPOR!",
        jp=10.0, started_on=date(2026, 2, 14), finished_on=date(2026, 3, 20), score=87.5,
        competencies=[{"code": "pelayanan-publik", "name": "Pelayanan Publik", "level": 2},
                      {"code": "komunikasi", "name": "Komunikasi", "level": 1},
                      {"code": "integritas", "name": "Integritas", "level": 2}],
        expires_at=datetime(2029, 3, 20, 3, tzinfo=UTC),
        issuer="Badan Kepegawaian dan Pengembangan Sumber Daya Manusia Kota Surakarta",
        signer_name="Dr. Bambang Nugroho, S.H., M.H.",
        signer_title="Kepala Badan Kepegawaian dan Pengembangan Sumber Daya Manusia Kota Surakarta",
        issued_at=datetime(2026, 3, 20, 3, tzinfo=UTC))


def main() -> None:
    from lms.app import create_app
    from lms.builtin.certificate import pdf, service
    from lms.testing.plugin import settings_for

    runs = int(os.environ.get("BENCH_RUNS", "50"))
    with tempfile.TemporaryDirectory() as tmpdir:
        app = create_app(settings_for(Path(tmpdir)))
        with app.app_context():
            certificate = _certificate()
            url = service.verify_url(certificate.code)
            zone = service.site_zone()
            pdf.render(certificate, url, zone)  # warm-up: imports, font metrics
            times = []
            for _ in range(runs):
                t0 = time.perf_counter()
                body = pdf.render(certificate, url, zone)
                times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * len(times)) - 1)]
    median = statistics.median(times)
    verdict = "ok" if p95 < TARGET_MS else "TOO SLOW"
    print(f"certificate PDF ({runs} runs, {len(body):,} bytes): median {median:6.1f} ms, "
          f"p95 {p95:6.1f} ms, max {times[-1]:6.1f} ms   target < {TARGET_MS:.0f} ms: {verdict}")


if __name__ == "__main__":
    main()
