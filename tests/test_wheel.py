"""A wheel built from the repository contains the templates and static files and serves pages
when installed outside the checkout."""

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(ROOT)],
                   check=True, capture_output=True, timeout=300)
    return next(out.glob("sinau-*.whl"))


def test_wheel_contains_assets(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in ("lms/templates/base.html", "lms/templates/accounts/login.html",
                     "lms/static/css/base.css", "lms/migrations/env.py",
                     "lms/translations/en/LC_MESSAGES/messages.mo",
                     # the built-ins' own files, in their plugins' static/ folders
                     "lms/builtin/quiz/static/quiz.js", "lms/builtin/quiz/static/quiz.css",
                     "lms/builtin/lesson/static/lesson.js", "lms/builtin/survey/static/survey.css",
                     "lms/builtin/certificate/static/certificate.css"):
        assert required in names, required
    assert any(n.startswith("lms/migrations/versions/") for n in names)
    assert any(n.endswith("entry_points.txt") for n in names)


def test_installed_wheel_serves_pages_outside_the_checkout(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--quiet", "--target",
                    str(target), str(wheel)], check=True, capture_output=True, timeout=300)
    script = f"""
import sys, lms
assert lms.__file__.startswith({str(target)!r}), lms.__file__
from lms.app import create_app
from lms.extensions import db
import flask_migrate
from lms import paths
app = create_app({{"LMS_ENV": "testing", "LMS_SECRET_KEY": "x", "LMS_INSTANCE_PATH": {str(tmp_path)!r},
                  "LMS_DATABASE_URL": "sqlite:///{tmp_path / 'w.db'}"}})
with app.app_context():
    flask_migrate.upgrade(directory=str(paths.MIGRATIONS), revision="heads")
c = app.test_client()
r = c.get("/login")
assert r.status_code == 200 and "Sinau" in r.text, r.status_code
css = r.text.split('rel="stylesheet" href="')[1].split('"')[0]
assert c.get(css).status_code == 200
from lms.plugins import asset_url
with app.test_request_context():
    script = asset_url("quiz", "quiz.js")
assert script.startswith("/static/plugins/quiz/quiz.js?v=") and not script.endswith("v=0"), script
assert c.get(script).status_code == 200, script
assert c.get("/login?lang=en").text.count("Sign in") >= 1
print("served")
"""
    env = {"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"}
    result = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "served" in result.stdout
