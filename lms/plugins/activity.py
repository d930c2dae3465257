"""Activity types: lessons, quizzes, surveys and whatever plugins add.

An :class:`ActivityType` owns its file suffixes, parsing (errors with line numbers), export,
rendering and grading. It takes validated data, never the request. Core stores every item
generically (``course_item``: key, type, title, position, settings, content); a type's own
tables point at it by foreign key, so disabling a plugin leaves core working.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar

from lms.plugins.errors import PluginError

if TYPE_CHECKING:  # pragma: no cover
    from lms.core.diagnostics import Diagnostics
    from lms.core.markup import Rendered


#: Completion modes in which the learner marks an item done themselves.
LEARNER_COMPLETION = frozenset({"view", "manual"})
#: The completion mode "confirmed by a trainer": the learner sees "menunggu konfirmasi
#: pengajar" until a trainer of the course confirms them (one tap per person on the trainers'
#: confirmation page, audited); neither the learner nor the type's own rules complete it.
TRAINER_COMPLETION = "trainer"


@dataclass(frozen=True)
class ItemContext:
    """What a parser may use besides the file's text."""

    path: str  # the file's path as shown in messages (``kursus/01-pengantar.md``)
    key: str  # the item's stable key (``dasar/perangkat``)
    read_sibling: Callable[[str], str | None]  # another file of the same folder, or None
    render: Callable[..., Rendered]  # markup.render_markdown bound to the course's media
    render_inline: Callable[..., Rendered]
    sanitize: Callable[..., Rendered]
    #: A media file of the course by a reference written in the item (relative to its folder,
    #: else inside ``media/``, as links resolve): its SHA-256 and bytes, or None. The bytes are
    #: empty in the editor's live preview, which knows media by hash only (fetch them with
    #: ``lms.plugins.media_bytes`` when needed).
    media: Callable[[str], tuple[str, bytes] | None] = lambda _ref: None


@dataclass
class ParsedItem:
    """The result of parsing one item file; everything JSON-serialisable."""

    title: str
    minutes: int = 0
    settings: dict[str, Any] = field(default_factory=dict)
    content: dict[str, Any] = field(default_factory=dict)
    required: bool = True  # must be done for course completion
    refs: tuple[str, ...] = ()  # relative media references found while rendering
    extra_files: tuple[str, ...] = ()  # sibling files this item consumed (``questions_from``)


@dataclass
class ItemView:
    """Everything an activity type needs to render its item for a learner (no request)."""

    user: Any
    course: Any
    item: Any  # CourseItem of the published revision
    enrollment: Any
    progress: Any  # ItemProgress or None
    previous: Any  # CourseItem or None
    next: Any  # CourseItem or None
    state: Any  # lms.core.queries.learning.CourseState


class ActivityType:
    """Base class of every activity type. Subclasses set the class attributes and override
    :meth:`parse`; the other methods have working defaults."""

    name: ClassVar[str]
    suffixes: ClassVar[tuple[str, ...]]  # ``(".quiz.md",)``; the longest matching suffix wins
    #: How an item of this type is done. ``view`` and ``manual``: the learner marks it done
    #: (core's "done" button and ``POST .../done``); anything else (``pass`` for quizzes,
    #: ``submit`` for surveys, a plugin's own word): only the type's own rules complete it,
    #: through ``lms.plugins.complete_item(..., by="activity")``; ``trainer``: only a trainer's
    #: confirmation does. An item may override its type's mode with ``settings["completion"]``
    #: (a lesson's ``completion: trainer``).
    completion: ClassVar[str] = "view"
    #: Files of the plugin's own ``static/`` folder that a page showing an item of this type
    #: links (``("quiz.css",)``); other pages never load them (see :mod:`lms.assets`).
    stylesheets: ClassVar[tuple[str, ...]] = ()
    scripts: ClassVar[tuple[str, ...]] = ()  # deferred: they run once the page is read
    #: Whether the type's plugin answers ``lms_item_statistics`` for its items (the quiz's
    #: per-question analysis): the author's course page then links "Statistik soal".
    statistics: ClassVar[bool] = False

    def parse(self, source: str, ctx: ItemContext, diagnostics: Diagnostics) -> ParsedItem | None:
        raise NotImplementedError

    def export(self, source: str, settings: dict[str, Any]) -> str:
        """The file text written by ``lms courses export``. Items keep the exact text they
        were imported or edited from, so the default gives it back unchanged."""
        return source

    def label(self) -> str:
        return self.name

    def author_preview(self, parsed: ParsedItem, statistics: Any | None) -> str | None:
        """HTML of the editor's preview of a parsed item, below its title and minutes (rendered
        with :func:`render_fragment`; ``statistics``: this type's ``lms_item_statistics``
        answer, or None). None: the item's ``content["html"]``, as a lesson shows it."""
        return None

    def author_help(self, filename: str) -> str | None:
        """HTML for the editor's "Cara menulis" box of a file of this type (``filename``: the
        file being edited, for a type with several formats), rendered with
        :func:`render_fragment`; None: the general Markdown help."""
        return None

    def render(self, view: ItemView) -> str:
        """The HTML of the item's main area on ``/courses/<slug>/<key>``. The core page adds
        the title, the outline position and previous/next. Forms post to the type's own
        blueprint; the rules live in its services, never in the template."""
        raise NotImplementedError

    def public_content(self, item: Any) -> dict[str, Any]:
        """What the JSON API may show of an item before it is done (never answers)."""
        return {}

    def play_for_demo(self, user: Any, course: Any, item: Any, *, succeed: bool, rng: random.Random,
                      now: datetime) -> bool:
        """``lms demo``: do ``item`` as a learner would, through the type's own services (a
        quiz is answered and graded, a survey answered), at the moment ``now``. ``succeed``:
        a learner who knows the matter, or one who does not (a quiz then fails). Returns True
        when the item is done afterwards. The default marks done the types a learner marks
        done themselves and leaves the others undone."""
        if self.completion not in LEARNER_COMPLETION:
            return False
        from lms.core.services import learning

        learning.mark_done(user, course, item.key)
        return True


