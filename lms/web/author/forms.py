from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import BooleanField


class ImportForm(FlaskForm):
    archive = FileField(_l("Berkas .zip kursus"),
                        validators=[FileRequired(), FileAllowed(["zip"], _l("Hanya berkas .zip."))])
    draft = BooleanField(_l("Simpan sebagai draf (peserta belum melihatnya)"))
