"""What a plugin says and where: its notification kinds (words, link, who may receive them),
its audit action labels, and its own translations merged into the site's catalogue."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from lms.app import create_app
from lms.core.models import Notification, Role
from lms.core.services import audit, notifications
from lms.extensions import db
from lms.plugins import NotificationKind, hookimpl
from lms.plugins.errors import PluginError
from lms.plugins.manager import CORE_NOTIFICATION_KINDS
from lms.testing import factories
from lms.testing.plugin import IsolatedClient, settings_for

PLUGIN_TEXT = "Sesi tatap muka besok"  # a msgid only the plugin's catalogue translates


def _catalogue(folder: Path, domain: str, messages: dict[str, str]) -> Path:
    catalog = Catalog(locale="en", domain=domain)
    for msgid, msgstr in messages.items():
        catalog.add(msgid, msgstr)
    target = folder / "en" / "LC_MESSAGES"
    target.mkdir(parents=True)
    with open(target / f"{domain}.mo", "wb") as out:
        write_mo(out, catalog)
    return folder


class WordsPlugin:
    def __init__(self, translations: Path | tuple[str, str]) -> None:
        self.translations = translations

    @hookimpl
    def lms_notification_kinds(self):  # noqa: ANN201
        return [NotificationKind(
            name="kata.besok", title=lambda p: _("Sesi tatap muka besok"),
            sentence=lambda p: _("Sesi %(title)s dimulai besok.", title=p.get("title", "")),
            link=lambda p: f"/courses/{p['slug']}", roles=(Role.SUPERVISOR.value,))]

    @hookimpl
    def lms_audit_action_labels(self):  # noqa: ANN201
        return {"kata.hadir": _l("Kehadiran dikonfirmasi")}

    @hookimpl
    def lms_register_translations(self):  # noqa: ANN201
        return self.translations if isinstance(self.translations, tuple) else str(self.translations)


@pytest.fixture
def plugin_app(tmp_path: Path):  # noqa: ANN201
    folder = _catalogue(tmp_path / "translations", "messages", {
        PLUGIN_TEXT: "Classroom session tomorrow", "Sesi %(title)s dimulai besok.": "Session %(title)s starts tomorrow.",
        "Kehadiran dikonfirmasi": "Attendance confirmed",
        "Simpan": "Keep it (the plugin's word, which core's must beat)"})
    app = create_app(settings_for(tmp_path), plugins=[("kata", WordsPlugin(folder))])
    app.test_client_class = IsolatedClient  # each request its own context, as on a server
    with app.app_context():
        db.create_all()
        yield app
        db.session.remove()


def test_a_plugin_notification_reaches_who_may_receive_it_in_their_language(plugin_app) -> None:
    boss = factories.make_user(roles=[Role.SUPERVISOR])
    learner = factories.make_user()
    params = {"title": "SKP", "slug": "praktik-skp"}
    assert notifications.notify(boss.id, "kata.besok", key="kata.besok:1:boss", params=params)
    assert not notifications.notify(boss.id, "kata.besok", key="kata.besok:1:boss", params=params)  # once per key
    assert not notifications.notify(learner.id, "kata.besok", key="kata.besok:1:learner", params=params)
    rows = db.session.scalars(select(Notification).where(Notification.kind == "kata.besok")).all()
    assert [(r.user_id, r.link) for r in rows] == [(boss.id, "/courses/praktik-skp")]
    with plugin_app.test_request_context("/?lang=en"), force_locale("en"):
        assert notifications.render("kata.besok", params) == ("Classroom session tomorrow",
                                                               "Session SKP starts tomorrow.")
    with plugin_app.test_request_context("/"), force_locale("id"):
        assert notifications.render("kata.besok", params) == ("Sesi tatap muka besok", "Sesi SKP dimulai besok.")
    with pytest.raises(ValueError):
        notifications.notify(boss.id, "kata.tidak_ada", key="x")


def test_the_notifications_page_shows_the_plugin_words(plugin_app) -> None:
    boss = factories.make_user(roles=[Role.SUPERVISOR])
    notifications.notify(boss.id, "kata.besok", key="kata.besok:2", params={"title": "SKP", "slug": "skp"})
    db.session.commit()
    client = plugin_app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = boss.get_id()
    page = client.get("/notifications?lang=en").get_data(as_text=True)
    assert "Classroom session tomorrow" in page and "Session SKP starts tomorrow." in page


def test_core_translations_win_over_a_plugin_catalogue(plugin_app) -> None:
    with plugin_app.test_request_context("/"), force_locale("en"):
        assert _("Simpan") == "Save"
        assert _(PLUGIN_TEXT) == "Classroom session tomorrow"


def test_a_plugin_audit_action_is_labelled_on_the_audit_log(plugin_app) -> None:
    admin = factories.make_user(roles=[Role.ADMIN])
    learner = factories.make_user()
    audit.record(admin, "kata.hadir", learner)
    db.session.commit()
    client = plugin_app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = admin.get_id()
    page = client.get("/admin/audit/?lang=en").get_data(as_text=True)
    assert "Attendance confirmed" in page
    page = client.get("/admin/audit/?lang=id").get_data(as_text=True)
    assert "Kehadiran dikonfirmasi" in page


def test_a_plugin_catalogue_in_its_own_domain_is_merged_too(tmp_path: Path) -> None:
    folder = _catalogue(tmp_path / "translations", "kata", {PLUGIN_TEXT: "Class tomorrow"})
    app = create_app(settings_for(tmp_path), plugins=[("kata", WordsPlugin((str(folder), "kata")))])
    with app.test_request_context("/"), force_locale("en"):
        assert _(PLUGIN_TEXT) == "Class tomorrow"
        assert _("Simpan") == "Save"


def test_an_app_without_the_plugin_does_not_speak_its_words(app) -> None:
    """The catalogue is per app: the suite's app (no such plugin) leaves the msgid as it is."""
    with app.test_request_context("/"), force_locale("en"):
        assert _(PLUGIN_TEXT) == PLUGIN_TEXT


def test_clashes_and_missing_folders_stop_start_up(tmp_path: Path) -> None:
    class Clash:
        @hookimpl
        def lms_notification_kinds(self):  # noqa: ANN201
            return [NotificationKind("assigned", title=str, sentence=str)]

    with pytest.raises(PluginError, match="assigned"):
        create_app(settings_for(tmp_path), plugins=[("clash", Clash())])

    class Relabel:
        @hookimpl
        def lms_audit_action_labels(self):  # noqa: ANN201
            return {"user.update": "Diubah"}

    with pytest.raises(PluginError, match="user.update"):
        create_app(settings_for(tmp_path), plugins=[("relabel", Relabel())])
    with pytest.raises(PluginError, match="does not exist"):
        create_app(settings_for(tmp_path), plugins=[("kata", WordsPlugin(tmp_path / "nowhere"))])


def test_core_kinds_listed_for_the_clash_check_are_core_kinds() -> None:
    assert set(CORE_NOTIFICATION_KINDS) == set(notifications.KINDS)
