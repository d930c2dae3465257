"""Labels of competency values, translated at render time (shared by profile and admin pages)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

GROUP_LABELS = {
    "manajerial": _l("Manajerial"),
    "sosial_kultural": _l("Sosial kultural"),
    "teknis": _l("Teknis"),
}

EVIDENCE_LABELS = {
    "course": _l("Kursus"),
    "external": _l("Pembelajaran di luar platform"),
    "mentoring": _l("Mentoring"),
}


def group_label(group: object) -> str:
    value = getattr(group, "value", group)
    return str(GROUP_LABELS.get(str(value), value))
