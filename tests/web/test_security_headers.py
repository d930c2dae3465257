from pathlib import Path

from lms.app import create_app


def test_csp_allows_no_inline_script_and_only_allowed_frames(client) -> None:
    response = client.get("/login")
    csp = response.headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";"))
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["frame-src"] == "https://www.youtube-nocookie.com https://www.youtube.com"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "no-cache" in response.headers["Cache-Control"]


def test_pages_have_no_inline_script(client, make_user, login_as) -> None:
    login_as(make_user())
    for url in ("/login", "/", "/me", "/me/password"):
        html = client.get(url).text
        assert "<script>" not in html and " onclick=" not in html and "javascript:" not in html


def test_production_cookies_are_secure_and_http_only(tmp_path: Path) -> None:
    app = create_app({"LMS_ENV": "production", "LMS_SECRET_KEY": "s" * 32,
                      "LMS_INSTANCE_PATH": str(tmp_path),
                      "LMS_DATABASE_URL": f"sqlite:///{tmp_path / 'p.db'}"})
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["REMEMBER_COOKIE_SECURE"]
    assert app.config["SESSION_COOKIE_HTTPONLY"] and app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    response = app.test_client().get("/login")
    assert "max-age=31536000" in response.headers["Strict-Transport-Security"]
    cookie = response.headers.get("Set-Cookie", "")
    assert cookie == "" or ("Secure" in cookie and "HttpOnly" in cookie)


def test_static_files_are_cached_for_a_year_with_a_content_version(client) -> None:
    html = client.get("/login").text
    href = html.split('rel="stylesheet" href="')[1].split('"')[0]
    assert "?v=" in href
    response = client.get(href)
    response.close()  # a file response: close it, as a server would
    assert response.status_code == 200
    assert "max-age=31536000" in response.headers["Cache-Control"]
