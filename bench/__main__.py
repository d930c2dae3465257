"""Run benchmarks by name: ``python -m bench import``; no name runs them all."""

from __future__ import annotations

import importlib
import sys

BENCHMARKS = {"import": "bench.import_courses", "serve": "bench.serve_learner",
              "concurrent": "bench.concurrent_learners", "lighthouse": "bench.lighthouse_pages",
              "lighthouse-team": "bench.lighthouse_team",
              "certificate": "bench.certificate_pdf", "team": "bench.team",
              "reports": "bench.reports", "instructions": "bench.instructions",
              "december": "bench.december_peak", "enqueue": "bench.jobs"}


def main(argv: list[str]) -> int:
    names = argv or list(BENCHMARKS)
    for name in names:
        if name not in BENCHMARKS:
            print(f"unknown benchmark {name!r}; known: {', '.join(BENCHMARKS)}", file=sys.stderr)
            return 2
        importlib.import_module(BENCHMARKS[name]).main()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
