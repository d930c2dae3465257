"""Hook specifications: the contract between Sinau and its plugins.

This module is the plugin manual's source: ``docs/plugins.md`` is generated from these
docstrings (and from each built-in's own ``hookspecs.py``) and checked by a test. Each
docstring is written in pytest's style: a summary line, ``:param name:`` one line per
parameter, **Answers** (how several plugins' answers combine), and an example per family.
Five families, as in ``docs/plugins.md``:

* **Registration** (``lms_register_*``): called once at start-up. Each returns things the
  host registers under unique names; a clash stops start-up with both plugins named.
* **Page contributions** (``lms_menu_items``, ``lms_dashboard_widgets``, ``lms_template_slot``):
  called per request, results ordered by weight.
* **Filters**: may change an outcome. Each spec says how several answers combine.
* **Events** (``lms_on_*``): called *after* the database commit, with plain ids. The return
  value is ignored. A failing handler is logged with the plugin's name, its own writes are
  rolled back, and it never undoes the learner's work. Each handler runs in its own
  transaction, committed by the host after it returns.
* **Sign-in elsewhere** (``lms_sign_in_options``...): single sign-on beside the password.

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
    """Publish a plugin's own hookspecs, so that other plugins extend it as it extends core.

    :param pluginmanager: the app's pluggy manager; call ``pluginmanager.add_hookspecs(module)``.

    **Answers**: none (historic: called for every plugin, also those registered later, before
    unknown hook implementations are checked). Hooks published this way exist only while their
    plugin is enabled; others implement them with ``@hookimpl(optionalhook=True)``. The quiz
    publishes its question kinds and its events this way (see the end of this reference).

    Example::

        from myplugin import hookspecs as my_hookspecs

        @hookimpl
        def lms_add_hookspecs(pluginmanager):
            pluginmanager.add_hookspecs(my_hookspecs)
    """


@hookspec
def lms_register_activity_types() -> list[ActivityType]:
    """Activity types this plugin provides (lessons, quizzes, surveys, ...).

    **Answers combine** by concatenation. Each :class:`lms.plugins.ActivityType` owns a unique
    ``name`` and its file ``suffixes``; two types claiming one name or suffix stop start-up with
    both plugins named.

    Example (the registration family)::

        class Checklist(ActivityType):
            name, suffixes, completion = "checklist", (".checklist.md",), "manual"

        @hookimpl
        def lms_register_activity_types():
            return [Checklist()]
    """


@hookspec
def lms_register_blueprints() -> list[Blueprint]:
    """Flask blueprints to mount.

    **Answers combine** by concatenation; two blueprints of one name stop start-up. Every view
    must carry an access rule (``lms.plugins``: ``public``, ``login_required``,
    ``roles_required``, ``api_access``); a view without one is refused at request time and fails
    the test suite. A blueprint adds sections to ``/admin`` with ``bp.admin_sections =
    [AdminSection(...)]``.
    """


@hookspec
def lms_register_cli_commands() -> list[click.Command]:
    """Click commands or groups mounted under ``lms`` (for example ``lms quiz ...``).

    **Answers combine** by concatenation; a name already taken stops start-up. A command commits
    its own work with ``lms.plugins.commit()``.
    """


@hookspec
def lms_register_migrations() -> str | None:
    """The folder of this plugin's Alembic versions.

    **Answers**: one per plugin, or ``None`` when it has no tables. The folder is the plugin's own
    branch, labelled with the plugin's name, whose base revision ``depends_on`` the core revision
    it needs.
    """


@hookspec
def lms_register_settings() -> dict[str, Any]:
    """Defaults of this plugin's settings, read from ``LMS_<NAME>_<KEY>`` variables.

    **Answers**: one dict per plugin. Keys are lower case without the prefix; the host merges the
    environment over them, and the plugin reads the result with ``lms.plugins.plugin_settings(name)``.
    """


@hookspec
def lms_register_markdown_extensions() -> list[Any]:
    """python-markdown extensions (instances or names) added to the one rendering pipeline.

    **Answers combine** by concatenation. Their output still goes through the sanitizer.
    """


@hookspec
def lms_register_jobs() -> list[Any]:
    """Background jobs (:class:`lms.plugins.JobSpec`, made with ``@lms.plugins.job``).

    **Answers combine** by concatenation; names are unique across core and plugins, so prefix
    them with the plugin's name (``forum.digest``). Work is asked for with
    ``lms.plugins.enqueue(name, key=...)``; a job with a ``schedule`` (``lms.plugins.crontab``)
    is periodic work the scheduler runs (digests, syncs).
    """


@hookspec
def lms_notification_kinds() -> list[NotificationKind]:
    """Notification kinds this plugin sends (:class:`lms.plugins.NotificationKind`).

    **Answers combine** by concatenation; a name already used by core or another plugin stops
    start-up. A kind holds its words, its link and who may receive it; send one with
    ``lms.plugins.notify(user_id, kind, key=..., params=...)``.
    """


@hookspec
def lms_audit_action_labels() -> dict[str, str]:
    """Labels of this plugin's audit actions, as the audit log page shows them.

    **Answers combine** into one dict: ``{"kelas.attend": _l("Kehadiran dikonfirmasi")}`` (lazily
    translated); an action core or another plugin labels already stops start-up. Entries are
    written with ``lms.plugins.audit_record(actor, action, target)``.
    """


@hookspec
def lms_register_translations() -> str | tuple[str, str] | None:
    """This plugin's ``translations/`` folder, merged into the site's catalogue.

    **Answers**: one per plugin: a path (domain ``messages``) or ``(path, domain)``, holding
    ``<lang>/LC_MESSAGES/<domain>.mo`` (compiled with ``pybabel compile``). Its Indonesian msgids
    are translated like core's; core's own translations win where both translate one msgid.
    """


# --------------------------------------------------------------------------- page contributions


@hookspec
def lms_menu_items(user: Any) -> list[MenuItem]:
    """Navigation entries for this user.

    :param user: the signed-in ``User`` the page is for.

    **Answers combine** by concatenation, ordered by ``MenuItem.weight``. Called per request:
    answer from what the user object holds, without queries where possible.

    Example (the page-contribution family)::

        @hookimpl
        def lms_menu_items(user):
            if not user.has_role(Role.SUPERVISOR):
                return []
            return [MenuItem(weight=40, label=_l("Kelas"), endpoint="kelas.index")]
    """


@hookspec
def lms_dashboard_widgets(user: Any) -> list[Widget]:
    """Boxes for "Belajar Saya".

    :param user: the signed-in ``User`` whose dashboard it is.

    **Answers combine** by concatenation, ordered by ``Widget.weight``; each is a template of the
    plugin rendered with its ``context``.
    """


@hookspec
def lms_template_slot(name: str, context: dict[str, Any]) -> list[SlotContent] | None:
    """HTML for the named slot of a template: a page part that plugins extend.

    :param name: the slot, one of ``lms.plugins.slots.SLOTS`` (below).
    :param context: what the template passes for that slot (below); read it, never change it.

    **Answers combine** by concatenation: answer ``None`` for a slot you do not fill; every
    answer is shown, its parts ordered by ``SlotContent.weight``. The HTML is trusted as is, so
    escape what you did not write (render a template of your own with ``render_fragment``).
    Rendering an unknown slot name is an error (in tests and development) so that a renamed slot
    cannot silently go blank. A slot filled per row (``transcript_row``,
    ``completed_course_card``, ``course_outline_item``) is asked once per row: read what you
    need once per request (``flask.g``), not once per row.

    Slots (context keys in brackets):

    * ``head``, ``nav_end``, ``footer``, ``dashboard_top``, ``profile_after_details``: page parts [-]
    * ``course_page_after_outline``: the course page, after the outline [course]
    * ``course_outline_item``: the course page, under one item of the outline [course, item, done]
    * ``item_after_content``: a lesson, quiz or survey page, after the content [course, item]
    * ``transcript_row``: Riwayat diklat, under one completed course [completion]
    * ``completed_course_card``: Belajar Saya, the action of a completed course's card [completion]
    * ``completion_page``: the page shown when a course is completed, after the JP [completion]
    * ``team_top``: Tim Saya, above the summary of the team [-]
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
    """Check credentials typed on the sign-in page.

    :param login: what the person typed as their name: a NIP or an e-mail address.
    :param password: the password they typed.

    **Answers**: ``firstresult``: the first non-``None`` answer wins: a ``User``, or ``False`` to
    refuse outright. The built-in password check runs last. Sign-in throttling
    (``LMS_LOGIN_RATE_LIMIT``) runs before any implementation is asked: a throttled attempt never
    reaches a plugin, so a directory behind it is not hammered either.

    Example (the filter family)::

        @hookimpl
        def lms_authenticate(login, password):
            if not directory.check(login, password):
                return None  # let the next check (finally Sinau's own) decide
            return account_by_nip(login)
    """


