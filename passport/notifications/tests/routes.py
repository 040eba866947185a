"""Every page of this part, with the objects it needs and who may open it; the site-wide check
in tests/web/test_every_route.py fails when a URL is missing here."""

from typing import Any

ROUTES: dict[str, dict[str, Any]] = {}
