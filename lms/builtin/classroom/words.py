"""The sign-up states in the learner's words (translated when shown, never stored)."""

from __future__ import annotations

from flask_babel import gettext as _


def state_label(state: str) -> str:
    return {
        "requested": _("Menunggu persetujuan"),
        "approved": _("Disetujui"),
        "booked": _("Terdaftar, kursi sudah dipesan"),
        "waitlisted": _("Dalam daftar tunggu"),
        "cancelled": _("Dibatalkan"),
        "declined": _("Ditolak"),
        "no_show": _("Tidak hadir"),
        "partially_attended": _("Hadir sebagian"),
        "attended": _("Hadir"),
    }.get(state, state)
