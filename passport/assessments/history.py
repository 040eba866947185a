"""A producer's assessment history: its assessments a reader may open, newest first, and how each
requirement moved between consecutive results of the same subject (the organisation, or one of
its units), with what the sharing lens withholds (docs/assessments.md)."""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from passport.accounts.access import Actor, require_scope, uuid_or_not_found
from passport.engine import Decision, PassportError, get_standard
from passport.producers.access import producer_for
from passport.producers.models import Producer

from .models import Assessment, Result, ResultFinding
from .reading import FINDINGS, OUTCOME, reader_of
from .services import READ

IMPROVED = "improved"
UNCHANGED = "unchanged"
REGRESSED = "regressed"
NOT_COMPARABLE = "not_comparable"
_OUTCOME_RANK = {"not_eligible": 0, "eligible_with_mitigation": 1, "eligible": 2}


@dataclass(frozen=True)
class HistoryEntry:
    assessment: Assessment
    result: Result | None
    movements: Mapping[str, str]
    """Per requirement, compared with the previous submitted result: improved, unchanged,
    regressed, or not_comparable (undecided, or absent from one of the two). Empty when the
    reader does not see the findings of both results (``movements_withheld``)."""
    outcome_withheld: Decision | None = None
    movements_withheld: Decision | None = None
    assessor_withheld: Decision | None = None
    """Who conducted it, when withheld (``Sight.assessor_withheld``)."""

    def count(self, movement: str) -> int:
        return sum(1 for m in self.movements.values() if m == movement)


@dataclass(frozen=True)
class History:
    producer: Producer
    entries: Sequence[HistoryEntry]
    """Newest first."""
    units_withheld: int = 0
    """How many assessments of units are left out: their outcomes are findings the reader does
    not see (``units_withheld_because``)."""
    units_withheld_because: Decision | None = None


def history(*, actor: Actor, producer_uuid: object) -> History:
    """The producer's assessments the actor may open (as ``list_assessments``) and, for
    consecutive results of the same subject (the organisation, or one of its units), how each
    requirement moved. The comparisons are findings of both results: shown to whoever sees the
    findings of the later result and of the one before (the organisation conducting a review
    sees all of its own, not the producer's self-assessment it is compared with), otherwise
    withheld. Assessments of units are findings of the organisation: left out, and counted, for
    a reader who does not see findings."""
    require_scope(actor, READ)
    producer, access = producer_for(actor, uuid_or_not_found(producer_uuid))
    reader = reader_of(actor, producer, access)
    rows = Assessment.objects.filter(reader.openable(), producer=producer)
    rows = rows.select_related("standard", "conducted_by", "result").defer("result__classification")
    rows = list(rows.order_by("-started_at", "-id"))
    findings: dict[int, dict[str, ResultFinding]] = {}
    for f in ResultFinding.objects.filter(result__producer=producer).order_by("id"):
        findings.setdefault(f.result_id, {})[f.requirement_id] = f
    submitted = sorted(
        (a for a in rows if getattr(a, "result", None) is not None), key=lambda a: (a.result.created_at, a.result.pk)
    )
    # Compare each result with the previous one of the same subject: the organisation, or one unit.
    by_subject: dict[int | None, list[Assessment]] = {}
    for a in submitted:
        by_subject.setdefault(a.unit_id, []).append(a)
    movements: dict[int, tuple[Assessment, dict[str, str]]] = {}
    for series in by_subject.values():
        for before, after in itertools.pairwise(series):
            movements[after.pk] = (
                before,
                compare_findings(
                    findings.get(before.result.pk, {}),
                    findings.get(after.result.pk, {}),
                    level_ranks(after.result.standard_ref),
                ),
            )
    entries = []
    shown: set[str] = set()
    left_out: list[Decision] = []
    for a in rows:
        sight = reader.sight(a)
        if a.unit_id is not None and (hidden_unit := sight.withheld(FINDINGS)) is not None:
            left_out.append(hidden_unit)
            continue
        result = getattr(a, "result", None)
        before, moved = movements.get(a.pk, (None, {}))
        hidden = (sight.withheld(FINDINGS) or reader.sight(before).withheld(FINDINGS)) if before and moved else None
        assessor_hidden = sight.assessor_withheld(a.conducted_by_id)
        entries.append(
            HistoryEntry(
                assessment=a,
                result=result,
                movements={} if hidden else moved,
                outcome_withheld=sight.outcome_withheld(a.unit_id) if result else None,
                movements_withheld=hidden,
                assessor_withheld=assessor_hidden,
            )
        )
        shown.update(sight.shown([OUTCOME] if result else []))
        # Findings shown: the comparison, and (to a reader seeing the producer through the lens) a
        # unit's outcome or the name of another organisation that assessed the producer.
        others = (a.unit_id is not None and result is not None) or a.conducted_by_id != producer.organisation_id
        if (moved and not hidden) or (others and not sight.full):
            shown.update(sight.shown([FINDINGS]))
    reader.lens.log(actor, object_type="producer", object_id=producer.uuid, what=sorted(shown))
    return History(producer, entries, len(left_out), left_out[0] if left_out else None)


def level_ranks(standard_ref: str) -> Mapping[str, int]:
    """Each level of the standard by its rank (for comparing findings); empty if the file is gone."""
    try:
        standard = get_standard(standard_ref)
    except PassportError:
        return {}
    return {ident: term.rank for ident, term in standard.levels.items()}


def compare_findings(
    before: Mapping[str, ResultFinding], after: Mapping[str, ResultFinding], level_rank: Mapping[str, int]
) -> dict[str, str]:
    """Per requirement of ``after``: better (a better outcome, or the same outcome at a higher
    level), the same, or worse than in ``before``."""
    moved = {}
    for requirement_id, now in after.items():
        then = before.get(requirement_id)
        a, b = _standing(then, level_rank), _standing(now, level_rank)
        if a is None or b is None:
            moved[requirement_id] = NOT_COMPARABLE
        else:
            moved[requirement_id] = IMPROVED if b > a else REGRESSED if b < a else UNCHANGED
    return moved


def _standing(finding: ResultFinding | None, level_rank: Mapping[str, int]) -> tuple[int, int] | None:
    if finding is None or finding.outcome not in _OUTCOME_RANK or finding.level not in level_rank:
        return None
    return _OUTCOME_RANK[finding.outcome], level_rank[finding.level]
