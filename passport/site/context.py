"""Template context shared by every page."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import get_language_info

# Each language named in itself ("Español", "Français"), worked out once rather than per page.
_INTERFACE_LANGUAGES = tuple((code, get_language_info(code)["name_local"]) for code, _name in settings.LANGUAGES)


def interface_languages(request: HttpRequest) -> dict[str, Any]:
    return {"interface_languages": _INTERFACE_LANGUAGES}
