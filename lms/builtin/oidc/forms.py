"""Forms of the single sign-on admin pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, Length, Regexp
from wtforms.widgets import CheckboxInput, ListWidget

ROLE_LABELS = {"learner": _l("Peserta"), "trainer": _l("Pengajar"), "supervisor": _l("Atasan"), "admin": _l("Admin")}


class ProviderForm(FlaskForm):
    name = StringField(_l("Nama penyedia"), validators=[DataRequired(), Length(max=100)])
    label = StringField(_l("Tulisan pada tombol masuk"), validators=[DataRequired(), Length(max=100)])
    issuer = StringField(_l("Alamat penerbit (issuer)"), validators=[DataRequired(), Length(max=300)],
                         render_kw={"inputmode": "url", "autocapitalize": "none", "spellcheck": "false"})
    client_id = StringField(_l("Client ID"), validators=[DataRequired(), Length(max=200)],
                            render_kw={"autocapitalize": "none", "spellcheck": "false"})
    client_secret = PasswordField(_l("Client secret"), validators=[Length(max=500)],
                                  render_kw={"autocomplete": "new-password"})
    nip_claim = StringField(_l("Klaim yang berisi NIP"), default="nip",
                            validators=[DataRequired(), Length(max=100),
                                        Regexp(r"^[A-Za-z0-9_:.\-/]+$", message=_l("Tanpa spasi."))],
                            render_kw={"autocapitalize": "none", "spellcheck": "false"})
    scopes = StringField(_l("Cakupan (scope)"), default="openid profile email",
                         validators=[DataRequired(), Length(max=300)],
                         render_kw={"autocapitalize": "none", "spellcheck": "false"})
    allow_create = BooleanField(_l("Buat akun peserta baru untuk NIP yang belum terdaftar"))
    enabled = BooleanField(_l("Aktif (tombolnya tampil di halaman masuk)"), default=True)


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class PasswordsForm(FlaskForm):
    roles = MultiCheckboxField(_l("Matikan kata sandi Sinau untuk"), validate_choice=True)

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.roles.choices = list(ROLE_LABELS.items())
