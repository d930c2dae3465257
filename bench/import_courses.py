"""Import speed: 100 courses x 20 lessons x 1,500 words + a 20-question quiz each.

Targets (issue 3): the whole set in under 60 s on a 2-core machine; re-importing it unchanged
in under 10 s. Also reports the share of time spent in Markdown and in sanitizing (measured
in-process on a sample, since parsing may run in worker processes).

    python -m bench import            (env BENCH_COURSES=100 BENCH_DB=sqlite|postgres)
"""

from __future__ import annotations

import cProfile
import os
import pstats
import tempfile
import time
from pathlib import Path

from bench.generate import course_set


def _app(tmp: Path):  # noqa: ANN202
    from lms.app import create_app
    from lms.extensions import db
    from lms.testing.plugin import ScratchDatabase, settings_for

    url = None
    scratch = None
    if os.environ.get("BENCH_DB") == "postgres":
        scratch = ScratchDatabase(os.environ.get("LMS_TEST_DATABASE_URL",
                                                 "postgresql+psycopg://postgres@127.0.0.1:5432/test"), "lms_bench")
        url = scratch.create()
    app = create_app(settings_for(tmp, url))
    with app.app_context():
        db.create_all()
    return app, scratch


def main() -> None:
    from lms.core import transaction
    from lms.core.importer.service import import_paths

    courses = int(os.environ.get("BENCH_COURSES", "100"))
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        t0 = time.perf_counter()
        root = course_set(tmp / "courses", courses=courses)
        words = sum(len(p.read_text().split()) for p in root.rglob("*.md"))
        print(f"generated {courses} courses ({words:,} words) in {time.perf_counter() - t0:.1f} s")

        app, scratch = _app(tmp)
        with app.app_context():
            t0 = time.perf_counter()
            report = import_paths([root])
            transaction.commit()
            first = time.perf_counter() - t0
            print(f"first import:       {first:6.1f} s  ({report})   target < 60 s")
            t0 = time.perf_counter()
            report = import_paths([root])
            transaction.commit()
            again = time.perf_counter() - t0
            print(f"unchanged re-import:{again:6.1f} s  ({report})   target < 10 s")

        # Where the time goes, on a sample of 3 courses parsed in this process.
        sample = tmp / "sample"
        course_set(sample, courses=3)
        (tmp / "s2").mkdir()
        app2, scratch2 = _app(tmp / "s2")
        with app2.app_context():
            profile = cProfile.Profile()
            profile.enable()
            import_paths([sample], workers=1)  # in this process, so the profiler sees it
            profile.disable()
            stats = pstats.Stats(profile)
            total = stats.total_tt
            md = _cumulative(stats, "markdown/core.py", "convert")
            clean = _cumulative(stats, "lms/core/markup.py", "sanitize_html")
            print(f"share of parse time (3-course sample): markdown {md / total:5.1%}, "
                  f"sanitizing {clean / total:5.1%}")
        for s in (scratch, scratch2):
            if s:
                s.drop()


def _cumulative(stats: pstats.Stats, filename: str, function: str) -> float:
    best = 0.0
    for (file, _line, name), (_cc, _nc, _tt, ct, _callers) in stats.stats.items():
        if file.endswith(filename) and name == function:
            best = max(best, ct)
    return best


if __name__ == "__main__":
    main()
