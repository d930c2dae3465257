"""The assignment form: it parses what the browser sent and checks every field at once, so a
supervisor on a phone sees all that needs fixing in one go. The rules (who may assign to
whom, valid dates) stay the service's (``AssignmentError``): the form only spares a round
trip for what it can see itself."""

from __future__ import annotations

import calendar
from datetime import date
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, RadioField, SelectChoice, SelectField, SelectMultipleField
from wtforms.validators import Optional
from wtforms.widgets import CheckboxInput, ListWidget

from lms.web.params import BoundedDateField, id_value, parse_int

#: months by number, named in the reader's language when shown (``month_choices``)
MONTHS = [SelectChoice(str(n), str(n)) for n in range(1, 13)]


class CheckboxList(SelectMultipleField):
    """Several choices as checkboxes (a thumb ticks them; no "hold Ctrl" list box)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class AssignForm(FlaskForm):
    courses = CheckboxList(_l("Kursus"), coerce=id_value)
    target_kind = RadioField(_l("Tugaskan kepada"), default="person",
                             choices=[SelectChoice("person", _l("Pegawai tertentu")),
                                      SelectChoice("unit", _l("Unit kerja")), SelectChoice("position", _l("Jabatan"))])
    people = CheckboxList(_l("Pegawai"), coerce=id_value)
    unit = SelectField(_l("Unit kerja"), coerce=id_value, validate_choice=False)
    include_subtree = BooleanField(_l("Termasuk semua unit di bawahnya"), default=True)
    position = SelectField(_l("Jabatan"), coerce=id_value, validate_choice=False)
    due_kind = RadioField(_l("Batas waktu"), default="date",
                          choices=[SelectChoice("date", _l("Tanggal tertentu")),
                                   SelectChoice("days", _l("Sekian hari setelah ditugaskan")),
                                   SelectChoice("yearly", _l("Setiap tahun (berulang)")),
                                   SelectChoice("none", _l("Tanpa batas waktu"))])
    due_date = BoundedDateField(_l("Tanggal batas waktu"), validators=[Optional()])
    due_days = IntegerField(_l("Jumlah hari"), validators=[Optional()], default=30)
    yearly_day = IntegerField(_l("Tanggal"), validators=[Optional()], default=31)
    yearly_month = SelectField(_l("Bulan"), choices=MONTHS, default="12")

    def validate(self, extra_validators: Any = None) -> bool:
        """The fields' own checks, then what each choice needs; every error is kept."""
        super().validate(extra_validators)
        self._need(self.courses, bool(self.courses.data), _("Pilih minimal satu kursus."))
        kind = self.target_kind.data
        if kind == "person":
            self._need(self.people, bool(self.people.data), _("Pilih minimal satu pegawai."))
        elif kind == "unit":
            self._need(self.unit, bool(self.unit.data), _("Pilih unit kerja."))
        elif kind == "position":
            self._need(self.position, bool(self.position.data), _("Pilih jabatan."))
        due = self.due_kind.data
        if due == "date":
            if not self.due_date.errors:
                self._need(self.due_date, self.due_date.data is not None, _("Isi tanggal batas waktu."))
        elif due == "days":
            if not self.due_days.errors:
                self._need(self.due_days, self.due_days.data is not None and 1 <= self.due_days.data <= 3660,
                           _("Isi jumlah hari antara 1 dan 3660."))
        elif due == "yearly" and not self.yearly_day.errors:
            month = parse_int(self.yearly_month.data, minimum=1, maximum=12) or 12
            last = calendar.monthrange(2024, month)[1]  # a leap year: 29 February is a date
            self._need(self.yearly_day, self.yearly_day.data is not None and 1 <= self.yearly_day.data <= last,
                       _("Isi tanggal antara 1 dan %(last)d untuk bulan itu.", last=last))
        return not self.errors

    def check_not_past(self, today: date) -> None:
        """A date in the past cannot be a deadline (the site's today, given by the view)."""
        if self.due_kind.data == "date" and self.due_date.data is not None and self.due_date.data < today:
            self._need(self.due_date, False, _("Batas waktu harus hari ini atau sesudahnya."))

    @staticmethod
    def _need(field: Any, ok: bool, message: str) -> None:
        if not ok and message not in field.errors:
            field.errors = [*field.errors, message]

    @property
    def errors(self) -> dict[str, list[str]]:  # type: ignore[override]
        """Every field's errors, read afresh (errors are added after ``validate``)."""
        return {name: list(f.errors) for name, f in self._fields.items() if f.errors}
