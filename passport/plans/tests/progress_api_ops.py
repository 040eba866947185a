"""The API table of progress operations; run by tests/web/test_every_route.py."""

from tests.api_table import Op

API: dict[str, Op] = {}