def render_fragment(template_name: str, **context: Any) -> str:
    """Render an activity's template for :meth:`ActivityType.render`: it sees the page's
    helpers (``_``, ``url_for``, ``csrf_token``, ``static_url``, ``current_user``, ``request``)
    and ``context``, and costs less than ``render_template``, which runs every context processor
    and signal again for a part of a page (the lesson page is the most viewed page)."""
    from lms.rendering import render_fragment as render

    return render(template_name, **context)


class ActivityRegistry:
    """Activity types by name and by file suffix. Filled once at start-up, read-only after."""

    def __init__(self, types: Iterable[tuple[str, ActivityType]] = ()) -> None:
        self._by_name: dict[str, ActivityType] = {}
        self._owner: dict[str, str] = {}
        self._by_suffix: dict[str, ActivityType] = {}
        for plugin, activity in types:
            self.add(plugin, activity)

    def add(self, plugin: str, activity: ActivityType) -> None:
        if activity.name in self._by_name:
            raise PluginError(
                f"activity type {activity.name!r} of plugin {plugin!r} is already registered "
                f"by plugin {self._owner[activity.name]!r}"
            )
        for suffix in activity.suffixes:
            if suffix in self._by_suffix:
                other = self._by_suffix[suffix].name
                raise PluginError(
                    f"file suffix {suffix!r} of activity type {activity.name!r} (plugin "
                    f"{plugin!r}) is already claimed by activity type {other!r}"
                )
        self._by_name[activity.name] = activity
        self._owner[activity.name] = plugin
        for suffix in activity.suffixes:
            self._by_suffix[suffix] = activity

    def get(self, name: str) -> ActivityType | None:
        return self._by_name.get(name)

    def owner(self, name: str) -> str:
        """The name of the plugin that registered activity type ``name``."""
        return self._owner[name]

    def completion_of(self, item: Any) -> str | None:
        """The completion mode of one item: its own ``settings["completion"]`` (a lesson's front
        matter), else its type's. None when the item's type is no longer enabled."""
        activity = self._by_name.get(item.type)
        if activity is None:
            return None
        return (item.settings or {}).get("completion") or activity.completion

    def has_statistics(self, name: str) -> bool:
        """Whether items of type ``name`` have per-question statistics (a type no longer
        enabled: no)."""
        activity = self._by_name.get(name)
        return activity is not None and activity.statistics

    def learner_marks_done(self, name: str) -> bool:
        """Whether the learner may mark an item of type ``name`` done themselves (its type's
        ``completion`` is ``view`` or ``manual``). A type no longer enabled: no."""
        activity = self._by_name.get(name)
        return activity is not None and activity.completion in LEARNER_COMPLETION

    def for_filename(self, filename: str) -> ActivityType | None:
        """The type owning the longest suffix that ``filename`` ends with."""
        lower = filename.lower()
        best: tuple[int, ActivityType] | None = None
        for suffix, activity in self._by_suffix.items():
            if lower.endswith(suffix) and (best is None or len(suffix) > best[0]):
                best = (len(suffix), activity)
        return best[1] if best else None

    def strip_suffix(self, filename: str) -> str:
        activity = self.for_filename(filename)
        if activity is None:
            return filename
        lower = filename.lower()
        suffix = max((s for s in activity.suffixes if lower.endswith(s)), key=len)
        return filename[: -len(suffix)]

    @property
    def names(self) -> list[str]:
        return sorted(self._by_name)

    def __contains__(self, name: object) -> bool:
        return name in self._by_name
