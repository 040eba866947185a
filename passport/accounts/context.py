"""Template context: the organisation the user acts for and the others they may switch to."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from .middleware import membership_for


def membership(request: HttpRequest) -> dict[str, Any]:
    return {"membership": membership_for(request)}
