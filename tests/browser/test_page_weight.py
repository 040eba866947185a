"""The pages a producer fills in and reads stay light enough for a cheap phone on 2G: each
transfers under 100 KB from a cold cache, HTML and every asset included, as sent."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from playwright.sync_api import Page, Response, expect

from passport.assessments.models import Assessment
from passport.assessments.services import start_assessment, submit_assessment
from tests.world import World

from .builders import answer_the_rest, sign_in
from .conftest import Traffic

BUDGET = 102_400  # bytes
MODULES = ["M1", "M2", "M3", "M4", "M5"]


def fully_answered_draft(world: World) -> Assessment:
    """Every question answered, so every follow-up is shown: the module pages at their largest."""
    alice = world.actor("alice")
    assessment = start_assessment(actor=alice, producer_uuid=world.producers["esperanza"].uuid, kind="self")
    answer_the_rest(actor=alice, assessment=assessment, example="co-narino-cooperative")
    return assessment


def weigh(open_page: Callable[..., Page], signed_in: Page, traffic: Traffic, address: str) -> Response:
    """Load ``address`` as the signed-in person on an empty cache, recording into ``traffic``
    what every response weighed."""
    cold = open_page(storage_state=signed_in.context.storage_state())
    traffic.reset()
    cold.on("response", traffic.record)
    response = cold.goto(address, wait_until="load")
    assert response is not None, address
    assert response.status == 200, address
    expect(cold.get_by_role("heading", level=1)).to_be_visible()
    cold.close()
    return response


def report(name: str, traffic: Traffic, html: Response) -> str:
    parts = ", ".join(f"{urlsplit(url).path}: {size:,} B" for url, size in traffic.responses)
    encoding = html.headers.get("content-encoding", "none")
    return f"{name}: {traffic.total:,} bytes in {len(traffic.responses)} responses ({parts}); HTML encoding {encoding}"


def test_each_module_page_and_the_result_page_transfer_under_100_kb(
    page: Page, open_page: Callable[..., Page], traffic: Traffic, transactional_db: None, world: World
) -> None:
    assessment = fully_answered_draft(world)
    sign_in(page, "alice@example.org")

    for module in MODULES:
        html = weigh(open_page, page, traffic, f"/assessments/{assessment.uuid}/modules/{module}/")
        print("\n" + report(f"module {module}", traffic, html))
        assert any(url.endswith(".css") for url, _size in traffic.responses)  # assets are counted
        assert html.headers.get("content-encoding") == "gzip"  # GZipMiddleware compresses the HTML
        assert 0 < traffic.total < BUDGET, module

    result = submit_assessment(actor=world.actor("alice"), assessment_uuid=assessment.uuid)
    html = weigh(open_page, page, traffic, f"/assessments/results/{result.uuid}/")
    print("\n" + report("result", traffic, html))
    assert html.headers.get("content-encoding") == "gzip"
    assert 0 < traffic.total < BUDGET
