"""The oidc plugin's tables: the providers an admin configured, and the roles whose local
passwords are switched off.

The client secret is kept encrypted (like webhook secrets), under a key derived from the
site's secret key: the provider needs it back in the clear at every sign-in, so it cannot be
hashed, and a copy of the database alone must not give it away.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from lms.plugins import UTCDateTime, db, utcnow

SECRET_PURPOSE = "sinau oidc client secrets"  # noqa: S105 - a key-derivation label, not a secret


class OidcProvider(db.Model):
    __tablename__ = "oidc_provider"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)  # "ASN Digital", for admins and messages
    label: Mapped[str] = mapped_column(String(100))  # the button: "Masuk dengan ASN Digital"
    issuer: Mapped[str] = mapped_column(String(300))  # https://sso.example.go.id/realms/asn
    client_id: Mapped[str] = mapped_column(String(200))
    client_secret_encrypted: Mapped[bytes] = mapped_column(LargeBinary)
    nip_claim: Mapped[str] = mapped_column(String(100), default="nip")  # the claim that carries the NIP
    scopes: Mapped[str] = mapped_column(String(300), default="openid profile email")
    allow_create: Mapped[bool] = mapped_column(Boolean, default=False)  # unknown NIP: make a learner account
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: the last sign-in that went through: local passwords may be switched off only once one did
    last_sign_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    def __repr__(self) -> str:
        return f"<OidcProvider {self.name}>"


class OidcPasswordOff(db.Model):
    """A role whose members may not sign in with a Sinau password (a row per role)."""

    __tablename__ = "oidc_password_off"

    role: Mapped[str] = mapped_column(String(20), primary_key=True)
    since: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
