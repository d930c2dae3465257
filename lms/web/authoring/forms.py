"""Forms of the trainers' area. Course settings are checked by the course format's own rules
(the values become ``course.md``); these forms only check what a request must carry."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (
    BooleanField,
    FieldList,
    FormField,
    HiddenField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional

from lms.core.services.authoring import CourseFields

COMPETENCY_ROWS = 3  # empty rows offered besides the course's own (no script needed to add one)


def choices(pairs: list[tuple[str, str]]) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


class ImportForm(FlaskForm):
    archive = FileField(_l("Berkas .zip kursus"),
                        validators=[FileRequired(), FileAllowed(["zip"], _l("Hanya berkas .zip."))])
    draft = BooleanField(_l("Simpan sebagai draf (peserta belum melihatnya)"))


class CompetencyRow(FlaskForm):
    class Meta:
        csrf = False

    code = SelectField(_l("Kompetensi"), choices=[], validate_choice=False)
    level = SelectField(_l("Level"), choices=choices([("", "—")] + [(str(n), str(n)) for n in range(1, 6)]),
                        validate_choice=False)


class SettingsForm(FlaskForm):
    """The fields of ``course.md``."""

    title = StringField(_l("Judul"), validators=[Length(max=400)])
    summary = StringField(_l("Ringkasan (satu baris, paling banyak 300 karakter)"), validators=[Length(max=1000)])
    jp = StringField(_l("Jam pelajaran (JP)"), validators=[Length(max=20)], render_kw={"inputmode": "decimal"})
    competencies = FieldList(FormField(CompetencyRow), min_entries=COMPETENCY_ROWS)
    category = StringField(_l("Kategori"), validators=[Optional(), Length(max=200)])
    tags = StringField(_l("Tag (pisahkan dengan koma)"), validators=[Optional(), Length(max=1000)])
    language = SelectField(_l("Bahasa"), choices=choices([("id", "Bahasa Indonesia"), ("en", "English")]),
                           validate_choice=False)
    enrollment = SelectField(_l("Pendaftaran"), validate_choice=False, choices=choices([
        ("open", _l("Terbuka: siapa saja boleh mendaftar")), ("assigned", _l("Hanya lewat penugasan"))]))
    prerequisites = StringField(_l("Prasyarat (slug kursus, pisahkan dengan koma)"),
                                validators=[Optional(), Length(max=1000)])
    certificate = BooleanField(_l("Terbitkan sertifikat saat tuntas"))
    valid_months = StringField(_l("Masa berlaku (bulan, kosongkan bila tidak kedaluwarsa)"),
                               validators=[Optional(), Length(max=10)], render_kw={"inputmode": "numeric"})
    cover = StringField(_l("Gambar sampul (berkas PNG atau JPEG di folder media/, misalnya media/sampul.jpg; "
                           "kosongkan untuk pola dari judul)"), validators=[Optional(), Length(max=300)],
                        render_kw={"autocapitalize": "none", "spellcheck": "false"})
    description = TextAreaField(_l("Deskripsi (Markdown)"), render_kw={"rows": 8})

    def set_competency_choices(self, codes: list[tuple[str, str]]) -> None:
        for row in self.competencies:
            row.form.code.choices = choices([("", "—")] + codes)

    def to_fields(self) -> CourseFields:
        return CourseFields(
            title=self.title.data or "", summary=self.summary.data or "", jp=self.jp.data or "",
            competencies=[(r.form.code.data or "", r.form.level.data or "") for r in self.competencies],
            category=self.category.data or "", tags=self.tags.data or "", language=self.language.data or "id",
            enrollment=self.enrollment.data or "open", prerequisites=self.prerequisites.data or "",
            certificate=bool(self.certificate.data), valid_months=self.valid_months.data or "",
            cover=self.cover.data or "", description=self.description.data or "")

    def load(self, fields: CourseFields) -> None:
        for name in ("title", "summary", "jp", "category", "tags", "language", "enrollment", "prerequisites",
                     "certificate", "valid_months", "cover", "description"):
            getattr(self, name).data = getattr(fields, name)
        while len(self.competencies) < len(fields.competencies) + COMPETENCY_ROWS:
            self.competencies.append_entry()
        for row, (code, level) in zip(self.competencies, fields.competencies, strict=False):
            row.form.code.data, row.form.level.data = code, level


class NewCourseForm(SettingsForm):
    slug = StringField(_l("Slug (alamat kursus: huruf kecil a-z, angka, dan '-')"),
                       validators=[DataRequired(), Length(max=100)],
                       render_kw={"autocapitalize": "none", "spellcheck": "false"})


class FileForm(FlaskForm):
    text = TextAreaField(_l("Isi berkas (Markdown)"), render_kw={"rows": 20, "spellcheck": "true"})
    base = HiddenField()  # the version the editor opened (see authoring.save_file)


class AddItemForm(FlaskForm):
    module = SelectField(_l("Modul"), choices=[], validate_choice=False)
    type = SelectField(_l("Jenis"), choices=[], validate_choice=False)
    slug = StringField(_l("Kunci (huruf kecil a-z, angka, dan '-')"), validators=[DataRequired(), Length(max=100)],
                       render_kw={"autocapitalize": "none", "spellcheck": "false"})
    title = StringField(_l("Judul"), validators=[Length(max=300)])


class AddModuleForm(FlaskForm):
    slug = StringField(_l("Kunci modul (huruf kecil a-z, angka, dan '-')"),
                       validators=[DataRequired(), Length(max=100)],
                       render_kw={"autocapitalize": "none", "spellcheck": "false"})
    title = StringField(_l("Judul modul"), validators=[Length(max=200)])


class RenameForm(FlaskForm):
    target = HiddenField(validators=[DataRequired()])
    slug = StringField(_l("Kunci baru"), validators=[DataRequired(), Length(max=100)],
                       render_kw={"autocapitalize": "none", "spellcheck": "false"})
    module = SelectField(_l("Modul"), choices=[], validate_choice=False)
    confirm = BooleanField(_l("Saya mengerti: progres peserta yang tercatat pada kunci lama tidak ikut pindah"),
                           validators=[DataRequired(_l("Centang untuk mengonfirmasi."))])


class TargetForm(FlaskForm):
    """Move up/down, remove: what to act on (``target``) and how (``direction``)."""

    target = HiddenField(validators=[DataRequired()])
    direction = HiddenField()


class UploadForm(FlaskForm):
    file = FileField(_l("Berkas"), validators=[FileRequired()])
    module = SelectField(_l("Modul"), choices=[], validate_choice=False)


class PublishForm(FlaskForm):
    message = StringField(_l("Catatan perubahan (untuk riwayat revisi)"), validators=[Length(max=500)])
