"""Forms of the admin pages for people and the organisation (users, units, positions)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import BooleanField, HiddenField, PasswordField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, Length

from lms.core.models import PositionKind
from lms.core.parsing import parse_int

EMPLOYEE_TYPES = [SelectChoice("PNS", "PNS"), SelectChoice("PPPK", "PPPK")]
KIND_LABELS = {
    PositionKind.JPT_UTAMA: _l("JPT utama"),
    PositionKind.JPT_MADYA: _l("JPT madya"),
    PositionKind.JPT_PRATAMA: _l("JPT pratama"),
    PositionKind.ADMINISTRATOR: _l("Administrator"),
    PositionKind.PENGAWAS: _l("Pengawas"),
    PositionKind.FUNGSIONAL: _l("Fungsional"),
    PositionKind.PELAKSANA: _l("Pelaksana"),
}


def optional_id(value: object) -> int | None:
    """A select's value as an id; "" (none chosen) as None."""
    return parse_int(value)


class UserForm(FlaskForm):
    name = StringField(_l("Nama"), validators=[DataRequired(), Length(max=200)])
    email = StringField(_l("E-mail"), validators=[Length(max=254)],
                        render_kw={"type": "email", "autocapitalize": "none", "spellcheck": "false"})
    unit_id = SelectField(_l("Unit kerja"), choices=[], validate_choice=False)
    position_id = SelectField(_l("Jabatan"), choices=[], validate_choice=False)
    supervisor_nip = StringField(_l("NIP atasan langsung"), validators=[Length(max=40)],
                                 render_kw={"inputmode": "numeric", "autocomplete": "off"})
    golongan = StringField(_l("Pangkat/golongan"), validators=[Length(max=10)])
    employee_type = SelectField(_l("Jenis pegawai"), choices=EMPLOYEE_TYPES, default="PNS")
    role_trainer = BooleanField(_l("Pengajar (menyusun kursus)"))
    role_supervisor = BooleanField(_l("Atasan (Tim Saya, penugasan)"))
    role_admin = BooleanField(_l("Admin (BKPSDM)"))

    def role_values(self) -> list[str]:
        return [name for name in ("trainer", "supervisor", "admin") if self[f"role_{name}"].data]


class NewUserForm(UserForm):
    nip = StringField(_l("NIP"), validators=[DataRequired(), Length(max=40)],
                      render_kw={"inputmode": "numeric", "autocomplete": "off"})
    password = PasswordField(_l("Kata sandi awal (boleh kosong)"), validators=[Length(max=200)],
                             render_kw={"autocomplete": "new-password"})


class SetPasswordForm(FlaskForm):
    password = PasswordField(_l("Kata sandi baru"), validators=[DataRequired(), Length(max=200)],
                             render_kw={"autocomplete": "new-password"})


class ImportForm(FlaskForm):
    file = FileField(_l("Berkas CSV pegawai"),
                     validators=[FileRequired(_l("Pilih berkas CSV.")),
                                 FileAllowed(["csv", "txt"], _l("Hanya berkas .csv."))])


class ConfirmImportForm(FlaskForm):
    """The previewed file travels back signed (it is not stored on the server) with the digest
    of what the admin read."""

    token = HiddenField(validators=[DataRequired()])
    fingerprint = HiddenField(validators=[DataRequired(), Length(max=64)])


class UnitForm(FlaskForm):
    name = StringField(_l("Nama unit"), validators=[DataRequired(), Length(max=200)])
    parent_id = SelectField(_l("Di bawah unit"), choices=[], validate_choice=False)


class RenameForm(FlaskForm):
    name = StringField(_l("Nama baru"), validators=[DataRequired(), Length(max=200)])


class MoveForm(FlaskForm):
    parent_id = SelectField(_l("Pindahkan ke bawah"), choices=[], validate_choice=False)


class HeadForm(FlaskForm):
    head_nip = StringField(_l("NIP kepala unit (kosongkan untuk melepas)"), validators=[Length(max=40)],
                           render_kw={"inputmode": "numeric", "autocomplete": "off"})


class PositionForm(FlaskForm):
    name = StringField(_l("Nama jabatan"), validators=[DataRequired(), Length(max=200)])
    kind = SelectField(_l("Jenis jabatan"), choices=[SelectChoice(k.value, label) for k, label in KIND_LABELS.items()],
                       default=PositionKind.PELAKSANA.value)
