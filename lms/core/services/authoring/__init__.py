"""Authoring: trainers write courses in the browser, in the course format.

Every operation takes plain values, checks that the user may edit the course (admins every
course, trainers the ones they author), changes the course's *draft* revision, and flushes;
the request commits. Whatever is saved was read through the importer's reader first, so the
editor accepts exactly what an import accepts, and errors come back as ``path:line: message``
(:class:`lms.core.diagnostics.InputError`) with nothing saved.
"""

from lms.core.services.authoring.common import (
    AuthoringError,
    can_edit,
    course_for_editing,
    working_revision,
)
from lms.core.services.authoring.course_md import (
    CourseFields,
    compose_course_md,
    errors_by_field,
    fields_from_course_md,
)
from lms.core.services.authoring.drafts import (
    SaveResult,
    create_course,
    discard_draft,
    draft_files,
    draft_of,
    ensure_draft,
    publish,
    replace_draft,
)
from lms.core.services.authoring.editing import Preview, file_text, preview, relative, save_file, text_hash
from lms.core.services.authoring.revisions import FileDiff, RevisionRow, diff, diff_files, export_zip, history, rollback
from lms.core.services.authoring.structure import (
    Outline,
    add_item,
    add_module,
    item_types,
    move_item,
    move_module,
    outline,
    remove_file,
    remove_item,
    remove_module,
    rename_item,
    rename_module,
    starter_text,
)
from lms.core.services.authoring.uploads import upload_gift, upload_media, upload_zip

__all__ = [
    "AuthoringError", "CourseFields", "FileDiff", "Outline", "Preview", "RevisionRow", "SaveResult",
    "add_item", "add_module", "can_edit", "compose_course_md", "course_for_editing", "create_course",
    "diff", "diff_files", "discard_draft", "draft_files", "draft_of", "ensure_draft", "errors_by_field",
    "export_zip", "fields_from_course_md", "file_text", "history", "item_types", "move_item",
    "move_module", "outline", "preview", "publish", "relative", "remove_file", "remove_item",
    "remove_module", "rename_item", "rename_module", "replace_draft", "rollback", "save_file",
    "starter_text", "text_hash", "upload_gift", "upload_media", "upload_zip", "working_revision",
]
