"""The public surface of Sinau: everything a plugin may import, re-exported by ``lms.plugins``.

A plugin (built-in or third party) imports ``from lms.plugins import ...`` and nothing from
``lms.core``, ``lms.web`` or another plugin: those are private and change without notice. (An
activity's file reader may also use the helpers of ``lms.plugins.formats``: sections, settings,
stable ids, as the quiz and survey formats do.) A contract test
(``tests/plugins/test_import_contract.py``) holds the built-ins and ``examples/`` to this.

(The JSON API's access rule is exported as ``api_access``: ``api`` would hide this module.)

The module is grouped in sections, one per concern; each name carries a one-line comment saying
what it is for. Add a name in its section and keep ``__all__`` sorted.
"""

from __future__ import annotations

import typing  # annotations only (a plain import: the manual lists every 'from' import as surface)

# The sections below are in the order of the concerns, not of the modules: isort would merge them.
# isort: skip_file

# --------------------------------------------------------------------------- hooks
from lms.plugins.hookspecs import hookimpl  # marks a function as a hook implementation
from lms.plugins.hookspecs import hookspec  # marks a plugin's own hookspec (lms_add_hookspecs)

# --------------------------------------------------------------------------- models a plugin reads
from lms.extensions import db  # Flask-SQLAlchemy: db.Model for a plugin's tables, db.session to read
from lms.core.models import Competency  # a competency of the framework (evidence, course tags)
from lms.core.models import Completion  # a user's completion of a course (JP, expiry, certificate)
from lms.core.models import Course  # a course (slug, title, status, the published revision)
from lms.core.models import CourseItem  # one item of a course revision (key, type, settings, content)
from lms.core.models import CourseRevision  # one imported version of a course
from lms.core.models import Enrollment  # a user's enrolment in a course (source, due date, cycle)
from lms.core.models import EnrollmentSource  # how an enrolment came: self, assigned, ...
from lms.core.models import ItemProgress  # a user's progress on one item (status, score, attempts)
from lms.core.models import JobRun  # one run of a background job (status, progress, result)
from lms.core.models import ProgressStatus  # the states of ItemProgress.status
from lms.core.models import Role  # a role: learner, supervisor, author, admin, ...
from lms.core.models import Unit  # a unit (OPD, bidang) of the organisation tree
from lms.core.models import User  # a person (NIP, name, unit, roles)
from lms.core.models.base import UTCDateTime  # column type for moments: stores UTC, reads aware datetimes
from lms.core.models.external import KINDS as LEARNING_KINDS  # kinds of external learning (SIASN id, label)
from lms.core.models.external import ExternalRecord  # a learning record from outside Sinau (verified: counts)
from lms.core.models.external import LearningKind  # the kind of an external learning record (bimtek, ...)
from lms.core.models.external import RecordStatus  # the states of an external record (verified, ...)
from lms.core.services.learning import get_or_create  # insert a row once, race-safe (a savepoint)

# --------------------------------------------------------------------------- time
from lms.core.clock import end_of_local_day  # 23:59:59 of a day in the site's time zone
from lms.core.clock import local_date  # the site's calendar day of a moment
from lms.core.clock import site_zone  # the site's time zone (LMS_TIMEZONE)
from lms.core.clock import utcnow  # now, aware, in UTC (what every column stores)
from lms.web.formatting import format_date  # a date in words in the reader's language
from lms.web.formatting import format_datetime  # a moment in words in the reader's language and zone
from lms.web.formatting import format_time  # a time of day in the reader's language and zone (08.00)
from lms.web.formatting import format_jp  # JP hours as the site writes them
from lms.web.formatting import format_number  # a number in the reader's language (1.234,5)
from lms.web.formatting import format_percent  # a percentage in the reader's language
from lms.web.formatting import format_score  # a score (0-100) as the site writes it
from lms.core.nip import format_nip  # a NIP as people write it (19850615 200505 1 004)
from lms.core.spreadsheet_text import csv_writer  # a CSV writer that keeps formulas out of cells

