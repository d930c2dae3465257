"""Reading many courses on every core.

Parsing is pure (files in, draft and diagnostics out) and CPU-bound (Markdown, sanitizing),
so a large import spreads courses over worker processes. Each worker loads the same plugins
through the same entry points, so plugin activity types parse there exactly as in-process.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Collection, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any

from lms.core.diagnostics import Diagnostic, Diagnostics
from lms.core.importer.reader import CourseDraft, CourseReader
from lms.core.importer.source import CourseSource

MIN_COURSES_FOR_WORKERS = 4  # below this, starting processes costs more than it saves


@dataclass(frozen=True)
class ReadOptions:
    plugins: tuple[str, ...] | None
    extra_plugins: tuple[tuple[str, Any], ...]
    known_competencies: frozenset[str]
    embed_hosts: tuple[str, ...]
    max_media_bytes: int


_worker_registry: Any = None
_worker_extensions: tuple[Any, ...] = ()


def _init_worker(options: ReadOptions) -> None:
    global _worker_registry, _worker_extensions
    from lms.plugins.manager import load_plugins

    host = load_plugins(options.plugins, extra=options.extra_plugins)
    _worker_registry = host.activities
    _worker_extensions = tuple(host.markdown_extensions)


def _read_in_worker(source: CourseSource, options: ReadOptions) -> tuple[CourseDraft | None, list[Diagnostic]]:
    diagnostics = Diagnostics()
    draft = CourseReader(source, _worker_registry, diagnostics,
                         known_competencies=set(options.known_competencies),
                         embed_hosts=options.embed_hosts, extensions=_worker_extensions,
                         max_media_bytes=options.max_media_bytes).read()
    return draft, diagnostics.items


def worker_count(sources: Sequence[CourseSource], requested: int | None) -> int:
    if requested is not None:
        return max(1, requested)
    if len(sources) < MIN_COURSES_FOR_WORKERS:
        return 1
    return max(1, min(len(sources), len(os.sched_getaffinity(0))))


def read_parallel(sources: Sequence[CourseSource], options: ReadOptions, workers: int,
                  diagnostics: Diagnostics) -> Iterator[tuple[CourseSource, CourseDraft | None]]:
    """Yield (source, draft) in the order of ``sources``; diagnostics are merged in order."""
    context = multiprocessing.get_context("spawn")  # no fork of a process holding DB connections
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_init_worker,
                             initargs=(options,)) as pool:
        futures = [pool.submit(_read_in_worker, source, options) for source in sources]
        for source, future in zip(sources, futures, strict=True):
            draft, items = future.result()
            diagnostics.items.extend(items)
            yield source, draft


def read_serial(sources: Iterable[CourseSource], options: ReadOptions, registry: Any,
                extensions: Collection[Any], diagnostics: Diagnostics
                ) -> Iterator[tuple[CourseSource, CourseDraft | None]]:
    for source in sources:
        yield source, CourseReader(source, registry, diagnostics,
                                   known_competencies=set(options.known_competencies),
                                   embed_hosts=options.embed_hosts, extensions=tuple(extensions),
                                   max_media_bytes=options.max_media_bytes).read()
