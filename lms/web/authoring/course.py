"""A course in the trainers' area: its page (outline, draft, uploads), its settings, a new
course, and the outline's actions. Each view makes one service call and renders or redirects."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from lms.core.competency_framework import ensure_national_competencies, known_codes
from lms.core.diagnostics import Diagnostic, InputError
from lms.core.models import Course, Role
from lms.core.queries import competencies as competency_queries
from lms.core.queries import lookups
from lms.core.services import authoring
from lms.core.services.authoring import AuthoringError
from lms.web.access import roles_required
from lms.web.accounts.forms import EmptyForm
from lms.web.authoring.common import back_to_course, editable_course, fail, me, module_choices, refused
from lms.web.authoring.forms import (
    AddItemForm,
    AddModuleForm,
    NewCourseForm,
    PublishForm,
    RenameForm,
    SettingsForm,
    TargetForm,
    UploadForm,
    choices,
)

EDITORS = (Role.TRAINER, Role.ADMIN)


def _relative(course_slug: str, diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    return [authoring.relative(d, course_slug) for d in diagnostics]


def _course_page(course: Course, *, errors: list[Diagnostic] | None = None, status: int = 200,
                 **forms: Any) -> tuple[str, int]:
    user = me()
    outline = authoring.outline(user, course)
    modules = module_choices(outline, _("(tanpa modul)"))
    add_item = forms.get("add_item") or AddItemForm(formdata=None)
    add_item.module.choices = choices(modules)
    add_item.type.choices = choices([(name, label) for name, label, _suffix in authoring.item_types()])
    gift = forms.get("gift") or UploadForm(formdata=None, prefix="gift")
    gift.module.choices = choices(modules)
    rename = RenameForm(formdata=None)
    rename.module.choices = choices(modules)
    draft = authoring.draft_of(course)
    published = lookups.course_revision(course.published_revision_id)
    return render_template(
        "authoring/course.html", course=course, outline=outline, draft=draft, published=published,
        errors=errors or [], add_item=add_item, add_module=forms.get("add_module") or AddModuleForm(formdata=None),
        media_form=forms.get("media") or UploadForm(formdata=None, prefix="media"), gift_form=gift,
        zip_form=forms.get("zip") or UploadForm(formdata=None, prefix="zip"),
        publish_form=forms.get("publish") or PublishForm(formdata=None), rename_form=rename,
        target_form=TargetForm(formdata=None), empty_form=EmptyForm(), module_choices=modules,
        has_changes=draft is not None and (published is None or draft.content_hash != published.content_hash),
    ), status


@roles_required(*EDITORS)
def course(slug: str) -> tuple[str, int]:
    return _course_page(editable_course(slug))


def _saved(course: Course, message: str, anchor: str = "") -> Response:
    flash(message, "success")
    return back_to_course(course, anchor)


def _input_error(course: Course, exc: InputError, **forms: Any) -> tuple[str, int]:
    return _course_page(course, errors=_relative(course.slug, exc.diagnostics), status=422, **forms)


# --------------------------------------------------------------------------- outline actions


@roles_required(*EDITORS)
def add_item(slug: str) -> Response | tuple[str, int]:
    course = editable_course(slug)
    form = AddItemForm()
    if not form.validate_on_submit():
        return _course_page(course, status=400, add_item=form)
    try:
        _result, path = authoring.add_item(me(), course, module_key=form.module.data or "",
                                           type_name=form.type.data, slug=form.slug.data, title=form.title.data)
    except AuthoringError as exc:
        return refused(course, exc, "tambah")
    except InputError as exc:
        return _input_error(course, exc, add_item=form)
    flash(_("Aktivitas ditambahkan ke draf. Tulis isinya di sini."), "success")
    return redirect(url_for("author.edit", slug=course.slug, path=path))


@roles_required(*EDITORS)
def add_module(slug: str) -> Response | tuple[str, int]:
    course = editable_course(slug)
    form = AddModuleForm()
    if not form.validate_on_submit():
        return _course_page(course, status=400, add_module=form)
    try:
        authoring.add_module(me(), course, slug=form.slug.data, title=form.title.data)
    except AuthoringError as exc:
        return refused(course, exc, "tambah")
    except InputError as exc:
        return _input_error(course, exc, add_module=form)
    return _saved(course, _("Modul ditambahkan ke draf."), "susunan")


@roles_required(*EDITORS)
def rename(slug: str) -> Response | tuple[str, int]:
    """Rename an item (``target`` = its path) or a module (``target`` = ``module:<key>``)."""
    course = editable_course(slug)
    form = RenameForm()
    form.module.choices = []
    if not form.validate_on_submit():
        for errors in form.errors.values():
            flash(" ".join(str(e) for e in errors), "error")
        return back_to_course(course, "susunan")
    target = form.target.data
    try:
        if target.startswith("module:"):
            authoring.rename_module(me(), course, target.removeprefix("module:"), slug=form.slug.data)
        else:
            module = request.form.get("module")
            authoring.rename_item(me(), course, target, slug=form.slug.data, module_key=module)
    except AuthoringError as exc:
        return refused(course, exc, "susunan")
    except InputError as exc:
        return _input_error(course, exc)
    return _saved(course, _("Kunci diganti di draf."), "susunan")


@roles_required(*EDITORS)
def move(slug: str) -> Response | tuple[str, int]:
    course = editable_course(slug)
    form = TargetForm()
    if not form.validate_on_submit() or form.direction.data not in ("up", "down"):
        return back_to_course(course, "susunan")
    offset = -1 if form.direction.data == "up" else 1
    target = form.target.data
    try:
        if target.startswith("module:"):
            authoring.move_module(me(), course, target.removeprefix("module:"), offset)
        else:
            authoring.move_item(me(), course, target, offset)
    except AuthoringError as exc:
        return refused(course, exc, "susunan")
    except InputError as exc:
        return _input_error(course, exc)
    return _saved(course, _("Urutan diubah di draf."), "susunan")


@roles_required(*EDITORS)
def remove(slug: str) -> Response | tuple[str, int]:
    """Remove an item, a module (``module:<key>``) or a media file (``file:<path>``)."""
    course = editable_course(slug)
    form = TargetForm()
    if not form.validate_on_submit():
        return back_to_course(course, "susunan")
    target = form.target.data
    try:
        if target.startswith("module:"):
            authoring.remove_module(me(), course, target.removeprefix("module:"))
        elif target.startswith("file:"):
            authoring.remove_file(me(), course, target.removeprefix("file:"))
        else:
            authoring.remove_item(me(), course, target)
    except AuthoringError as exc:
        return refused(course, exc, "susunan")
    except InputError as exc:
        return _input_error(course, exc)
    return _saved(course, _("Dihapus dari draf."), "susunan")


# --------------------------------------------------------------------------- uploads


def _upload(slug: str, prefix: str) -> tuple[Course, UploadForm, bytes | None, str]:
    course = editable_course(slug)
    form = UploadForm(prefix=prefix)
    form.module.choices = []
    if not form.validate_on_submit():
        return course, form, None, ""
    upload = form.file.data
    return course, form, upload.read(), upload.filename or ""


@roles_required(*EDITORS)
def upload_media(slug: str) -> Response | tuple[str, int]:
    course, form, data, filename = _upload(slug, "media")
    if data is None:
        return _course_page(course, status=400, media=form)
    try:
        _result, path = authoring.upload_media(me(), course, filename, data)
    except AuthoringError as exc:
        return refused(course, exc, "media")
    except InputError as exc:
        return _input_error(course, exc)
    return _saved(course, _("Media disimpan sebagai %(path)s. Tautkan dari materi dengan ![keterangan](%(path)s).",
                            path=path), "media")


@roles_required(*EDITORS)
def upload_gift(slug: str) -> Response | tuple[str, int]:
    course, form, data, filename = _upload(slug, "gift")
    if data is None:
        return _course_page(course, status=400, gift=form)
    try:
        _result, path = authoring.upload_gift(me(), course, filename, data,
                                              module_key=request.form.get("gift-module", ""))
    except AuthoringError as exc:
        return refused(course, exc, "unggah")
    except InputError as exc:
        return _input_error(course, exc)
    return _saved(course, _("Bank soal GIFT ditambahkan sebagai kuis %(path)s.", path=path), "susunan")


@roles_required(*EDITORS)
def upload_zip(slug: str) -> Response | tuple[str, int]:
    course, form, data, filename = _upload(slug, "zip")
    if data is None:
        return _course_page(course, status=400, zip=form)
    try:
        authoring.upload_zip(me(), course, filename, data)
    except AuthoringError as exc:
        return refused(course, exc, "unggah")
    except InputError as exc:
        return _input_error(course, exc)
    return _saved(course, _("Isi zip menjadi draf kursus ini."), "susunan")


# --------------------------------------------------------------------------- publish / discard


@roles_required(*EDITORS)
def publish(slug: str) -> Response | tuple[str, int]:
    course = editable_course(slug)
    form = PublishForm()
    if not form.validate_on_submit():
        return _course_page(course, status=400, publish=form)
    try:
        revision = authoring.publish(me(), course, form.message.data or "")
    except AuthoringError as exc:
        return refused(course, exc)
    except InputError as exc:
        return _input_error(course, exc, publish=form)
    return _saved(course, _("Revisi %(n)d terbit. Peserta melihatnya sekarang; progres mereka tetap.",
                            n=revision.number))


@roles_required(*EDITORS)
def discard(slug: str) -> Response:
    course = editable_course(slug)
    if EmptyForm().validate_on_submit():
        try:
            authoring.discard_draft(me(), course)
        except AuthoringError as exc:
            return refused(course, exc)
        flash(_("Draf dibuang."), "success")
    return back_to_course(course)


# --------------------------------------------------------------------------- settings and new course


def _competency_choices() -> list[tuple[str, str]]:
    ensure_national_competencies()
    rows = competency_queries.names_by_name(known_codes())
    return [(code, f"{name} ({code})") for code, name in rows]


def _attach(form: SettingsForm, grouped: dict[str, list[str]]) -> None:
    for name, messages in grouped.items():
        field = getattr(form, name, None) if name else None
        if field is not None:
            field.errors = list(field.errors or []) + messages


@roles_required(*EDITORS)
def settings(slug: str) -> tuple[str, int] | Response:
    course = editable_course(slug)
    form = SettingsForm()
    form.set_competency_choices(_competency_choices())
    if not form.is_submitted():
        form.load(authoring.fields_from_course_md(authoring.file_text(me(), course, "course.md"), known_codes()))
        form.set_competency_choices(_competency_choices())
        return render_template("authoring/settings.html", course=course, form=form, errors=[]), 200
    if not form.validate():
        return render_template("authoring/settings.html", course=course, form=form, errors=[]), 400
    text, owner = authoring.compose_course_md(form.to_fields())
    try:
        authoring.save_file(me(), course, "course.md", text)
    except AuthoringError as exc:
        fail(exc)
    except InputError as exc:
        errors = _relative(course.slug, exc.diagnostics)
        grouped = authoring.errors_by_field(errors, owner)
        _attach(form, grouped)
        return render_template("authoring/settings.html", course=course, form=form,
                               errors=[d for d in errors if d.level == "error"]), 422
    flash(_("Pengaturan disimpan di draf."), "success")
    return redirect(url_for("author.course", slug=course.slug))


@roles_required(*EDITORS)
def new_course() -> tuple[str, int] | Response:
    form = NewCourseForm()
    form.set_competency_choices(_competency_choices())
    if not form.is_submitted():
        form.certificate.data = True
        return render_template("authoring/new.html", form=form, errors=[]), 200
    if not form.validate():
        return render_template("authoring/new.html", form=form, errors=[]), 400
    slug = form.slug.data.strip()
    text, owner = authoring.compose_course_md(form.to_fields())
    files = {"course.md": text.encode(),
             "01-pengantar.md": authoring.starter_text("lesson", _("Pengantar")).encode()}
    try:
        course = authoring.create_course(me(), slug, files)
    except AuthoringError as exc:
        fail(exc)
    except InputError as exc:
        errors = _relative(slug, exc.diagnostics)
        _attach(form, authoring.errors_by_field(errors, owner))
        slug_errors = [d.message for d in errors if d.level == "error" and d.path == "course.md" and d.line == 1
                       and ("slug" in d.message)]
        form.slug.errors = list(form.slug.errors or []) + slug_errors
        return render_template("authoring/new.html", form=form,
                               errors=[d for d in errors if d.level == "error"]), 422
    flash(_("Kursus dibuat sebagai draf dengan satu materi pembuka. Tambahkan materi dan kuis, lalu terbitkan."),
          "success")
    return redirect(url_for("author.course", slug=course.slug))
