"""Every page of this app, with the objects it needs and who may open it (HTTP 200 on GET).

A central test walks every route × every user of the world: users in ``allowed`` get the page;
the others get 403 (known but not allowed) or 404 (may not know it exists). Nobody outside
esperanza holds a grant here; what each audience sees once esperanza shares is tested, page by
page, in ``test_sharing.py``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from passport.assessments import services
from passport.producers.tests.builders import exclusion, unit
from tests.world import World

from .builders import DAY, example_answers, pdf_bytes, start, submitted, upload

READERS = {"alice", "mateo", "maria", "victor", "fran"}  # esperanza's people and its facilitator
WRITERS = {"alice", "mateo", "maria"}  # esperanza with role ≥ member (it conducts the assessment)


def build_objects(world: World) -> dict[str, Any]:
    """A submitted self-assessment of esperanza, a draft with one evidence file."""
    result = submitted(world)
    draft = start(world)
    evidence = services.attach_evidence(
        actor=world.actor("alice"),
        assessment_uuid=draft.uuid,
        requirement_id="MES-ORG-01",
        uploaded_file=upload(pdf_bytes()),
    )
    return {"result": result, "draft": draft, "evidence": evidence, "producer": world.producers["esperanza"]}


def with_units(world: World, objects: dict[str, Any]) -> dict[str, Any]:
    """Two crews of esperanza, one assessed and one excluded from the supply."""
    producer = objects["producer"]
    assessed, left = unit(producer, "Bocamina El Tesoro"), unit(producer, "Pit 3 crew")
    exclusion(left)
    alice = world.actor("alice")
    draft = services.start_assessment(actor=alice, producer_uuid=producer.uuid, kind="self", unit_uuid=assessed.uuid)
    answers = example_answers("co-narino-cooperative", producer)
    services.save_answers(actor=alice, assessment_uuid=draft.uuid, answers=answers)
    services.submit_assessment(actor=alice, assessment_uuid=draft.uuid, as_of=DAY)
    return {"producer_uuid": producer.uuid}


Kwargs = Callable[[World, dict[str, Any]], dict[str, Any]]

ROUTES: dict[str, dict[str, Any]] = {
    "assessments:start": {
        "kwargs": lambda world, objects: {"producer_uuid": objects["producer"].uuid},
        "allowed": WRITERS | {"fran"},
    },
    "assessments:overview": {"kwargs": lambda world, objects: {"uuid": objects["draft"].uuid}, "allowed": READERS},
    "assessments:module": {
        "kwargs": lambda world, objects: {"uuid": objects["draft"].uuid, "module_id": "M1"},
        "allowed": READERS,
    },
    "assessments:evidence": {"kwargs": lambda world, objects: {"uuid": objects["evidence"].uuid}, "allowed": READERS},
    "assessments:submit": {"kwargs": lambda world, objects: {"uuid": objects["draft"].uuid}, "allowed": WRITERS},
    "assessments:result": {"kwargs": lambda world, objects: {"uuid": objects["result"].uuid}, "allowed": READERS},
    "assessments:history": {
        "kwargs": lambda world, objects: {"producer_uuid": objects["producer"].uuid},
        "allowed": READERS,
    },
    # Anyone who may know the producer opens the roll-up and the benchmark and sees what the
    # sharing policy shows it (units numbered, findings by grant: test_sharing.py); nobody outside
    # esperanza knows it in this world.
    "assessments:rollup": {"kwargs": with_units, "allowed": READERS},
    "assessments:benchmark": {"kwargs": with_units, "allowed": READERS},
}
