"""Forms of the competency admin sections."""

from __future__ import annotations

from collections.abc import Mapping

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import BooleanField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from lms.core.models.competency import LEVELS
from lms.web.params import BoundedDateField

GROUP_CHOICES = [SelectChoice("teknis", _l("Teknis")), SelectChoice("manajerial", _l("Manajerial")),
                 SelectChoice("sosial_kultural", _l("Sosial kultural"))]
LEVEL_CHOICES = [SelectChoice(str(n), str(n)) for n in LEVELS]
SOURCE_CHOICES = [SelectChoice("assessment_center", _l("Assessment center")),
                  SelectChoice("uji_kompetensi", _l("Uji kompetensi")),
                  SelectChoice("other", _l("Lainnya (tulis di bawah)"))]


def choices(pairs: list[tuple[str, str]]) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


def add_error(form: FlaskForm, name: str, message: str) -> None:
    """A service's refusal shown under the field it is about (after the form's own checks)."""
    form[name].errors = [*form[name].errors, message]


def show_errors(form: FlaskForm, errors: Mapping[str, str], aliases: Mapping[str, str] | None = None) -> str | None:
    """Each of a service's messages (per field name) under its field; ``aliases`` maps a
    service's name to the form's. Returns the messages that belong to no field, joined, or None."""
    general = []
    for name, message in errors.items():
        target = (aliases or {}).get(name, name)
        if target and target in form:
            add_error(form, target, message)
        else:
            general.append(message)
    return " ".join(general) or None


class CompetencyForm(FlaskForm):
    code = StringField(_l("Kode"), validators=[DataRequired(), Length(max=80)],
                       render_kw={"autocapitalize": "none", "spellcheck": "false"})
    name = StringField(_l("Nama"), validators=[DataRequired(), Length(max=200)])
    group = SelectField(_l("Kelompok"), choices=GROUP_CHOICES, default="teknis")
    parent_code = SelectField(_l("Induk (opsional)"), choices=[], validate_choice=False)
    active = BooleanField(_l("Aktif (dapat dipetakan ke kursus)"), default=True)
    level_1_id = TextAreaField(_l("Level 1 (bahasa Indonesia)"), validators=[Length(max=1000)])
    level_1_en = TextAreaField(_l("Level 1 (English)"), validators=[Length(max=1000)])
    level_2_id = TextAreaField(_l("Level 2 (bahasa Indonesia)"), validators=[Length(max=1000)])
    level_2_en = TextAreaField(_l("Level 2 (English)"), validators=[Length(max=1000)])
    level_3_id = TextAreaField(_l("Level 3 (bahasa Indonesia)"), validators=[Length(max=1000)])
    level_3_en = TextAreaField(_l("Level 3 (English)"), validators=[Length(max=1000)])
    level_4_id = TextAreaField(_l("Level 4 (bahasa Indonesia)"), validators=[Length(max=1000)])
    level_4_en = TextAreaField(_l("Level 4 (English)"), validators=[Length(max=1000)])
    level_5_id = TextAreaField(_l("Level 5 (bahasa Indonesia)"), validators=[Length(max=1000)])
    level_5_en = TextAreaField(_l("Level 5 (English)"), validators=[Length(max=1000)])

    def level_fields(self) -> list[tuple[int, object, object]]:
        return [(n, self[f"level_{n}_id"], self[f"level_{n}_en"]) for n in LEVELS]

    def levels(self) -> dict[str, dict[str, str]]:
        return {str(n): {"id": id_.data or "", "en": en.data or ""} for n, id_, en in self.level_fields()}


class AssessmentForm(FlaskForm):
    competency = SelectField(_l("Kompetensi"), choices=[], validate_choice=False,
                             validators=[DataRequired()])
    level = SelectField(_l("Level"), choices=LEVEL_CHOICES, coerce=int)
    source = SelectField(_l("Sumber penilaian"), choices=SOURCE_CHOICES, default="assessment_center")
    source_other = StringField(_l("Sumber lain"), validators=[Length(max=100)])
    assessed_on = BoundedDateField(_l("Tanggal penilaian"), validators=[DataRequired()])
    valid_until = BoundedDateField(_l("Berlaku sampai (kosongkan: 3 tahun)"), validators=[Optional()])
    note = StringField(_l("Catatan"), validators=[Length(max=500)])

    def source_value(self) -> str:
        return (self.source_other.data or "").strip() if self.source.data == "other" else self.source.data


class CompetencyFileForm(FlaskForm):
    file = FileField(_l("Berkas kamus kompetensi (YAML)"),
                     validators=[FileRequired(_l("Pilih berkas kamus kompetensi.")),
                                 FileAllowed(["yml", "yaml"], _l("Hanya berkas .yml atau .yaml."))])


class StandardsFileForm(FlaskForm):
    file = FileField(_l("Berkas standar kompetensi (CSV)"),
                     validators=[FileRequired(_l("Pilih berkas standar kompetensi.")),
                                 FileAllowed(["csv"], _l("Hanya berkas .csv."))])
