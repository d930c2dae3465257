"""The staff CSV import of ``/admin/users/import``: an admin sees before they change.

1. Upload: every row is checked; a bad file lists each problem with its line, nothing written.
2. Preview: the accounts to create and to update (with what changes), the units and positions
   that would be created, and every role granted or taken away. Nothing is written yet.
3. Confirm: the same file comes back signed with the server's key (it is never stored on the
   server, so nothing half-done is left behind when an admin walks away) together with the
   digest of the preview. If the data changed meanwhile, the new preview is shown instead.

A template CSV with Indonesian column names is downloadable; English names work too.
"""

from __future__ import annotations

import io

from flask import Response, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from lms.core.diagnostics import InputError
from lms.core.queries.users_import_preview import ImportPreview, preview_import
from lms.core.services.users_import import (
    OPTIONAL,
    REQUIRED,
    TEMPLATE_COLUMNS,
    check_admin_roles,
    import_users,
    parse_users_csv,
)
from lms.core.spreadsheet_text import csv_writer
from lms.web.access import current_actor
from lms.web.admin.labels import ROLE_LABELS
from lms.web.admin.people_forms import ConfirmImportForm, ImportForm

PREVIEW_SECONDS = 2 * 60 * 60  # a preview may be confirmed within two hours
SHOWN = 200  # rows listed per part of a preview; the counts are always whole


def _signer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt="users-import")  # type: ignore[arg-type]


def field_labels() -> dict[str, str]:
    return {"name": _("Nama"), "email": _("E-mail"), "unit": _("Unit kerja"), "position": _("Jabatan"),
            "supervisor_nip": _("NIP atasan"), "golongan": _("Golongan"), "employee_type": _("Jenis pegawai")}


def _page(form: ImportForm, status: int = 200, **context: object) -> tuple[str, int]:
    context.setdefault("problems", [])
    return render_template("admin/users_import.html", form=form, columns={"required": REQUIRED, "optional": OPTIONAL},
                           template_columns=TEMPLATE_COLUMNS, **context), status


def _preview_page(name: str, text: str, preview: ImportPreview, status: int = 200,
                  changed: bool = False) -> tuple[str, int]:
    confirm = ConfirmImportForm(formdata=None, token=_signer().dumps({"name": name, "text": text}),
                                fingerprint=preview.fingerprint)
    return render_template("admin/users_import_preview.html", preview=preview, file_name=name, confirm=confirm,
                           labels=field_labels(), role_labels=ROLE_LABELS, shown=SHOWN, changed=changed), status


def upload() -> str | Response | tuple[str, int]:
    form = ImportForm()
    if not form.validate_on_submit():
        return _page(form, 422 if form.is_submitted() else 200)
    upload_file = form.file.data
    name = (upload_file.filename or "pegawai.csv").rsplit("/", 1)[-1][:200]
    data = upload_file.read()
    try:
        rows = parse_users_csv(data, name)
        check_admin_roles(rows, name, current_actor())  # said before the preview, not after the confirmation
    except InputError as exc:
        return _page(form, 422, problems=exc.diagnostics, file_name=name)
    return _preview_page(name, data.decode("utf-8-sig"), preview_import(rows))


def confirm() -> str | Response | tuple[str, int]:
    form = ConfirmImportForm()
    if not form.validate_on_submit():
        flash(_("Konfirmasi impor tidak lengkap. Unggah berkasnya lagi."), "error")
        return redirect(url_for("admin_users.import_csv"))
    try:
        payload = _signer().loads(form.token.data, max_age=PREVIEW_SECONDS)
    except SignatureExpired:
        flash(_("Pratinjau ini sudah lebih dari dua jam. Unggah berkasnya lagi untuk melihat keadaan terbaru."),
              "error")
        return redirect(url_for("admin_users.import_csv"))
    except BadSignature:
        flash(_("Konfirmasi impor tidak sah. Unggah berkasnya lagi."), "error")
        return redirect(url_for("admin_users.import_csv"))
    name, text = str(payload["name"]), str(payload["text"])
    data = text.encode("utf-8")
    try:
        preview = preview_import(parse_users_csv(data, name))
    except InputError as exc:  # the data changed so that a row is no longer valid (an e-mail taken meanwhile)
        return _page(ImportForm(formdata=None), 422, problems=exc.diagnostics, file_name=name)
    if preview.fingerprint != form.fingerprint.data:
        return _preview_page(name, text, preview, status=409, changed=True)
    try:
        result = import_users(data, name, current_actor())
    except InputError as exc:  # the admin's own role (or the last admin's) would go
        return _page(ImportForm(formdata=None), 422, problems=exc.diagnostics, file_name=name)
    flash(_("Impor selesai: %(created)d akun baru, %(updated)d diperbarui.", created=result.created,
            updated=result.updated), "success")
    return redirect(url_for("admin_users.index"))


def template() -> Response:
    """A CSV to fill in: Indonesian column names, ``;`` as separator and a byte-order mark (what
    spreadsheets in Indonesian locales open and save), two example rows."""
    out = io.StringIO()
    writer = csv_writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(TEMPLATE_COLUMNS)
    examples = [
        ("196608011988031001", "Drs. Ahmad Fauzi, M.Si.", "ahmad.fauzi@contoh.go.id",
         "Dinas Komunikasi dan Informatika", "Kepala Dinas", "", _("atasan"), "IV/c", "PNS"),
        ("199002142015032004", "Siti Rahmawati, S.T.", "siti@contoh.go.id",
         "Dinas Komunikasi dan Informatika > Bidang Aplikasi Informatika", "Pranata Komputer Ahli Pertama",
         "196608011988031001", _("peserta"), "III/b", "PNS"),
    ]
    for row in examples:
        writer.writerow(row)
    return Response("\ufeff" + out.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": 'attachment; filename="contoh-impor-pegawai.csv"'})
