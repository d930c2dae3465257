"""Webhook signing secrets: made here, shown once, kept encrypted.

A signature needs the secret itself, so it cannot be hashed like a password. It is encrypted
with Fernet (AES-128-CBC + HMAC-SHA256, from ``cryptography``) under a key derived from
``LMS_SECRET_KEY`` with HKDF, so a copy of the database alone does not give the secrets away.
Changing ``LMS_SECRET_KEY`` makes the stored secrets unreadable: each endpoint then needs a new
secret (its deliveries fail with a message that says so).
"""

from __future__ import annotations

import base64
import secrets

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app

PREFIX = "whsec_"  # the Standard Webhooks secret format: whsec_<base64 of the key bytes>
SECRET_BYTES = 32


class SecretUnreadable(Exception):
    """The stored secret was encrypted under another LMS_SECRET_KEY."""


def new_secret() -> str:
    return PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode()


#: HKDF's "info" for webhook secrets; other secrets (a plugin's client secret) name their own
#: purpose, so one derived key never serves two uses.
WEBHOOK_PURPOSE = "sinau webhook secrets"


def _fernet(purpose: str) -> Fernet:
    app_secret = current_app.extensions["lms.settings"].secret_key.encode()
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose.encode()).derive(app_secret)
    return Fernet(base64.urlsafe_b64encode(key))


def encrypt(secret: str, purpose: str = WEBHOOK_PURPOSE) -> bytes:
    return _fernet(purpose).encrypt(secret.encode())


def decrypt(token: bytes, purpose: str = WEBHOOK_PURPOSE) -> str:
    try:
        return _fernet(purpose).decrypt(bytes(token)).decode()
    except InvalidToken as exc:
        raise SecretUnreadable("the signing secret cannot be read (LMS_SECRET_KEY changed?): "
                               "give this endpoint a new secret") from exc