# --------------------------------------------------------------------------- settings
from lms.core.site_settings import base_url  # the site's address (for links in e-mails, QR codes)
from lms.core.site_settings import get as site_setting  # one setting of /admin/settings by key
# plugin_settings(name), a plugin's own LMS_<NAME>_<KEY> settings, is defined at the end

# --------------------------------------------------------------------------- events and the unit of work
from lms.core.transaction import commit  # commit, then dispatch events: CLI commands only, never views
from lms.core.transaction import emit  # queue event lms_on_<name> for after the commit

# --------------------------------------------------------------------------- forms
from lms.web.accounts.forms import EmptyForm  # a form with only the CSRF token (a button that posts)
from lms.web.params import BoundedDateField  # a date field that refuses dates no person means (0001-01-01)
from lms.web.params import page_arg  # the ?page= number of a list: 1 when missing or unusable
from lms.web.params import parse_int  # a whole number from text within bounds, or None

# --------------------------------------------------------------------------- access
from lms.extensions import limiter  # Flask-Limiter: @limiter.limit("10/minute") on a public view
from lms.web.access import api as api_access  # access rule: the JSON API, bearer token (@api_access(Role.X))
from lms.web.access import api_user  # the account of the current API request
from lms.web.access import login_required  # access rule: any signed-in account
from lms.web.access import public  # access rule: anyone
from lms.web.access import roles_required  # access rule: a signed-in account holding one of the roles
from lms.core.services.authoring.common import can_edit as may_teach  # may a person teach a course (author, admin)

# --------------------------------------------------------------------------- admin
from lms.web.admin.sections import AdminSection  # a section of /admin (bp.admin_sections = [...])

# --------------------------------------------------------------------------- activities
from lms.core.diagnostics import Diagnostics  # errors and warnings of a parse, with file and line
from lms.core.frontmatter import split_front_matter  # a file's YAML front matter and its body
from lms.core.markup import render_plain  # plain text as safe HTML (escaped, paragraphs kept)
from lms.plugins.activity import ActivityType  # base class of an activity type (lesson, quiz, ...)
from lms.plugins.activity import ItemContext  # what a parser may use besides the file's text
from lms.plugins.activity import ItemView  # what an activity type gets to render an item
from lms.plugins.activity import ParsedItem  # the result of parsing one item file
from lms.plugins.activity import render_fragment  # render an activity's template inside the page
from lms.web.learning.item_page import item_page  # the learner's item page around a body of the activity's own
from lms.plugins.formats.blocks import Line as FileLine  # one line of an item file (number, text, in code)
from lms.plugins.formats.blocks import Section as FileSection  # a "## " heading and its lines
from lms.plugins.formats.blocks import file_lines  # an item file's lines with their numbers, code marked
from lms.plugins.formats.blocks import first_title  # the first "# " heading outside code (a default title)
from lms.plugins.formats.blocks import join_lines  # the text of some lines, blank edges trimmed
from lms.plugins.formats.blocks import split_attributes  # "Apa? {#id} {points=2}" -> text and attributes
from lms.plugins.formats.blocks import split_sections  # the intro and one section per "## " heading
from lms.plugins.formats.ids import derived_question_id  # a stable id from a question's prompt
from lms.plugins.formats.ids import is_valid_id  # whether an explicit {#id} is well formed
from lms.plugins.formats.ids import normalize_text  # text as ids and answers compare it (case, spaces)
from lms.plugins.formats.ids import option_id  # a stable id of an option of a question
from lms.plugins.formats.ids import report_duplicate_ids  # an error at each id used twice in a file
from lms.plugins.formats.ids import stable_hash  # a short stable hash of texts (the base of derived ids)
from lms.plugins.formats.settings import Invalid as InvalidSetting  # raised by a setting's check
from lms.plugins.formats.settings import Setting  # a front-matter key and its check
from lms.plugins.formats.settings import bool_value  # check: true or false
from lms.plugins.formats.settings import int_at_least  # check: a whole number from a minimum
from lms.plugins.formats.settings import number_between  # check: a number within bounds
from lms.plugins.formats.settings import one_of  # check: one of some words
from lms.plugins.formats.settings import optional as optional_value  # check: null means "not set"
from lms.plugins.formats.settings import read_settings  # the checked front matter; errors with lines
from lms.plugins.formats.settings import text_value  # check: non-empty text

