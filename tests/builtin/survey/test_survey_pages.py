"""The survey on the learner's item page: a plain form, errors in place, answered once."""

from __future__ import annotations

from html.parser import HTMLParser

from sqlalchemy import func, select

from lms.builtin.survey.models import SurveyResponse
from lms.core.models import Completion
from lms.core.services import learning
from lms.plugins.formats.ids import derived_question_id, option_id
from lms.testing.helpers import csrf_from

SCALE = derived_question_id("Materi mudah dipahami.")
CHOICE = derived_question_id("Apakah Anda merekomendasikan kursus ini?")
TEXT = derived_question_id("Saran untuk pengajar")
YES = option_id(CHOICE, "Ya")
PAGE = "/courses/kursus-survei/evaluasi"
ACTION = "/survey/kursus-survei/evaluasi"


class FormStructure(HTMLParser):
    """What a screen reader and a phone without JavaScript rely on."""

    def __init__(self) -> None:
        super().__init__()
        self.controls: list[dict[str, str | None]] = []  # radios and textareas
        self.label_for: set[str] = set()
        self.fieldsets = self.legends = 0
        self.forms: list[dict[str, str | None]] = []
        self.scripts_needed = False
        self.stack: list[str] = []
        self.block_in_legend = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "form":
            self.forms.append(a)
        elif tag == "fieldset":
            self.fieldsets += 1
        elif tag == "legend":
            self.legends += 1
        elif tag == "label" and a.get("for"):
            self.label_for.add(a["for"])  # type: ignore[arg-type]
        elif (tag == "input" and a.get("type") == "radio") or tag == "textarea":
            self.controls.append({"tag": tag, **a})
        if tag in ("p", "div", "ul") and "legend" in self.stack:
            self.block_in_legend = True
        if tag not in ("input", "br", "img", "meta", "link"):
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.stack:
            while self.stack and self.stack.pop() != tag:
                pass


def structure(html: str) -> FormStructure:
    parser = FormStructure()
    start = html.index('<section class="survey"')
    parser.feed(html[start : html.index("</section>", start)])
    return parser


def enrolled(login_as, make_user, course):
    user = login_as(make_user())
    learning.enroll(user, course)
    return user


def post(client, data, page=PAGE, **kw):
    token = csrf_from(client.get(page).text)
    return client.post(ACTION, data={"csrf_token": token, **data}, **kw)


def test_the_form_works_without_javascript_and_labels_every_input(
    client, db, make_user, login_as, survey_course
) -> None:
    enrolled(login_as, make_user, survey_course())
    page = client.get(PAGE)
    assert page.status_code == 200
    form = structure(page.text)
    assert [f.get("action") for f in form.forms] == [ACTION] and form.forms[0]["method"] == "post"
    assert 'name="csrf_token"' in page.text
    assert form.fieldsets == form.legends == 3 and not form.block_in_legend
    radios = [c for c in form.controls if c["tag"] == "input"]
    assert [c["value"] for c in radios if c["name"] == f"answer-{SCALE}"] == [
        "1",
        "2",
        "3",
        "4",
        "5",
    ]
    assert [c["name"] for c in form.controls if c["tag"] == "textarea"] == [f"answer-{TEXT}"]
    assert len(form.controls) == 5 + 2 + 1
    assert all(c["id"] and c["id"] in form.label_for for c in form.controls)
    assert all("required" in c for c in radios)  # the browser checks before the server does
    assert "Materi mudah dipahami." in page.text and "Isilah dengan jujur." in page.text
    assert "anonim" in page.text and "wajib diisi" in page.text


def test_a_named_survey_says_so(client, db, make_user, login_as, survey_course) -> None:
    enrolled(login_as, make_user, survey_course(anonymous=False, required=False))
    text = client.get(PAGE).text
    assert "tidak anonim" in text and "wajib diisi" not in text


def test_answering_goes_on_and_the_page_then_thanks_instead_of_asking(
    client, db, make_user, login_as, survey_course
) -> None:
    user = enrolled(login_as, make_user, survey_course(after=True))
    response = post(
        client, {f"answer-{SCALE}": "5", f"answer-{CHOICE}": YES, f"answer-{TEXT}": "Mantap"}
    )
    assert response.status_code == 302 and response.location.endswith(
        "/courses/kursus-survei/penutup"
    )
    row = db.session.scalar(select(SurveyResponse))
    assert row.user_id == user.id and row.answers == {SCALE: 5, CHOICE: YES, TEXT: "Mantap"}
    page = client.get(PAGE).text
    assert "sudah mengisi survei ini" in page
    assert ACTION not in page and "<textarea" not in page