@hookspec
def lms_check_enrollment(user: Any, course: Any) -> str | None:
    """May this person enrol in this course?

    :param user: the ``User`` who would be enrolled (themselves, or by an assignment).
    :param course: the ``Course``.

    **Answers combine**: ``None`` allows; a reason (translated text) denies. Any denial wins, and
    every reason is shown.
    """


@hookspec(firstresult=True)
def lms_item_statistics(course_id: int, item_key: str, item_type: str, newest_revision_id: int | None,
                        first_only: bool) -> Any | None:
    """Per-question statistics of one item, for its author (the editor's preview and "Statistik soal").

    :param course_id: the ``Course``.
    :param item_key: the item's stable key.
    :param item_type: the item's activity type: answer only for your own type.
    :param newest_revision_id: the draft ``CourseRevision``, whose question texts are shown.
    :param first_only: count each learner's first attempt only (no remedial).

    **Answers**: ``firstresult``: the plugin owning ``item_type`` answers, the others answer
    ``None``; with no answer no statistics are shown (the page answers 404). The answer has
    ``attempts``, ``mean_score`` (0-100 or ``None``), ``questions`` (each with ``id``, ``prompt``,
    ``kind``, ``attempts``, ``facility``, ``discrimination``, ``unanswered``, ``options``
    [``text``, ``correct``, ``count``, ``share``], ``responses`` [(text, count)] and ``flags``
    among ``easy``, ``hard``, ``negative``) and ``by_id()`` (question id -> its statistics).
    """


