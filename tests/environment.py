"""Loaded first (``-p tests.environment`` in pyproject): the settings' environment for tests.

Settings come from the environment like everywhere else; tests run with DEBUG off, over plain
HTTP (the production HTTPS settings are checked by ``manage.py check --deploy`` in a test).
``DATABASE_URL`` picks PostgreSQL; without it, SQLite.
"""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "passport.site.settings")
os.environ.setdefault("PASSPORT_SECRET_KEY", "test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz")
os.environ.setdefault("PASSPORT_HTTPS", "0")
os.environ.setdefault("PASSPORT_ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
os.environ.setdefault("PASSPORT_DATA_DIR", tempfile.mkdtemp(prefix="passport-test-"))
os.makedirs(os.path.join(os.environ["PASSPORT_DATA_DIR"], "static"), exist_ok=True)  # whitenoise looks there
os.environ.setdefault("PASSPORT_STATIC_MANIFEST", "0")
