"""API token and invitation secrets: shown once, stored as SHA-256, looked up by hash."""

from __future__ import annotations

import hashlib
import secrets

PREFIX = "ptm_"


def new_secret() -> str:
    return PREFIX + secrets.token_urlsafe(32)


def new_invitation_token() -> str:
    """The random part of an invitation link; like API secrets, only its SHA-256 is stored."""
    return secrets.token_urlsafe(32)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


# What a token may be allowed to do; each API endpoint requires one of these.
SCOPES = (
    "producers:read",
    "producers:write",
    "assessments:read",
    "assessments:write",
    "plans:read",
    "plans:write",
    "sharing:read",
    "sharing:write",
)
# Enough of the secret to recognise a token in a list ("ptm_" and eight random characters).
PREFIX_LENGTH = 12


def prefix_of(secret: str) -> str:
    return secret[:PREFIX_LENGTH]
