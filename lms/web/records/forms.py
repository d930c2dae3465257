"""Forms of the external learning records. They parse what the browser sent (with messages in
the user's language); the rules of the domain are the service's (``RecordError``)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import Field, FieldList, Form, FormField, HiddenField, StringField, SubmitField, TextAreaField
from wtforms.validators import Length, Optional
from wtforms.widgets import DateInput, TextInput

from lms.core.parsing import MAX_DATE, MIN_DATE, parse_float
from lms.core.services.records import MAX_REASON, MAX_REPORT

COMPETENCY_ROWS = 3
TOO_LONG = _l("Paling panjang %(max)d karakter.")


class LocalDateField(Field):
    """``<input type="date">`` (``YYYY-MM-DD``; also ``DD-MM-YYYY`` typed by hand on old
    browsers), with our own message instead of WTForms' English one."""

    widget = DateInput()

    def _value(self) -> str:
        if self.raw_data:
            return " ".join(self.raw_data)
        return self.data.isoformat() if isinstance(self.data, date) else ""

    def process_formdata(self, valuelist: list[Any]) -> None:
        self.data = None
        text = (valuelist[0] if valuelist else "").strip()
        if not text:
            return
        for fmt in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"):
            try:
                day = datetime.strptime(text, fmt).date()  # noqa: DTZ007 - a calendar date
            except ValueError:
                continue
            if MIN_DATE <= day <= MAX_DATE:  # 0001-01-01 overflows once made a local time
                self.data = day
                return
        raise ValueError(_l("Tanggal tidak valid. Tulis seperti 31-12-2025."))


class JPField(Field):
    """A number of JP, written the Indonesian way (``2,5``) or with a dot (``2.5``)."""

    widget = TextInput()

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return f"{self.data:g}".replace(".", ",") if isinstance(self.data, float) else ""

    def process_formdata(self, valuelist: list[Any]) -> None:
        self.data = None
        text = (valuelist[0] if valuelist else "").strip().replace(" ", "")
        if not text:
            return
        self.data = parse_float(text, minimum=-1e6, maximum=1e6)  # the service says what is out of range
        if self.data is None:
            raise ValueError(_l("Tulis JP sebagai angka, misalnya 2 atau 2,5."))


class CompetencyRow(Form):
    """One competency and level. The ``<select>``s are drawn by the template (the service
    checks the values): WTForms' own choices API is changing under 3.3."""

    code = StringField(_l("Kompetensi"))
    level = StringField(_l("Level"))


class RecordForm(FlaskForm):
    competency_error: str | None = None  # set by the view from the service's errors
    title = StringField(_l("Nama kegiatan"), validators=[Length(max=300, message=TOO_LONG)])
    organiser = StringField(_l("Penyelenggara"), validators=[Length(max=200, message=TOO_LONG)])
    kind = StringField(_l("Bentuk kegiatan"))  # a <select> with optgroups, drawn by the template
    start_date = LocalDateField(_l("Tanggal mulai"))
    end_date = LocalDateField(_l("Tanggal selesai"))
    jp = JPField(_l("Jumlah JP"), render_kw={"inputmode": "decimal", "autocomplete": "off"})
    competencies = FieldList(FormField(CompetencyRow), min_entries=COMPETENCY_ROWS, max_entries=COMPETENCY_ROWS)
    report = TextAreaField(_l("Laporan singkat (boleh dikosongkan)"),
                           validators=[Optional(), Length(max=MAX_REPORT, message=TOO_LONG)], render_kw={"rows": 4})
    certificate = FileField(_l("Sertifikat atau bukti kegiatan"),
                            render_kw={"accept": "application/pdf,image/png,image/jpeg,image/webp"})


class DecisionForm(FlaskForm):
    version = HiddenField()
    reason = TextAreaField(_l("Alasan atau catatan (wajib bila ditolak)"),
                           validators=[Optional(), Length(max=MAX_REASON, message=TOO_LONG)], render_kw={"rows": 3})
    verify = SubmitField(_l("Verifikasi"))
    reject = SubmitField(_l("Tolak"))