# --------------------------------------------------------------------------- learning
from lms.plugins.completion import TRAINER_COMPLETION  # the completion mode "confirmed by a trainer"
from lms.plugins.completion import complete_item  # complete an item: by="activity", "learner" or a trainer
from lms.core.services.learning import LearningError  # a refused learning action (code + message)
from lms.core.queries.learning import enrollment_of  # a user's current enrolment in a course, or None
from lms.core.queries.learning import progress_of  # a user's ItemProgress of one item, or None
from lms.core.queries.learning import published_course  # a published course by slug, or None
from lms.core.queries.learning import published_items  # the items of a course's published revision
from lms.core.services.learning import record_score  # record a graded item's score (completes when passed)
from lms.core.services.learning import require_enrollment  # the user's enrolment, or LearningError
from lms.core.services.competencies import record_course_evidence  # competency evidence of a completion

# --------------------------------------------------------------------------- competencies (issue 17, mentoring)
from lms.core.models.competency import CompetencyEvidence  # one piece of evidence of a competency at a level (profile)
from lms.core.models.competency import EvidenceSource  # where evidence comes from: course, external, mentoring
from lms.core.queries.competencies import profile as competency_profile  # a person's profile: .gaps, .rows
from lms.core.services.competencies import remove_evidence  # remove the evidence of a source_ref
from lms.core.services.competencies import sync_evidence as record_evidence  # evidence of a source_ref: [{code, level}]


# team_condition(actor), the people of a supervisor's team, is defined at the end

# --------------------------------------------------------------------------- JP credits
from lms.plugins.credits import JpCredit  # one credit of JP to one person on a local day (lms_jp_credits)
from lms.plugins.credits import jp_credits  # the JP credited by plugins to some people in a period

# --------------------------------------------------------------------------- JSON API
from lms.web.api.base import PREFIX as API_PREFIX  # "/api/v1": the url_prefix of API blueprints
from lms.web.api.base import ApiResponse  # return type of an API view
from lms.web.api.base import Out  # base of response schemas (unknown fields excluded)
from lms.web.api.base import abort_json  # stop the view with an error of any status and code
from lms.web.api.base import forbidden  # stop the view with 403 forbidden
from lms.web.api.base import json_error  # an error response in the API's shape
from lms.web.api.base import learning_errors  # with learning_errors(): LearningError -> 404/409/422/403
from lms.web.api.base import load_args  # the query string validated by a schema (422 otherwise)
from lms.web.api.base import load_json  # the JSON body validated by a schema (400/422 otherwise)
from lms.web.api.base import not_found  # stop the view with 404 not_found
from lms.web.api.base import respond  # schema.dump(data) as JSON with a status

# --------------------------------------------------------------------------- notifications
from lms.core.services.notifications import notify  # one notification for a person, once per key
from lms.plugins.notices import NotificationKind  # a plugin's kind of notification (lms_notification_kinds)

# --------------------------------------------------------------------------- audit
from lms.core.services.audit import record as audit_record  # append an audit entry: who did what to what

# --------------------------------------------------------------------------- jobs
from lms.core.jobs import JobContext  # what a running job gets: progress, the run, its user
from lms.core.jobs import JobError  # a job's failure with a message for the person who asked
from lms.core.jobs import JobSpec  # a declared job (made by @job, returned by lms_register_jobs)
from lms.core.jobs import crontab  # the schedule of a periodic job
from lms.core.jobs import enqueue  # ask for a run of a job (reaches the queue after the commit)
from lms.core.jobs import job  # declare a background job

