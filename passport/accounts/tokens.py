"""API token secrets: shown once, stored as SHA-256, looked up by hash."""

from __future__ import annotations

import hashlib
import secrets

PREFIX = "ptm_"


def new_secret() -> str:
    return PREFIX + secrets.token_urlsafe(32)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()
