"""Security headers on every response. The Content-Security-Policy allows no inline script:
every script is a self-hosted file."""

from __future__ import annotations

from flask import Flask, Response, current_app, g


def allow_frames_from_self() -> None:
    """Let the page being built show frames of the site itself (a SCORM package's player):
    only that page, so every other page keeps ``frame-src`` to the embed hosts."""
    g.lms_frame_self = True


def content_security_policy() -> str:
    hosts = [f"https://{h}" for h in current_app.extensions["lms.settings"].embed_hosts]
    if g.get("lms_frame_self"):
        hosts.insert(0, "'self'")
    frames = " ".join(hosts)
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "media-src 'self'",
            f"frame-src {frames}" if frames else "frame-src 'none'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


def add_security_headers(response: Response) -> Response:
    headers = response.headers
    headers.setdefault("Content-Security-Policy", content_security_policy())
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    if current_app.config.get("SESSION_COOKIE_SECURE"):
        headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    if response.mimetype == "text/html":
        # Pages show personal data: never cached by shared proxies (intranets often have one).
        headers.setdefault("Cache-Control", "private, no-cache")
    return response


def init_security(app: Flask) -> None:
    app.after_request(add_security_headers)