# --------------------------------------------------------------------------- outbox (the world outside)
from lms.core.outbox import publish as publish_event  # write an event to the outbox (webhooks, xAPI)
from lms.core.outbox import register_event_type  # declare an outbox event type at import
from lms.core.outbox.payloads import course_ref  # a course as outbox payloads show it
from lms.core.outbox.payloads import person  # a person as outbox payloads show them

# --------------------------------------------------------------------------- pages
from lms.plugins.pages import MenuItem  # an entry of the main navigation (lms_menu_items)
from lms.plugins.pages import SlotContent  # HTML for a template slot (lms_template_slot)
from lms.plugins.pages import Widget  # a box of the dashboard (lms_dashboard_widgets)

# --------------------------------------------------------------------------- static files (the plugin's static/ folder)
from lms.assets import asset_url  # hashed URL of a file of a plugin's static/ folder (also a template global)
from lms.assets import use_assets  # link a plugin's stylesheets/scripts on the page being built


# --------------------------------------------------------------------------- sign-in elsewhere (issue 19)
from lms.plugins.signin import AccountRefused  # the account cannot be signed in or created (message shown)
from lms.plugins.signin import SecretUnreadable  # a stored secret cannot be decrypted (key changed)
from lms.plugins.signin import SignInOption  # a button on the sign-in page (lms_sign_in_options)
from lms.plugins.signin import account_by_nip  # the account with this NIP, or None
from lms.plugins.signin import complete_sign_in  # sign a person in after another service vouched for them
from lms.plugins.signin import create_account  # create the account of a person signing in the first time
from lms.plugins.signin import decrypt_secret  # read a secret stored with encrypt_secret
from lms.plugins.signin import encrypt_secret  # a secret (client secret) to store in the database
from lms.plugins.signin import normalize_nip  # a NIP's bare digits (separators removed, not validated)
from lms.plugins.signin import safe_next  # a local path to return to after sign-in, else Belajar Saya


# --------------------------------------------------------------------------- packaged content (issue 19, SCORM)
from lms.web.security import allow_frames_from_self  # the page being built may frame the site's own paths


def csrf_in_body(view: typing.Callable[..., typing.Any]) -> typing.Callable[..., typing.Any]:
    """A POST view whose CSRF token may also come inside a JSON body (``"csrf_token"``), for
    clients that cannot set a header: ``navigator.sendBeacon`` at page unload (a SCORM
    runtime's last commit). The token is checked exactly as for forms (header, form field,
    then the body); a missing or wrong one is the usual 400."""
    from functools import wraps

    from flask import request
    from flask_wtf.csrf import CSRFError, ValidationError, validate_csrf

    from lms.extensions import csrf

    @wraps(view)
    def checked(*args: typing.Any, **kwargs: typing.Any) -> typing.Any:
        token = request.headers.get("X-CSRFToken") or request.form.get("csrf_token")
        if not token:
            body = request.get_json(force=True, silent=True)
            token = body.get("csrf_token") if isinstance(body, dict) else None
        try:
            validate_csrf(token)
        except ValidationError as exc:
            raise CSRFError(exc.args[0] if exc.args else "CSRF") from None
        return view(*args, **kwargs)

    csrf.exempt(checked)  # the check above replaces the global one, never drops it
    return checked


def media_bytes(sha256: str) -> bytes | None:
    """The bytes of a course's media file by its SHA-256 (``ItemContext.media`` gives it), or
    None when no course holds it. Read-only; the caller checks who may see it."""
    from lms.core.media_store import media_store
    from lms.core.queries.media import is_course_media

    if not is_course_media(sha256):
        return None
    found = media_store().get(sha256)
    return found[1] if found is not None else None


# --------------------------------------------------------------------------- settings (helpers)


def plugin_settings(name: str) -> dict[str, object]:
    """A plugin's own settings: its ``lms_register_settings`` defaults with ``LMS_<NAME>_<KEY>``
    from the environment merged over them."""
    from flask import current_app

    return current_app.extensions["lms.host"].settings_of(name)


# --------------------------------------------------------------------------- teams (helpers)


