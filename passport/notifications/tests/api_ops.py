"""The API table of notification operations; run by tests/web/test_every_route.py."""

from tests.api_table import EVERYONE, Op

API: dict[str, Op] = {
    # Everyone signed in reads their own inbox; API tokens are refused (not people).
    "list_notifications": Op(lambda world, objects: {}, allowed=EVERYONE, people_only=True),
}
