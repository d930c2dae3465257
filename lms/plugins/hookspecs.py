"""Hook specifications: the contract between Sinau and its plugins.

This module is the plugin manual's source: ``docs/plugins.md`` is checked against these
docstrings by a test. Four families, as in ``architecture.md``:

* **Registration** (``lms_register_*``): called once at start-up. Each returns things the
  host registers under unique names; a clash stops start-up with both plugins named.
* **Page contributions** (``lms_menu_items``, ``lms_dashboard_widgets``, ``lms_template_slot``):
  called per request, results ordered by weight.
* **Filters**: may change an outcome. Each spec says how several answers combine.
* **Events** (``lms_on_*``): called *after* the database commit, with plain ids. The return
  value is ignored. A failing handler is logged with the plugin's name, its own writes are
  rolled back, and it never undoes the learner's work. Each handler runs in its own
  transaction, committed by the host after it returns.

Hook names are checked at start-up (pluggy's ``check_pending``): an implementation of a hook
that does not exist — a typo, or a hook renamed in a later version — stops start-up instead of
silently never firing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:  # pragma: no cover
    from datetime import date

    import click
    from flask import Blueprint

    from lms.plugins.activity import ActivityType
    from lms.plugins.credits import JpCredit
    from lms.plugins.notices import NotificationKind
    from lms.plugins.pages import MenuItem, SlotContent, Widget
    from lms.plugins.signin import SignInOption

PROJECT = "lms"
hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


# --------------------------------------------------------------------------- registration


@hookspec(historic=True)
def lms_add_hookspecs(pluginmanager: pluggy.PluginManager) -> None:
    """Publish a plugin's own hookspecs (``pluginmanager.add_hookspecs(module)``).

    The quiz plugin uses it for its question-kind registry, so that another plugin can add a
    question kind exactly as the quiz plugin adds its own. Called for every plugin, before
    unknown hook implementations are checked.
    """


@hookspec
def lms_register_activity_types() -> list[ActivityType]:
    """Activity types this plugin provides (lessons, quizzes, surveys, ...).

    Each :class:`lms.plugins.ActivityType` owns a unique ``name`` and its file ``suffixes``;
    two types claiming one name or suffix stop start-up.
    """


@hookspec
def lms_register_blueprints() -> list[Blueprint]:
    """Flask blueprints to mount. Every view must carry an access rule (see ``lms.web.access``);
    a view without one is refused at request time and fails the test suite."""


@hookspec
def lms_register_cli_commands() -> list[click.Command]:
    """Click commands or groups mounted under ``lms`` (for example ``lms quiz ...``)."""


@hookspec
def lms_register_migrations() -> str | None:
    """The folder of this plugin's Alembic versions: its own branch, labelled with the plugin's
    name, whose base revision ``depends_on`` the core revision it needs."""


@hookspec
def lms_register_settings() -> dict[str, Any]:
    """Defaults of this plugin's settings, read from ``LMS_<NAME>_<KEY>`` variables.

    Keys are lower case without the prefix; the host merges the environment over them and
    exposes the result as ``current_app.extensions['lms.host'].settings_of(name)``.
    """


@hookspec
def lms_register_markdown_extensions() -> list[Any]:
    """python-markdown extensions (instances or names) added to the one rendering pipeline.
    Their output still goes through the sanitizer."""


@hookspec
def lms_register_jobs() -> list[Any]:
    """Background jobs (:class:`lms.plugins.JobSpec`, made with ``@lms.plugins.job``): work
    enqueued with ``lms.core.jobs.enqueue(name, key=...)``, and periodic work (a ``schedule``
    crontab: digests, syncs). Names are unique across core and plugins; use the plugin's name
    as a prefix (``forum.digest``)."""


@hookspec
def lms_notification_kinds() -> list[NotificationKind]:
    """Notification kinds this plugin sends (:class:`lms.plugins.NotificationKind`): their
    words, their link and who may receive them. Send one with ``lms.plugins.notify(user_id,
    kind, key=..., params=...)``. A name already used by core or another plugin stops start-up."""


@hookspec
def lms_audit_action_labels() -> dict[str, str]:
    """Labels of this plugin's audit actions, as the audit log page shows them: ``{"kelas.attend":
    _l("Kehadiran dikonfirmasi")}`` (lazily translated). An action core or another plugin
    labels already stops start-up."""


@hookspec
def lms_register_translations() -> str | tuple[str, str] | None:
    """This plugin's ``translations/`` folder (``<lang>/LC_MESSAGES/<domain>.mo``, compiled
    with ``pybabel compile``), merged into the site's catalogue: a path (domain ``messages``) or
    ``(path, domain)``. Its Indonesian msgids are translated like core's; core's own
    translations win where both translate one msgid."""


# --------------------------------------------------------------------------- page contributions


@hookspec
def lms_menu_items(user: Any) -> list[MenuItem]:
    """Navigation entries for this user (already signed in), ordered by weight."""


@hookspec
def lms_dashboard_widgets(user: Any) -> list[Widget]:
    """Boxes for "Belajar Saya", ordered by weight."""


@hookspec
def lms_template_slot(name: str, context: dict[str, Any]) -> list[SlotContent] | None:
    """HTML for the named slot of a template: a page part that plugins extend.

    :param name: the slot, one of ``lms.plugins.slots.SLOTS`` (below).
    :param context: what the template passes for that slot (below); read it, never change it.

    Answer ``None`` for a slot you do not fill. Every answer is shown, its parts ordered by
    ``SlotContent.weight``; the HTML is trusted as is, so escape what you did not write (render
    a template of your own with ``render_fragment``). Rendering an unknown slot name is an error
    (in tests and development) so that a renamed slot cannot silently go blank. A slot filled
    per row (``transcript_row``, ``completed_course_card``, ``course_outline_item``) is asked
    once per row: read what you need once per request (``flask.g``), not once per row.

    Slots (context keys in brackets):

    * ``head``, ``nav_end``, ``footer``, ``dashboard_top``, ``profile_after_details``: page parts [-]
    * ``course_page_after_outline``: the course page, after the outline [course]
    * ``course_outline_item``: the course page, under one item of the outline [course, item, done]
    * ``item_after_content``: a lesson, quiz or survey page, after the content [course, item]
    * ``transcript_row``: Riwayat diklat, under one completed course [completion]
    * ``completed_course_card``: Belajar Saya, the action of a completed course's card [completion]
    * ``completion_page``: the page shown when a course is completed, after the JP [completion]
    * ``team_person_card``: Tim Saya, one person's page, after their courses [person]
    * ``author_course_settings``: the author's course settings, after the form [course]
    * ``author_results``: the author's course results, after the quiz results [course]

    Example (the certificate plugin's link on Riwayat diklat)::

        @hookimpl
        def lms_template_slot(name, context):
            if name == "transcript_row":
                return [SlotContent(weight=50, html=render_fragment("certificate/_transcript_row.html", cert=...))]
            return None
    """


# --------------------------------------------------------------------------- filters


@hookspec(firstresult=True)
def lms_authenticate(login: str, password: str) -> Any | None:
    """Check credentials (NIP or e-mail + password). The first non-``None`` answer wins: a
    ``User``, or ``False`` to refuse outright. The built-in password check runs last.
    Sign-in throttling (``LMS_LOGIN_RATE_LIMIT``) runs before any implementation is asked: a
    throttled attempt never reaches a plugin, so a directory behind it is not hammered either."""


@hookspec
def lms_check_enrollment(user: Any, course: Any) -> str | None:
    """May ``user`` enrol in ``course``? Return ``None`` to allow, or a reason (translated
    text) to deny. Any denial wins; every reason is shown."""


@hookspec(firstresult=True)
def lms_item_statistics(course_id: int, item_key: str, item_type: str, newest_revision_id: int | None,
                        first_only: bool) -> Any | None:
    """Per-question statistics of one item, for its author (the editor's preview and the
    "Statistik soal" page): the plugin owning ``item_type`` answers, the first answer wins;
    answer ``None`` for another type (with no answer no statistics are shown, and the page
    answers 404).

    The answer has ``attempts``, ``mean_score`` (0-100 or ``None``), ``questions`` (each with
    ``id``, ``prompt``, ``kind``, ``attempts``, ``facility``, ``discrimination``,
    ``unanswered``, ``options`` [``text``, ``correct``, ``count``, ``share``], ``responses``
    [(text, count)] and ``flags`` among ``easy``, ``hard``, ``negative``) and ``by_id()``
    (question id -> its statistics). ``newest_revision_id``: the draft, whose question texts
    are shown; ``first_only``: count each learner's first attempt only (no remedial)."""


@hookspec(firstresult=True)
def lms_completion_certificates(completion_ids: list[int]) -> dict[int, dict[str, Any]] | None:
    """The certificates of these completions, for the JSON API's transcript: completion id ->
    ``{"number", "verify_url", "status"}``; a completion without one is left out. The
    certificate plugin answers; with no answer the API says ``certificate: null``."""


@hookspec
def lms_jp_credits(user_ids: list[int] | None, start: date | None, end: date | None) -> list[JpCredit] | None:
    """JP this plugin credits (:class:`lms.plugins.JpCredit`): hours of a classroom session,
    of mentoring, of a confirmed practice. Asked once per read (a page, an export, an API call)
    for everyone it shows, never once per person: ``user_ids`` is the people asked about (None:
    everyone), ``start`` and ``end`` local calendar days, both included (None: unbounded).
    Every plugin's answers are added to the one JP ledger beside course completions and
    verified external records, so Belajar Saya, the transcript, Tim Saya, the reports, the API
    and the SIASN export count them. Answer with a set-based query; a credit outside what was
    asked is ignored."""


# --------------------------------------------------------------------------- events (after commit)


@hookspec
def lms_on_user_enrolled(user_id: int, course_id: int) -> None:
    """A user enrolled in (or was assigned) a course."""


@hookspec
def lms_on_item_completed(user_id: int, course_id: int, item_key: str) -> None:
    """A user completed an item (lesson read, quiz passed, survey answered)."""


@hookspec
def lms_on_course_completed(completion_id: int, user_id: int, course_id: int) -> None:
    """A user completed a course (all required items done). Competency evidence and
    certificates are built on this event."""


@hookspec
def lms_on_record_verified(record_id: int) -> None:
    """An external learning record was verified (it now counts toward JP and as evidence)."""


@hookspec
def lms_on_course_imported(course_id: int, revision_id: int) -> None:
    """A course was imported (created or a new revision)."""


@hookspec
def lms_on_job_finished(run_id: int) -> None:
    """A background job run ended: done, or failed after its last retry (``JobRun.status``)."""


@hookspec
def lms_on_course_published(course_id: int, revision_id: int) -> None:
    """A course revision was published to learners."""


# --------------------------------------------------------------------------- sign-in elsewhere (issue 19)


@hookspec
def lms_sign_in_options(next_url: str) -> list[SignInOption]:
    """Buttons on the sign-in page that send the person to another site to sign in (an
    agency's single sign-on): :class:`lms.plugins.SignInOption` (label, a URL of the plugin's
    own blueprint, weight), shown above the password form, ordered by weight.

    ``next_url`` is the local page to come back to (already checked to be local). The
    plugin's own view redirects to the other site and, when the person comes back signed in,
    calls :func:`lms.plugins.complete_sign_in`: the session is regenerated there, exactly as
    for a password, and the response goes to ``next_url``. A plugin never calls Flask-Login
    itself."""


@hookspec
def lms_password_sign_in_refused(user: Any) -> str | None:
    """May this account sign in with its Sinau password? ``None`` to allow, or a reason
    (translated text, shown on the sign-in page) to refuse. Any refusal wins. Asked only after
    the password was found right, so the reason never tells a stranger that an account
    exists; the session is not started when refused."""


@hookspec(firstresult=True)
def lms_sign_out_redirect(user: Any, signed_out_url: str) -> str | None:
    """Where the browser goes after Sinau's sign-out: the other site's own sign-out page
    (OpenID Connect's end-session endpoint), which should send it back to ``signed_out_url``.
    The first non-``None`` answer wins; ``None`` means Sinau's sign-in page. Called while the
    session still holds what the plugin stored in it at sign-in; Sinau's own session has ended
    before the browser leaves."""