def team_condition(actor: User) -> object:
    """The people of ``actor``'s team as a condition on ``User``: direct reports and the people
    of the units they head (with their sub-units), everyone for an admin; never the actor;
    active accounts. What Tim Saya's "all" scope shows, as one condition without a query of
    its own (a slot on Tim Saya adds one query, not two)."""
    from sqlalchemy import and_, or_, select, true
    from sqlalchemy.orm import aliased

    if actor.has_role(Role.ADMIN):
        condition = true()
    else:
        headed, inside = aliased(Unit), aliased(Unit)
        in_headed_units = User.unit_id.in_(select(inside.id).join(headed, inside.path.like(headed.path.concat("%")))
                                           .where(headed.head_id == actor.id))
        condition = or_(User.supervisor_id == actor.id, in_headed_units)
    return and_(condition, User.id != actor.id, User.active.is_(True))


__all__ = [
    "API_PREFIX",
    "AccountRefused",
    "ActivityType",
    "AdminSection",
    "ApiResponse",
    "BoundedDateField",
    "Competency",
    "CompetencyEvidence",
    "Completion",
    "Course",
    "CourseItem",
    "CourseRevision",
    "Diagnostics",
    "EmptyForm",
    "Enrollment",
    "EnrollmentSource",
    "EvidenceSource",
    "ExternalRecord",
    "FileLine",
    "FileSection",
    "InvalidSetting",
    "ItemContext",
    "ItemProgress",
    "ItemView",
    "JobContext",
    "JobError",
    "JobRun",
    "JobSpec",
    "JpCredit",
    "LEARNING_KINDS",
    "LearningError",
    "LearningKind",
    "MenuItem",
    "NotificationKind",
    "Out",
    "ParsedItem",
    "ProgressStatus",
    "RecordStatus",
    "Role",
    "SecretUnreadable",
    "Setting",
    "SignInOption",
    "SlotContent",
    "TRAINER_COMPLETION",
    "UTCDateTime",
    "Unit",
    "User",
    "Widget",
    "abort_json",
    "account_by_nip",
    "allow_frames_from_self",
    "api_access",
    "api_user",
    "asset_url",
    "audit_record",
    "base_url",
    "bool_value",
    "commit",
    "competency_profile",
    "complete_item",
    "complete_sign_in",
    "course_ref",
    "create_account",
    "crontab",
    "csrf_in_body",
    "csv_writer",
    "db",
    "decrypt_secret",
    "derived_question_id",
    "emit",
    "encrypt_secret",
    "end_of_local_day",
    "enqueue",
    "enrollment_of",
    "file_lines",
    "first_title",
    "forbidden",
    "format_date",
    "format_datetime",
    "format_jp",
    "format_nip",
    "format_number",
    "format_percent",
    "format_score",
    "format_time",
    "get_or_create",
    "hookimpl",
    "hookspec",
    "int_at_least",
    "is_valid_id",
    "item_page",
    "job",
    "join_lines",
    "jp_credits",
    "json_error",
    "learning_errors",
    "limiter",
    "load_args",
    "load_json",
    "local_date",
    "login_required",
    "may_teach",
    "media_bytes",
    "normalize_nip",
    "normalize_text",
    "not_found",
    "notify",
    "number_between",
    "one_of",
    "option_id",
    "optional_value",
    "page_arg",
    "parse_int",
    "person",
    "plugin_settings",
    "progress_of",
    "public",
    "publish_event",
    "published_course",
    "published_items",
    "read_settings",
    "record_course_evidence",
    "record_evidence",
    "record_score",
    "register_event_type",
    "remove_evidence",
    "render_fragment",
    "render_plain",
    "report_duplicate_ids",
    "require_enrollment",
    "respond",
    "roles_required",
    "safe_next",
    "site_setting",
    "site_zone",
    "split_attributes",
    "split_front_matter",
    "split_sections",
    "stable_hash",
    "team_condition",
    "text_value",
    "use_assets",
    "utcnow",
]
