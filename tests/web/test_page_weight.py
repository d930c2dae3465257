"""The lesson page, the most viewed page, weighs at most 60 KB transferred with a cold cache:
its HTML and every stylesheet, script and sprite it links, gzipped (as ``lms serve`` sends
them; images of the lesson aside). ``python -m bench serve`` measures the same on a real server."""

from __future__ import annotations

import gzip
import random
import re

from bench.generate import lesson

BUDGET = 60 * 1024


def test_a_lesson_page_with_a_cold_cache_stays_within_60_kb(client, make_course, make_user, enrolled,
                                                            login_as) -> None:
    files = {f"{n:02d}-materi-{n}.md": lesson(random.Random(n), n, 1500) for n in range(1, 4)}
    files["04-kuis.quiz.md"] = "---\ntitle: Kuis\n---\nJawab.\n\n## Dua tambah dua? {#dua}\n- [x] Empat\n- [ ] Lima\n"
    course = make_course("kursus-berat", files=files)
    login_as(enrolled(course, make_user()))
    page = client.get("/courses/kursus-berat/materi-2")
    assert page.status_code == 200
    sizes = {"html": len(gzip.compress(page.data))}
    for url in dict.fromkeys(u.split("#")[0] for u in re.findall(r'(?:href|src)="(/static/[^"]+)"', page.text)):
        asset = client.get(url, buffered=True)
        assert asset.status_code == 200, url
        sizes[url.split("?")[0]] = len(gzip.compress(asset.data))
    assert any(name.endswith("/lesson.js") for name in sizes), sizes  # the lesson's own script is counted
    assert sum(sizes.values()) <= BUDGET, {k: f"{v / 1024:.1f} KB" for k, v in sizes.items()}
