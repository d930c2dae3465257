"""The trainers' area (``/author``): every URL in one place, indico-style. Each view carries
its access rule (trainers and admins); which course a user may edit is the service's rule."""

from __future__ import annotations

from flask import Blueprint

from lms.web.authoring import confirmations, course, editor, history, results, views

bp = Blueprint("author", __name__, url_prefix="/author")

_RULES = [
    ("/", "index", views.index, ["GET"]),
    ("/import", "upload", views.upload, ["GET", "POST"]),
    ("/new", "new_course", course.new_course, ["GET", "POST"]),
    ("/<slug>/", "course", course.course, ["GET"]),
    ("/<slug>/settings", "settings", course.settings, ["GET", "POST"]),
    ("/<slug>/items", "add_item", course.add_item, ["POST"]),
    ("/<slug>/modules", "add_module", course.add_module, ["POST"]),
    ("/<slug>/rename", "rename", course.rename, ["POST"]),
    ("/<slug>/move", "move", course.move, ["POST"]),
    ("/<slug>/remove", "remove", course.remove, ["POST"]),
    ("/<slug>/media", "upload_media", course.upload_media, ["POST"]),
    ("/<slug>/gift", "upload_gift", course.upload_gift, ["POST"]),
    ("/<slug>/zip", "upload_zip", course.upload_zip, ["POST"]),
    ("/<slug>/publish", "publish", course.publish, ["POST"]),
    ("/<slug>/discard", "discard", course.discard, ["POST"]),
    ("/<slug>/files/<path:path>", "edit", editor.edit, ["GET", "POST"]),
    ("/<slug>/preview", "preview", editor.live_preview, ["POST"]),
    ("/<slug>/history", "history", history.history, ["GET"]),
    ("/<slug>/diff", "diff", history.diff, ["GET"]),
    ("/<slug>/rollback/<int:number>", "rollback", history.rollback, ["POST"]),
    ("/<slug>/export.zip", "export", history.export, ["GET"]),
    ("/<slug>/results", "results", results.results, ["GET"]),
    ("/<slug>/results.csv", "results_csv", results.results_csv, ["GET"]),
    ("/<slug>/analysis/<path:key>", "analysis", results.analysis, ["GET"]),
    ("/<slug>/confirmations", "confirmations", confirmations.confirmations, ["GET"]),
    ("/<slug>/confirmations", "confirm", confirmations.confirm, ["POST"]),
]
for rule, endpoint, view, methods in _RULES:
    bp.add_url_rule(rule, endpoint, view, methods=methods)
