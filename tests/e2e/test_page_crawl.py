"""The page crawl: every page of every role, on a phone (360x740) and a desktop (1280x800), in
Indonesian and in English (issue #12, "Checks").

"Every page" is the app's URL map: each GET rule is crawled, its arguments filled from a site
seeded with one of everything (``lms.testing.site``), unless it is listed in ``NOT_PAGES`` with
the reason (downloads, JSON, files). A new page is therefore crawled without touching this
file, and a new URL argument fails the crawl with the line to add.

Which pages each role (signed out, learner, supervisor, trainer, admin) may open is found first
with plain HTTP requests (200, not redirected away; a server error for any role fails). A page is
checked in all four views for the first role that opens it, and on the phone in Indonesian for
every other role that opens it (their menus differ; the content is the same):
* no sideways scrolling, nothing sticking out of the screen outside a scroll box;
* the top bar at most 56 px tall on a phone;
* every link, button and control of the navigation and the content 44x44 px, or 24x24 with
  room around it (WCAG 2.2 target size); links inside running text are exempt;
* axe-core finds no serious or critical violation: every page on the phone in Indonesian for its
  first role, and each role's shell on the desktop in English (a page's markup is the same in
  every view; the layout is what changes, and the layout checks run in all four);
* no jargon a person should not see: setting names (``LMS_...``), internal ids (``q-3a9...``),
  command lines, the course's slug where its name belongs, English role names in Indonesian.

``--screenshots DIR`` writes every checked page to ``DIR/<role>/`` (not in CI), for a person to
look at. It runs on SQLite only (the PostgreSQL run of CI skips it: the pages are the same, and
CI stays well under its time).
"""

from __future__ import annotations

import re
from itertools import product
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from lms.testing.browser import axe_violations, describe, page_problems, page_text
from lms.testing.factories import DEFAULT_PASSWORD
from lms.testing.site import SeededSite, seed_site

pytestmark = pytest.mark.e2e

ROLES = ("signed-out", "learner", "supervisor", "trainer", "admin")
VIEWS = ((360, 740, "id"), (360, 740, "en"), (1280, 800, "id"), (1280, 800, "en"))
PHONE_ID = (360, "id")  # the view every role's pages get, with axe

#: GET endpoints that are not pages a person reads, and why they are not crawled
NOT_PAGES = {
    "jobs.download": "a job's result file (a download, not a page)",
    "static": "static files",
    "plugin_static": "plugins' static files",
    "media.media": "a course's media files",
    "system.healthz": "'ok' for monitoring",
    "styleguide.index": "the developers' design-system page (development only, in English)",
    "records.certificate": "the uploaded certificate file",
    "certificate.download": "a certificate PDF",
    "oidc.start": "sends the browser on to the single sign-on provider (a redirect, not a page)",
    "oidc.callback": "the single sign-on provider's answer (a redirect after checks, not a page)",
    "scorm.content": "a SCORM package's own files, shown inside the frame of its item page (crawled there)",
    "mentoring_api.sessions": "JSON of the API (bearer tokens, not a page)",
    "classroom.register_page": "a run's attendance register needs a dated classroom session, which the crawl's "
                               "course has not: tests/e2e/test_classroom_browser.py checks it (layout, axe, phone)",
}
#: rules whose path ends like this are downloads (CSV, Excel, PDF, zip, JSON)
DOWNLOAD = re.compile(r"\.(csv|xlsx|pdf|zip|json)$|\.<fmt>$")

JARGON = (
    (re.compile(r"LMS_[A-Z]"), "a setting's name"),
    (re.compile(r"\bq-[0-9a-f]{8,}\b"), "an internal id"),
    (re.compile(r"(?:^|[\s`'\"(])(?:lms|flask --app \w+)\s+(?:db|demo|run|serve|courses|users|questions|competencies"
                r"|tokens|backup|worker|jobs|assignments|notify|routes)\b|\bpython3? -m \w|\bpip install\b"
                r"|\.venv/|\bmake (?:run|test|demo|translations)\b", re.MULTILINE), "a command line"),
)
ENGLISH_ROLES = re.compile(r"\b(?:learners?|trainers?|supervisors?)\b", re.IGNORECASE)


