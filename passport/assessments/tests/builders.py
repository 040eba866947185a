"""Small builders for assessment tests: example answers, assessments in each state, real files."""

from __future__ import annotations

import datetime as dt
import struct
import zlib
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from passport.accounts.models import ApiToken
from passport.accounts.tokens import hash_secret, new_secret
from passport.assessments import services
from passport.assessments.models import Assessment, Result
from passport.engine import applicable_requirements, get_standard, read_answers
from passport.producers.access import engine_profile
from passport.producers.models import AssessorAuthorisation, Producer
from tests.world import World

ROOT = Path(__file__).resolve().parents[3]
DAY = dt.date(2026, 10, 15)


def example_answers(name: str, producer: Producer) -> dict[str, Any]:
    """A realistic answer set from ``examples/<name>.yaml``, limited to the questions that apply
    to ``producer`` (the world's producers differ a little from the example's)."""
    example = read_answers(ROOT / "examples" / f"{name}.yaml")
    standard = get_standard("mes@1.0")
    asked = {i.id for r in applicable_requirements(standard, engine_profile(producer)) for i in r.indicators}
    return {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in example.answers.items() if k in asked}


def start(world: World, who: str = "alice", producer: str = "esperanza", kind: str = "self") -> Assessment:
    return services.start_assessment(actor=world.actor(who), producer_uuid=world.producers[producer].uuid, kind=kind)


def answered(world: World, who: str = "alice", example: str = "co-narino-cooperative", **kw: Any) -> Assessment:
    assessment = start(world, who, **kw)
    answers = example_answers(example, assessment.producer)
    services.save_answers(actor=world.actor(who), assessment_uuid=assessment.uuid, answers=answers)
    return assessment


def submitted(world: World, who: str = "alice", example: str = "co-narino-cooperative", **kw: Any) -> Result:
    assessment = answered(world, who, example, **kw)
    return services.submit_assessment(actor=world.actor(who), assessment_uuid=assessment.uuid, as_of=DAY)


def authorise(world: World, who: str, producer: str = "esperanza") -> None:
    """The producer (its owner) authorises ``who``'s organisation to assess it."""
    AssessorAuthorisation.objects.create(
        producer=world.producers[producer],
        organisation=world.actor(who).organisation,
        granted_by=world.producers[producer].organisation.memberships.get(role="owner").user,
    )


def api_token(world: World, org: str = "esperanza", who: str = "alice", scopes: tuple[str, ...] = ()) -> str:
    secret = new_secret()
    ApiToken.objects.create(
        organisation=world.orgs[org],
        name="test",
        prefix=secret[:8],
        token_hash=hash_secret(secret),
        scopes=list(scopes or ("assessments:read", "assessments:write")),
        created_by=world.users[who],
    )
    return secret


# --- Real files, built byte by byte ----------------------------------------------------------


def png_bytes(width: int = 2, height: int = 2) -> bytes:
    """A valid PNG: green pixels, one IDAT chunk."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\x1f\x6f\x4a" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def jpeg_bytes() -> bytes:
    """A valid baseline JPEG of one grey 8×8 block: one DC and one AC Huffman code, each "0"."""
    quant = b"\xff\xdb\x00\x43\x00" + b"\x01" * 64
    frame = b"\xff\xc0\x00\x0b\x08\x00\x08\x00\x08\x01\x01\x11\x00"
    one_code = bytes([1] + [0] * 15) + b"\x00"
    dc = b"\xff\xc4\x00\x14\x00" + one_code
    ac = b"\xff\xc4\x00\x14\x10" + one_code
    scan = b"\xff\xda\x00\x08\x01\x01\x00\x00\x3f\x00" + b"\x3f"
    return b"\xff\xd8" + quant + frame + dc + ac + scan + b"\xff\xd9"


def pdf_bytes() -> bytes:
    """A one-page PDF with a correct cross-reference table."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return out


def upload(content: bytes, name: str = "photo.jpg", content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def mo_bytes(messages: dict[str, str]) -> bytes:
    """A compiled gettext catalog (GNU .mo, little-endian, no hash table) holding ``messages``,
    as a translator's ``compilemessages`` would write it."""
    catalog = {"": "Content-Type: text/plain; charset=UTF-8\n", **messages}
    keys = sorted(catalog)
    originals = [k.encode() for k in keys]
    translations = [catalog[k].encode() for k in keys]
    header_size = 7 * 4
    tables_size = 2 * 8 * len(keys)
    offset = header_size + tables_size
    table_originals, table_translations, data = b"", b"", b""
    for table, strings in (("o", originals), ("t", translations)):
        for text in strings:
            entry = struct.pack("<II", len(text), offset + len(data))
            data += text + b"\0"
            if table == "o":
                table_originals += entry
            else:
                table_translations += entry
    header = struct.pack("<7I", 0x950412DE, 0, len(keys), header_size, header_size + 8 * len(keys), 0, 0)
    return header + table_originals + table_translations + data
