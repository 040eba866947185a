"""The API table of plan operations (plans:read / plans:write); run by tests/web/test_every_route.py."""

from tests.api_table import Op

API: dict[str, Op] = {}
