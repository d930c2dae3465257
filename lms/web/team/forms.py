"""The assignment form: it parses what the browser sent; the rules (who may assign to whom,
valid dates) are the service's (``AssignmentError``)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, RadioField, SelectChoice, SelectField, SelectMultipleField
from wtforms.fields import DateField
from wtforms.validators import NumberRange, Optional

MONTHS = [SelectChoice(str(n), str(n)) for n in range(1, 13)]


class AssignForm(FlaskForm):
    courses = SelectMultipleField(_l("Kursus"), coerce=int, render_kw={"size": 6})
    target_kind = RadioField(_l("Tugaskan kepada"), default="person",
                             choices=[SelectChoice("person", _l("Pegawai tertentu")),
                                      SelectChoice("unit", _l("Unit kerja")), SelectChoice("position", _l("Jabatan"))])
    people = SelectMultipleField(_l("Pegawai"), coerce=int, render_kw={"size": 8})
    unit = SelectField(_l("Unit kerja"), coerce=int, validate_choice=False)
    include_subtree = BooleanField(_l("Termasuk semua unit di bawahnya"), default=True)
    position = SelectField(_l("Jabatan"), coerce=int, validate_choice=False)
    due_kind = RadioField(_l("Batas waktu"), default="date",
                          choices=[SelectChoice("date", _l("Tanggal tertentu")),
                                   SelectChoice("days", _l("Sekian hari setelah ditugaskan")),
                                   SelectChoice("yearly", _l("Setiap tahun (berulang)")),
                                   SelectChoice("none", _l("Tanpa batas waktu"))])
    due_date = DateField(_l("Tanggal batas waktu"), validators=[Optional()])
    due_days = IntegerField(_l("Jumlah hari"), validators=[Optional(), NumberRange(min=1, max=3660)], default=30)
    yearly_day = IntegerField(_l("Tanggal (setiap tahun)"), validators=[Optional(), NumberRange(min=1, max=31)],
                              default=31)
    yearly_month = SelectField(_l("Bulan (setiap tahun)"), choices=MONTHS, default="12")
