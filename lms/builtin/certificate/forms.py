from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from lms.plugins import BoundedDateField, parse_int


class RevokeForm(FlaskForm):
    reason = TextAreaField(_l("Alasan pencabutan"), validators=[DataRequired(), Length(max=500)],
                           render_kw={"rows": 3, "maxlength": 500})


class SearchForm(FlaskForm):
    """GET form of the admin list: no CSRF (it changes nothing)."""

    class Meta:
        csrf = False

    q = StringField(_l("Cari nomor, nama, NIP atau kursus"), validators=[Optional(), Length(max=200)],
                    render_kw={"type": "search"})
    status = SelectField(_l("Status"), validators=[Optional()], choices=[
        SelectChoice("", _l("Semua")), SelectChoice("valid", _l("Berlaku")),
        SelectChoice("expired", _l("Kedaluwarsa")), SelectChoice("revoked", _l("Dicabut"))])


class SiasnForm(FlaskForm):
    """GET form of the SIASN export: unit (with its sub-units) and period."""

    class Meta:
        csrf = False

    unit = SelectField(_l("Unit kerja (termasuk sub-unit)"), validators=[Optional()], coerce=str)
    start = BoundedDateField(_l("Selesai sejak"), validators=[Optional()])
    end = BoundedDateField(_l("Selesai sampai"), validators=[Optional()])

    def __init__(self, *args: Any, units: list[tuple[str, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.unit.choices = [SelectChoice("", _l("Semua unit")),
                             *(SelectChoice(value, label) for value, label in units or [])]

    def validate(self, extra_validators: Any = None) -> bool:
        ok = super().validate(extra_validators)
        if ok and self.start.data and self.end.data and self.end.data < self.start.data:
            self.end.errors.append(_l("Tanggal akhir tidak boleh sebelum tanggal awal."))
            return False
        return ok

    @property
    def unit_id(self) -> int | None:
        return parse_int(self.unit.data, minimum=1)