def _values(site: SeededSite, endpoint: str, argument: str) -> list[Any]:
    """The values of a URL argument for the crawl; an unknown argument is a failure that
    says what to add."""
    v = site.values
    specific = {
        ("learner.item", "key"): v["item_keys"],
        ("author.analysis", "key"): [v["quiz_key"]],
        ("author.edit", "path"): v["paths"],
        ("certificate.verify", "code"): [v["certificate_code"]],
        ("admin_competencies.edit", "code"): [v["competency_code"]],
        ("admin_employee_types.edit", "code"): ["PPPK"],
        ("quiz.attempt", "attempt_id"): [v["open_attempt_id"]],
        ("quiz.result", "attempt_id"): [v["attempt_id"]],
    }
    general = {"slug": [v["slug"]], "nip": [v["nip"]], "user_id": [v["user_id"]], "unit_id": [v["unit_id"]],
               "position_id": [v["position_id"]], "certificate_id": [v["certificate_id"]],
               "record_id": [v["record_id"]], "endpoint_id": [v["endpoint_id"]], "run_id": [v["run_id"]],
               "provider_id": [v["provider_id"]], "relation_id": [v["relation_id"]]}
    found = specific.get((endpoint, argument), general.get(argument))
    if found is None:
        pytest.fail(f"the crawl has no value for <{argument}> of {endpoint}: add one to _values() in {__file__} "
                    f"(seeded in lms/testing/site.py), or list the endpoint in NOT_PAGES with the reason")
    return found


def crawl_urls(app: Any, site: SeededSite) -> list[str]:
    from flask import url_for

    urls: list[str] = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if "GET" not in (rule.methods or ()) or rule.endpoint in NOT_PAGES or rule.endpoint.startswith("api."):
            continue
        if DOWNLOAD.search(rule.rule):
            continue
        names = sorted(rule.arguments)
        for combo in product(*[_values(site, rule.endpoint, name) for name in names]):
            urls.append(url_for(rule.endpoint, **dict(zip(names, combo, strict=True))))
    return sorted(set(urls))


@pytest.fixture(scope="module")
def crawl_site(live_server: Any) -> tuple[SeededSite, list[str]]:
    from lms.testing.plugin import postgres_url

    if postgres_url():
        pytest.skip("the page crawl runs on SQLite only (the same pages; CI time)")
    with live_server.data():
        site = seed_site()
    with live_server.app.test_request_context():
        return site, crawl_urls(live_server.app, site)


def _http_session(base: str, nip: str | None) -> Any:
    """An HTTP client (no browser) signed in as ``nip``; redirects are not followed."""
    import http.cookiejar
    import urllib.parse
    import urllib.request

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: Any, **kwargs: Any) -> None:
            return None

    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect)
    if nip:
        form = opener.open(f"{base}/login").read().decode()
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form).group(1)
        data = urllib.parse.urlencode({"csrf_token": token, "login": nip, "password": DEFAULT_PASSWORD}).encode()
        try:
            opener.open(f"{base}/login", data)
        except urllib.error.HTTPError as exc:
            assert exc.code == 302, f"signing in as {nip} answered {exc.code}"
    return opener


@pytest.fixture(scope="module")
def reachable(live_server: Any, crawl_site: tuple[SeededSite, list[str]]) -> dict[str, Any]:
    """For each role, the URLs it may open; and the server errors met on the way."""
    import urllib.error

    site, urls = crawl_site
    opened: dict[str, list[str]] = {}
    errors: list[str] = []
    for role in ROLES:
        client = _http_session(live_server.url, site.nips.get(role))
        opened[role] = []
        for url in urls:
            try:
                response = client.open(f"{live_server.url}{url}")
                if "text/html" in response.headers.get("Content-Type", ""):
                    opened[role].append(url)
            except urllib.error.HTTPError as exc:
                if exc.code >= 500:
                    errors.append(f"{url} answers {exc.code} to {role}")
    first: dict[str, str] = {}
    for role in ROLES:
        for url in opened[role]:
            first.setdefault(url, role)
    return {"opened": opened, "first": first, "errors": errors}


