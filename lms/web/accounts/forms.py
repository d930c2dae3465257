from __future__ import annotations

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from lms.core.services.tokens import LIFETIME_CHOICES_DAYS


class LoginForm(FlaskForm):
    login = StringField(_l("NIP atau e-mail"), validators=[DataRequired(), Length(max=254)],
                        render_kw={"autocomplete": "username", "autocapitalize": "none"})
    password = PasswordField(_l("Kata sandi"), validators=[DataRequired(), Length(max=256)],
                             render_kw={"autocomplete": "current-password"})
    remember = BooleanField(_l("Ingat saya di perangkat ini"))


class ChangePasswordForm(FlaskForm):
    current = PasswordField(_l("Kata sandi saat ini"), validators=[DataRequired()],
                            render_kw={"autocomplete": "current-password"})
    new = PasswordField(_l("Kata sandi baru"), validators=[DataRequired(), Length(min=8, max=256)],
                        render_kw={"autocomplete": "new-password"})
    confirm = PasswordField(
        _l("Ulangi kata sandi baru"),
        validators=[DataRequired(), EqualTo("new", message=_l("Kedua kata sandi tidak sama."))],
        render_kw={"autocomplete": "new-password"},
    )


def _lifetime_label(days: int) -> str:
    return gettext("1 tahun") if days == 365 else gettext("%(n)d hari", n=days)


class TokenForm(FlaskForm):
    name = StringField(_l("Nama token (untuk apa?)"), validators=[Length(max=100)])
    lifetime = SelectField(_l("Berlaku selama"), coerce=int, default=365)
    # A stolen open session alone must not be enough to take away a long-lived credential.
    password = PasswordField(_l("Kata sandi Anda (untuk konfirmasi)"), validators=[DataRequired(), Length(max=256)],
                             render_kw={"autocomplete": "current-password"})

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.lifetime.choices = [(days, _lifetime_label(days)) for days in LIFETIME_CHOICES_DAYS]


class EmptyForm(FlaskForm):
    """A form with only the CSRF token (sign out, revoke, mark done)."""
