"""Views ask ``lms.core.queries`` (reads) and ``lms.core.services`` (writes); they never touch the
session or build SQL (issue #15: thin views, reads in one place where their query counts are
pinned), and never write the audit log: the services that change something audit it, so no
caller can forget to. Read statically, from the syntax tree of every module under ``lms/web``, so a query
added in a branch no test visits is caught too. There is no list of exceptions."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

WEB = Path(__file__).resolve().parents[2] / "lms" / "web"
#: statement building and sessions; ``sqlalchemy.exc`` (catching a database error) stays allowed
FORBIDDEN_MODULES = ("sqlalchemy", "sqlalchemy.orm", "sqlalchemy.sql", "sqlalchemy.future")
#: the session, or the audit log written from a view
FORBIDDEN_IMPORTS = {("lms.extensions", "db"), ("lms.core.services", "audit"), ("lms.core.services.audit", "record"),
                     ("lms.core.services.audit", "record_changes")}


def problems(source: str, name: str = "<module>") -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source, name)):
        where = f"{name}:{getattr(node, 'lineno', 0)}"
        if isinstance(node, ast.Import):
            found += [f"{where} imports {a.name}" for a in node.names
                      if a.name in FORBIDDEN_MODULES or a.name == "lms.core.services.audit"]
        elif isinstance(node, ast.ImportFrom) and node.module:
            if node.module in FORBIDDEN_MODULES or node.module.startswith("sqlalchemy.") and node.module != "sqlalchemy.exc":
                found.append(f"{where} imports from {node.module}")
            found += [f"{where} imports {node.module}.{a.name}" for a in node.names
                      if (node.module, a.name) in FORBIDDEN_IMPORTS]
        elif isinstance(node, ast.Attribute):
            if node.attr == "session" and isinstance(node.value, ast.Name) and node.value.id == "db":
                found.append(f"{where} uses db.session")
            elif node.attr == "query" and isinstance(node.value, ast.Name) and node.value.id[:1].isupper():
                found.append(f"{where} uses {node.value.id}.query")
        elif isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id in ("select", "text", "insert", "update", "delete"):
                found.append(f"{where} builds {func.id}(...)")
            elif isinstance(func, ast.Attribute) and func.attr == "select":  # sa.select(...)
                found.append(f"{where} builds select(...)")
    return found


def test_no_module_under_lms_web_queries_the_database() -> None:
    found = []
    for path in sorted(WEB.rglob("*.py")):
        found += problems(path.read_text(encoding="utf-8"), str(path.relative_to(WEB.parents[1])))
    assert found == []


@pytest.mark.parametrize("source", [
    "from lms.extensions import db\ndb.session.get(User, 1)",
    "from sqlalchemy import select\nrows = select(User)",
    "import sqlalchemy as sa\nsa.select(User)",
    "from sqlalchemy.orm import joinedload",
    "User.query.all()",
    "def f(db):\n    return db.session.scalar(q)",
    "from lms.core.services import audit",
    "from lms.core.services.audit import record",
    "import lms.core.services.audit",
])
def test_the_rule_catches_each_way_in(source: str) -> None:
    assert problems(source)


@pytest.mark.parametrize("source", [
    "from sqlalchemy.exc import OperationalError",
    "from lms.core.queries import lookups\nuser = lookups.user(1)",
    "settings.update(values)",
    "request.args.get('q')",
])
def test_ordinary_view_code_passes(source: str) -> None:
    assert problems(source) == []