@hookspec(firstresult=True)
def lms_completion_certificates(completion_ids: list[int]) -> dict[int, dict[str, Any]] | None:
    """The certificates of these completions, for the JSON API's transcript.

    :param completion_ids: the ``Completion`` ids of one transcript.

    **Answers**: ``firstresult``: completion id -> ``{"number", "verify_url", "status"}``; a
    completion without one is left out. The certificate plugin answers; with no answer the API
    says ``certificate: null``.
    """


@hookspec
def lms_jp_credits(user_ids: list[int] | None, start: date | None, end: date | None) -> list[JpCredit] | None:
    """JP this plugin credits (:class:`lms.plugins.JpCredit`): a classroom session, mentoring, a confirmed practice.

    :param user_ids: the people asked about, everyone a page, export or API call shows (None: everyone).
    :param start: the first local calendar day counted (None: unbounded).
    :param end: the last local calendar day counted, included (None: unbounded).

    **Answers combine** by concatenation: every plugin's credits join the one JP ledger beside
    course completions and verified external records, so Belajar Saya, the transcript, Tim Saya,
    the reports, the API and the SIASN export count them. Asked once per read, never once per
    person: answer with a set-based query. A credit outside what was asked is ignored.

    Example::

        @hookimpl
        def lms_jp_credits(user_ids, start, end):
            return [JpCredit(user_id=a.user_id, jp=a.jp, earned_on=a.day, title=a.session_title,
                             ref=str(a.id)) for a in attended(user_ids, start, end)]
    """


# --------------------------------------------------------------------------- events (after commit)