def test_the_last_item_leads_back_to_the_course_and_completes_it(
    client, db, make_user, login_as, survey_course
) -> None:
    course = survey_course()
    user = enrolled(login_as, make_user, course)
    for key in ("pengantar", "inti"):
        learning.mark_done(user, course, key)
    response = post(client, {f"answer-{SCALE}": "3", f"answer-{CHOICE}": YES})
    assert response.status_code == 302 and response.location.endswith("/courses/kursus-survei")
    assert db.session.scalar(select(Completion.user_id)) == user.id


def test_errors_are_shown_at_their_questions_and_answers_are_kept(
    client, db, make_user, login_as, survey_course
) -> None:
    enrolled(login_as, make_user, survey_course())
    response = post(client, {f"answer-{CHOICE}": YES, f"answer-{TEXT}": "Saran <b>saya</b>"})
    assert response.status_code == 422
    html = response.text
    assert f'id="survey-{SCALE}-1-err"' in html and "Pilih salah satu nilai." in html
    assert f'aria-describedby="survey-{SCALE}-1-hint survey-{SCALE}-1-err"' in html
    assert f'href="#survey-{SCALE}-1"' in html  # the summary links to the question
    assert f'id="survey-{CHOICE}-1-err"' not in html
    assert f'value="{YES}" required checked' in html
    assert "Saran &lt;b&gt;saya&lt;/b&gt;</textarea>" in html
    section = html[html.index('<section class="survey"') :]
    assert section.index('name="csrf_token"') < section.index("</form>")  # it can be sent again
    assert db.session.scalar(select(func.count()).select_from(SurveyResponse)) == 0


def test_a_second_submission_is_refused(client, db, make_user, login_as, survey_course) -> None:
    enrolled(login_as, make_user, survey_course())
    data = {f"answer-{SCALE}": "5", f"answer-{CHOICE}": YES}
    token = csrf_from(client.get(PAGE).text)
    assert client.post(ACTION, data={"csrf_token": token, **data}).status_code == 302
    again = client.post(ACTION, data={"csrf_token": token, **data, f"answer-{SCALE}": "1"})
    assert again.status_code == 302 and again.location.endswith(PAGE)
    assert "sudah mengisi survei ini" in client.get(PAGE).text
    assert db.session.scalar(select(func.count()).select_from(SurveyResponse)) == 1
    assert db.session.scalar(select(SurveyResponse.answers))[SCALE] == 5


def test_the_csrf_token_is_required(client, db, make_user, login_as, survey_course) -> None:
    enrolled(login_as, make_user, survey_course())
    response = client.post(ACTION, data={f"answer-{SCALE}": "5", f"answer-{CHOICE}": YES})
    assert response.status_code == 400
    assert db.session.scalar(select(func.count()).select_from(SurveyResponse)) == 0


def test_learners_who_are_not_enrolled_are_refused(
    client, db, make_user, login_as, survey_course
) -> None:
    survey_course()
    login_as(make_user())
    token = csrf_from(client.get("/courses/kursus-survei").text)
    response = client.post(
        ACTION, data={"csrf_token": token, f"answer-{SCALE}": "5", f"answer-{CHOICE}": YES}
    )
    assert response.status_code == 302 and response.location.endswith("/courses/kursus-survei")
    assert "belum terdaftar" in client.get("/courses/kursus-survei").text
    assert db.session.scalar(select(func.count()).select_from(SurveyResponse)) == 0


def test_signed_out_visitors_are_sent_to_sign_in(client, db, survey_course) -> None:
    survey_course()
    token = csrf_from(client.get("/login").text)
    response = client.post(ACTION, data={"csrf_token": token, f"answer-{SCALE}": "5"})
    assert response.status_code == 302 and "/login" in response.location
    assert db.session.scalar(select(func.count()).select_from(SurveyResponse)) == 0


def test_unknown_surveys_and_lessons_are_not_found(
    client, db, make_user, login_as, survey_course
) -> None:
    enrolled(login_as, make_user, survey_course())
    token = csrf_from(client.get(PAGE).text)
    for action in (
        "/survey/kursus-survei/pengantar",
        "/survey/kursus-survei/tidak-ada",
        "/survey/tidak-ada/evaluasi",
    ):
        assert client.post(action, data={"csrf_token": token}).status_code == 404
