"""``/admin/settings``: what an admin sets for the whole site (certificate issuer and signer,
the default JP target, the site's address), stored by :mod:`lms.core.site_settings` and
audited one entry per save with each changed value before and after."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import StringField

from lms.core import site_settings
from lms.core.models import Role
from lms.core.queries import audit as audit_queries
from lms.web.access import current_actor, roles_required
from lms.web.admin.forms import show_errors
from lms.web.admin.labels import install as install_labels
from lms.web.admin.sections import AdminSection

bp = Blueprint("admin_settings", __name__, url_prefix="/admin/settings")
bp.admin_sections = [AdminSection(90, _l("Pengaturan situs"), "admin_settings.edit",
                                  _l("Penanda tangan sertifikat, target JP, alamat situs"))]
install_labels(bp)


class SiteSettingsForm(FlaskForm):
    certificate_agency = StringField(_l("Instansi penerbit sertifikat"))
    certificate_signer_name = StringField(_l("Nama penanda tangan"))
    certificate_signer_title = StringField(_l("Jabatan penanda tangan"))
    jp_target = StringField(_l("Target JP per tahun (bawaan)"), render_kw={"inputmode": "decimal"})
    base_url = StringField(_l("Alamat situs"), render_kw={"inputmode": "url", "autocapitalize": "none",
                                                          "spellcheck": "false"})

    KEYS = ("certificate_agency", "certificate_signer_name", "certificate_signer_title", "jp_target", "base_url")

    def fill(self) -> None:
        for key, value in site_settings.values().items():
            # no grouping: the field reads "1.000" back as one, not a thousand
            self[key].data = format_decimal(value, format="0.#") if isinstance(value, float) else value

    def raw(self) -> dict[str, str]:
        return {key: self[key].data or "" for key in self.KEYS}


@bp.route("", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def edit() -> str | Response | tuple[str, int]:
    form = SiteSettingsForm()
    if not form.is_submitted():
        form.fill()
    elif form.validate_on_submit():
        errors = site_settings.check(form.raw())
        if errors:
            show_errors(form, errors)
        else:
            changed = site_settings.update(form.raw(), actor=current_actor())
            if changed:
                flash(_("Pengaturan disimpan."), "success")
            else:
                flash(_("Tidak ada yang berubah."), "info")
            return redirect(url_for(".edit"))
    status = 422 if form.is_submitted() else 200
    return render_template("admin/site_settings.html", form=form, automatic_url=site_settings.served_url()
                           or site_settings.FALLBACK_URL,
                           history=audit_queries.of_target("site_setting", "site")), status
