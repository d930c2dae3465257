"""Employee types (jenis pegawai): PNS and PPPK from the start, and what an agency adds
(``/admin/employee-types``), each with its own yearly JP target or the site's default."""

from __future__ import annotations

from sqlalchemy import Float, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from lms.extensions import db


class EmployeeTypeRow(db.Model):
    __tablename__ = "employee_type"

    # what users carry in ``user.employee_type``: never changes (renaming changes ``name``)
    code: Mapped[str] = mapped_column(String(20), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    jp_target: Mapped[float | None] = mapped_column(Float)  # None: the site's default target
    position: Mapped[int] = mapped_column(Integer, default=0)
