"""Small builders the browser walks share: a real PNG, signing in, answering a question on a
module page, the interface's words in Spanish, and the rest of an example answer set."""

from __future__ import annotations

import re
import struct
import zlib
from pathlib import Path

from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import Page, expect

from passport.accounts.access import Actor
from passport.assessments.models import Answer, Assessment
from passport.assessments.services import save_answers
from passport.engine import get_standard, read_answers
from tests.world import PASSWORD

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def tiny_png(width: int = 8, height: int = 6, rgb: tuple[int, int, int] = (196, 154, 38)) -> bytes:
    """A valid PNG of one colour (gold), written by hand: signature, IHDR, IDAT, IEND."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + bytes(rgb) * width for _row in range(height))  # filter byte 0 per row
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB, no interlace
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def in_spanish(text: str) -> str:
    """An interface text as a Spanish reader sees it (the English source while the Spanish
    catalogue lacks it), so the walks hold before and after translations are compiled."""
    with translation.override("es"):
        return gettext(text)


def sign_in(page: Page, email: str, password: str = PASSWORD) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")


def answer(page: Page, indicator_id: str, value: object) -> None:
    """Give one answer on the module page the way a person does: tick the radio button, or
    type into the box. ``value`` is the answer as stored (bool, choice id, number, text)."""
    box = page.locator(f"#q-{indicator_id}")
    kind = get_standard("mes@1.0").indicators[indicator_id].type.value
    if kind == "bool":
        box.locator(f'input[value="{"yes" if value else "no"}"]').check()
    elif kind == "enum":
        box.locator(f'input[value="{value}"]').check()
    elif kind == "text":
        box.locator("textarea").fill(str(value))
    else:
        box.locator("input").fill(str(value))


def example_answers(name: str) -> dict[str, object]:
    return dict(read_answers(EXAMPLES / f"{name}.yaml").answers)


def answer_the_rest(*, actor: Actor, assessment: Assessment, example: str) -> int:
    """Through the service layer, every answer of ``example`` not given yet; how many were set."""
    given = set(Answer.objects.filter(assessment=assessment).values_list("indicator_id", flat=True))
    rest = {ident: value for ident, value in example_answers(example).items() if ident not in given}
    save_answers(actor=actor, assessment_uuid=assessment.uuid, answers=rest)
    return len(rest)


def uuid_in(url: str) -> str:
    """The uuid in a page's address (the one a user would copy)."""
    found = re.search(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", url)
    assert found is not None, url
    return found.group(0)
