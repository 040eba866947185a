"""The interface languages (settings.LANGUAGES), as one set every account check uses."""

from __future__ import annotations

from django.conf import settings

LANGUAGE_CODES = frozenset(code for code, _name in settings.LANGUAGES)
