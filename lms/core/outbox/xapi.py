"""xAPI statements for an LRS (``LMS_XAPI_URL``, ``LMS_XAPI_KEY``, ``LMS_XAPI_SECRET``).

The ADL vocabulary: ``completed`` (a course), ``attempted`` (a quiz started), ``passed`` and
``failed`` (a quiz graded). The statement id is the outbox event's uid and the statement is
sent with ``PUT /statements?statementId=<uid>``: an LRS that already holds it answers 204 and
stores nothing new, so a retry never doubles a record. Other events (certificates, JP,
verified records) have no ADL verb and are not sent as statements.
"""

from __future__ import annotations

import base64
import json
import urllib.parse
from typing import Any

from flask import current_app

from lms.core import site_settings
from lms.core.models.outbox import OutboxEvent
from lms.core.outbox import http

VERSION = "1.0.3"
ADL = "http://adlnet.gov/expapi/verbs/"
VERBS = {
    "completed": {"en-US": "completed", "id-ID": "menyelesaikan"},
    "attempted": {"en-US": "attempted", "id-ID": "mencoba"},
    "passed": {"en-US": "passed", "id-ID": "lulus"},
    "failed": {"en-US": "failed", "id-ID": "tidak lulus"},
}
COURSE = "http://adlnet.gov/expapi/activities/course"
ASSESSMENT = "http://adlnet.gov/expapi/activities/assessment"


def configured() -> bool:
    settings = current_app.extensions["lms.settings"]
    return bool(settings.xapi_url)


def _verb(name: str) -> dict[str, Any]:
    return {"id": ADL + name, "display": VERBS[name]}


def _actor(user: dict[str, Any]) -> dict[str, Any]:
    base = site_settings.base_url().rstrip("/")
    return {"objectType": "Agent", "name": user["name"], "account": {"homePage": base, "name": user["nip"]}}


def _activity(url: str, title: str, kind: str) -> dict[str, Any]:
    return {"objectType": "Activity", "id": url, "definition": {"name": {"id-ID": title}, "type": kind}}


def _score(percent: float | None) -> dict[str, Any]:
    if percent is None:
        return {}
    return {"score": {"scaled": round(max(0.0, min(100.0, percent)) / 100, 4), "raw": percent, "min": 0, "max": 100}}


def statement_for(event: OutboxEvent) -> dict[str, Any] | None:
    """The statement an event stands for, or ``None`` when it has no ADL verb."""
    data = event.data
    context = {"platform": "Sinau", "language": "id-ID"}
    if event.type == "course.completed":
        course = data["course"]
        verb, obj = "completed", _activity(course["url"], course["title"], COURSE)
        result: dict[str, Any] = {"completion": True, **_score(data.get("score"))}
    elif event.type in ("quiz.attempted", "quiz.graded"):
        course, item = data["course"], data["item"]
        obj = _activity(f"{course['url']}/{item['key']}", item["title"], ASSESSMENT)
        context["contextActivities"] = {"parent": [_activity(course["url"], course["title"], COURSE)]}
        if event.type == "quiz.attempted":
            verb, result = "attempted", {}
        else:
            verb = "passed" if data["passed"] else "failed"
            result = {"success": bool(data["passed"]), "completion": True, **_score(data.get("score"))}
    else:
        return None
    statement = {"id": event.uid, "actor": _actor(data["user"]), "verb": _verb(verb), "object": obj,
                 "timestamp": event.occurred_at.isoformat(), "context": context}
    if result:
        statement["result"] = result
    return statement


def send(event: OutboxEvent) -> http.Answer | None:
    """PUT the event's statement; ``None`` when there is nothing to send."""
    statement = statement_for(event)
    if statement is None:
        return None
    settings = current_app.extensions["lms.settings"]
    url = settings.xapi_url.rstrip("/") + "/statements?" + urllib.parse.urlencode({"statementId": event.uid})
    credentials = base64.b64encode(f"{settings.xapi_key}:{settings.xapi_secret}".encode()).decode()
    headers = {"Content-Type": "application/json", "X-Experience-API-Version": VERSION,
               "Authorization": f"Basic {credentials}"}
    return http.send("PUT", url, json.dumps(statement, ensure_ascii=False).encode(), headers)
