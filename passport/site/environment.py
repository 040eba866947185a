"""Reading settings from environment variables, failing loudly on a value we cannot use.

Every error names the variable and says what would be accepted, so a typo in a deployment
stops the process at start-up instead of running with a silent default.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None) -> str | None:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r}: expected one of 1/0, true/false, yes/no, on/off")


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r}: expected a whole number") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name}={raw!r}: must be at least {minimum}")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def database_from_url(url: str, *, variable: str = "DATABASE_URL") -> dict[str, Any]:
    """A Django ``DATABASES`` entry from ``postgres://user:pass@host:port/name?opt=v`` or
    ``sqlite:///relative/path`` / ``sqlite:////absolute/path``."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme in {"postgres", "postgresql", "pgsql"}:
        name = unquote(parts.path.lstrip("/"))
        if not name:
            raise ImproperlyConfigured(f"{variable}: names no database (expected postgres://user@host:5432/name)")
        try:
            port = parts.port
        except ValueError:
            raise ImproperlyConfigured(f"{variable}: the port is not a number") from None
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": name,
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(port or ""),
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
            # Server-side binding lets psycopg prepare a statement the fifth time it is run, so the
            # planner's work on the site's repeated queries is done once per connection.
            "OPTIONS": {"server_side_binding": True, **dict(parse_qsl(parts.query))},
        }
    if scheme == "sqlite":
        path = unquote(parts.path)
        path = path.removeprefix("/")  # sqlite:///rel → "rel", sqlite:////abs → "/abs"
        if not path:
            raise ImproperlyConfigured(f"{variable}: names no file (expected sqlite:///path/to/db.sqlite3)")
        return sqlite_database(Path(path))
    raise ImproperlyConfigured(f"{variable}={scheme}://…: unsupported database (use postgres://… or sqlite:///path)")


def sqlite_database(path: Path) -> dict[str, Any]:
    """SQLite tuned for a small web app: WAL so readers never wait for the writer, and
    transactions that take the write lock at BEGIN so two writers queue instead of failing."""
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        "OPTIONS": {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        },
    }