def _sign_in(page: Any, base: str, nip: str) -> None:
    page.goto(f"{base}/login")
    page.locator("#login").fill(nip)
    page.locator("#password").fill(DEFAULT_PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_url(f"{base}/")


def _jargon(text: str, lang: str, slug: str) -> list[str]:
    found = [f"shows {what}: {m.group(0).strip()!r}" for pattern, what in JARGON for m in pattern.finditer(text)]
    if re.search(rf"(?<![/\w-]){re.escape(slug)}(?![/\w-])", text):
        found.append(f"shows the course's slug {slug!r} where its name belongs")
    if lang == "id":
        found += [f"shows an English role name in Indonesian: {m.group(0)!r}" for m in ENGLISH_ROLES.finditer(text)]
    return found


def test_no_page_is_a_server_error_for_any_role(reachable) -> None:
    assert reachable["errors"] == []


@pytest.mark.parametrize("role", ROLES)
def test_every_page_reads_well_on_a_phone_and_a_desktop(live_server, browser, crawl_site, reachable, role,
                                                        request) -> None:
    site, _urls = crawl_site
    urls = reachable["opened"][role]
    own = {u for u in urls if reachable["first"][u] == role}
    shots = request.config.getoption("--screenshots")
    problems: dict[str, list[str]] = {}
    assert urls, f"{role} can open no page at all"
    for width, height, lang in VIEWS:
        phone = width < 500
        every = (width, lang) == PHONE_ID  # the other three views: the pages this role opens first
        wanted = urls if every else [u for u in urls if u in own]
        if not wanted:
            continue
        context = browser.new_context(viewport={"width": width, "height": height}, locale=f"{lang}-ID",
                                      is_mobile=phone, has_touch=phone, device_scale_factor=1)
        context.set_default_timeout(15_000)
        page = context.new_page()
        try:
            if role != "signed-out":
                _sign_in(page, live_server.url, site.nips[role])
            for url in wanted:
                response = page.goto(f"{live_server.url}{url}?lang={lang}")
                where = f"({width}px, {lang})"
                if response is None or response.status != 200 or urlsplit(page.url).path != urlsplit(url).path:
                    problems.setdefault(url, []).append(f"did not open in the browser {where}")
                    continue
                found = [f"{p} {where}" for p in page_problems(page, phone=phone)]
                found += [f"{p} {where}" for p in _jargon(page_text(page), lang, site.values["slug"])]
                if every or (url == wanted[0] and lang == "en" and not phone):  # pages; the desktop shell
                    violations = axe_violations(page)
                    if violations:
                        found.append(f"axe {where}: {describe(violations)}")
                if found:
                    problems.setdefault(url, []).extend(found)
                if shots:
                    name = re.sub(r"[^a-z0-9]+", "-", url.lower()).strip("-") or "home"
                    path = Path(shots) / role / f"{name}-{width}-{lang}.png"
                    path.parent.mkdir(parents=True, exist_ok=True)
                    page.screenshot(path=str(path), full_page=True)
        finally:
            context.close()
    report = "\n".join(f"{url}\n  " + "\n  ".join(dict.fromkeys(found)) for url, found in sorted(problems.items()))
    assert not problems, f"{len(problems)} of the {len(urls)} pages {role} opens need work:\n{report}"


def test_the_crawl_reaches_every_role_s_own_pages(crawl_site) -> None:
    """The URL map gives the pages of every area (a renamed rule would silently drop out)."""
    _site, urls = crawl_site
    for expected in ("/team", "/team/assign", "/admin/", "/admin/users/import", "/author/", "/courses",
                     "/me/transcript", "/records/review", "/login"):
        assert expected in urls, expected
    assert any(u.startswith("/team/") and u[6:].isdigit() for u in urls)  # a person of Tim Saya
    assert sum(u.startswith("/courses/kursus-lengkap/") for u in urls) == 3  # lesson, quiz, survey
