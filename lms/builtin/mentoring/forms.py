"""Forms of the mentoring pages (Flask-WTF: every one carries its CSRF token)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectChoice, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from lms.plugins import BoundedDateField


class RelationForm(FlaskForm):
    kind = SelectField(_l("Jenis"), choices=[SelectChoice("coaching", _l("Coaching (atasan)")),
                                             SelectChoice("mentoring", _l("Mentoring (rekan senior)"))])
    mentee = StringField(_l("NIP pegawai yang dibimbing"), validators=[DataRequired(), Length(max=40)],
                         render_kw={"inputmode": "numeric", "autocomplete": "off"})
    mentor = StringField(_l("NIP pembimbing"), validators=[Optional(), Length(max=40)],
                         render_kw={"inputmode": "numeric", "autocomplete": "off"})
    starts_on = BoundedDateField(_l("Tanggal mulai"), validators=[DataRequired()])
    ends_on = BoundedDateField(_l("Tanggal berakhir"), validators=[DataRequired()])


class GoalForm(FlaskForm):
    competency = SelectField(_l("Kompetensi"), validators=[DataRequired()], choices=[])
    level = SelectField(_l("Level yang dituju"), coerce=int, choices=[SelectChoice(n, str(n)) for n in range(1, 6)])


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class SessionForm(FlaskForm):
    held_on = BoundedDateField(_l("Tanggal pertemuan"), validators=[DataRequired()])
    minutes = IntegerField(_l("Lama (menit)"), validators=[DataRequired(), NumberRange(min=1, max=480)],
                           render_kw={"inputmode": "numeric", "min": 1, "max": 480})
    competencies = MultiCheckboxField(_l("Kompetensi yang dibahas"), choices=[], validate_choice=True)
    notes = TextAreaField(_l("Catatan"), validators=[Optional(), Length(max=4000)],
                          render_kw={"rows": 4, "maxlength": 4000})
    actions = TextAreaField(_l("Tindak lanjut yang disepakati"), validators=[Optional(), Length(max=2000)],
                            render_kw={"rows": 3, "maxlength": 2000})


class ReturnForm(FlaskForm):
    comment = TextAreaField(_l("Alasan dikembalikan"), validators=[DataRequired(), Length(max=500)],
                            render_kw={"rows": 2, "maxlength": 500})


class EndForm(FlaskForm):
    reason = TextAreaField(_l("Alasan (boleh kosong)"), validators=[Optional(), Length(max=500)],
                           render_kw={"rows": 2, "maxlength": 500})


class CapsForm(FlaskForm):
    mentee_jp = IntegerField(_l("Batas JP per tahun bagi yang dibimbing"),
                             validators=[InputRequired(message=_l("Isi angka.")), NumberRange(min=0, max=200)])
    mentor_jp = IntegerField(_l("Batas JP per tahun bagi pembimbing"),
                             validators=[InputRequired(message=_l("Isi angka.")), NumberRange(min=0, max=200)])