@hookspec
def lms_on_user_enrolled(user_id: int, course_id: int) -> None:
    """A user enrolled in (or was assigned) a course.

    :param user_id: the ``User`` enrolled.
    :param course_id: the ``Course``.

    **Answers**: ignored (an event, after the commit, each handler in its own transaction).

    Example (the event family)::

        @hookimpl
        def lms_on_user_enrolled(user_id, course_id):
            enqueue("kelas.seat", key=f"seat:{course_id}:{user_id}", user_id=user_id, course_id=course_id)
    """


@hookspec
def lms_on_item_completed(user_id: int, course_id: int, item_key: str) -> None:
    """A user completed an item (lesson read, quiz passed, survey answered, trainer confirmed).

    :param user_id: the ``User``.
    :param course_id: the ``Course``.
    :param item_key: the item's stable key (``dasar/perangkat``).

    **Answers**: ignored (an event).
    """


@hookspec
def lms_on_course_completed(completion_id: int, user_id: int, course_id: int) -> None:
    """A user completed a course (all required items done).

    :param completion_id: the new ``Completion`` (JP, score, expiry).
    :param user_id: the ``User``.
    :param course_id: the ``Course``.

    **Answers**: ignored (an event). Competency evidence and certificates are built on it.
    """


@hookspec
def lms_on_record_verified(record_id: int) -> None:
    """An external learning record was verified: it now counts toward JP and as evidence.

    :param record_id: the verified external record.

    **Answers**: ignored (an event).
    """


@hookspec
def lms_on_course_imported(course_id: int, revision_id: int) -> None:
    """A course was imported: created, or a new revision of it.

    :param course_id: the ``Course``.
    :param revision_id: the new ``CourseRevision`` (a draft until published).

    **Answers**: ignored (an event).
    """


@hookspec
def lms_on_job_finished(run_id: int) -> None:
    """A background job run ended: done, or failed after its last retry.

    :param run_id: the ``JobRun``; its ``status`` says which.

    **Answers**: ignored (an event).
    """


@hookspec
def lms_on_course_published(course_id: int, revision_id: int) -> None:
    """A course revision was published to learners.

    :param course_id: the ``Course``.
    :param revision_id: the ``CourseRevision`` now published.

    **Answers**: ignored (an event).
    """


# --------------------------------------------------------------------------- sign-in elsewhere (issue 19)


@hookspec
def lms_sign_in_options(next_url: str) -> list[SignInOption]:
    """Buttons on the sign-in page that send the person to another site to sign in.

    :param next_url: the local page to come back to (already checked to be local).

    **Answers combine** by concatenation: :class:`lms.plugins.SignInOption` (label, a URL of the
    plugin's own blueprint, weight), shown above the password form, ordered by weight. The
    plugin's own view redirects to the other site (an agency's single sign-on) and, when the person
    comes back signed in, calls :func:`lms.plugins.complete_sign_in`: the session is regenerated
    there, exactly as for a password, and the response goes to ``next_url``. A plugin never calls
    Flask-Login itself.

    Example (the sign-in family)::

        @hookimpl
        def lms_sign_in_options(next_url):
            return [SignInOption(label=_("Masuk dengan SSO"), url=url_for("oidc.start", next=next_url))]
    """


@hookspec
def lms_password_sign_in_refused(user: Any) -> str | None:
    """May this account sign in with its Sinau password?

    :param user: the ``User`` whose password was just found right.

    **Answers combine**: ``None`` allows; a reason (translated text, shown on the sign-in page)
    refuses, and any refusal wins. Asked only after the password was found right, so the reason
    never tells a stranger that an account exists; the session is not started when refused.
    """


@hookspec(firstresult=True)
def lms_sign_out_redirect(user: Any, signed_out_url: str) -> str | None:
    """Where the browser goes after Sinau's sign-out.

    :param user: the ``User`` signing out.
    :param signed_out_url: Sinau's page the other site should send the browser back to.

    **Answers**: ``firstresult``: the first non-``None`` answer wins: the other site's own
    sign-out page (OpenID Connect's end-session endpoint); ``None`` means Sinau's sign-in page.
    Called while the session still holds what the plugin stored in it at sign-in; Sinau's own
    session has ended before the browser leaves.
    """
