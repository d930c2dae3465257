"""``python -m bench lighthouse``: Lighthouse mobile scores of the learner's pages
(``bench.lighthouse_mobile``) and of Tim Saya (``bench.lighthouse_team``); target >= 95 for
performance and accessibility on every page."""

from __future__ import annotations


def main() -> None:
    from bench import lighthouse_mobile, lighthouse_team

    lighthouse_mobile.main()
    lighthouse_team.main()
