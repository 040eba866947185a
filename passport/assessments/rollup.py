"""A cooperative's units assessed one by one: the organisation's roll-up and the benchmark of its
units (the rule is the engine's, ``passport.engine.rollup``; see docs/cooperatives.md).

Each unit counts with its latest result for one standard version (by default the version of the
producer's most recent unit result) dated on or before the day asked (by default today where the
producer works, ``producers.clock``); a unit without such a result counts as incomplete. Whether a
unit is excluded from the supply is read on that day too, with when the exclusion was recorded, so
a backdated one shows.

Who may read: everyone who may open the producer opens the roll-up and the benchmark; what
each shows is the sharing policy's (the lens, ``passport.sharing.policy``):

- the organisation's outcome: ``producer.outcome`` (public unless the producer tightened it),
  with the counts of units counted, excluded and without a result;
- each unit's outcome and when it was judged, whether and since when it is excluded, the
  reasons of the roll-up, where the organisation stands on each requirement, and the
  benchmark (who lags, who leads, with whom to pair them): ``assessment.findings``;
- units' names: ``units.names``; the reasons units were excluded and who recorded them:
  ``exclusions.reasons`` (both personal: the producer's own people and its authorised
  facilitator). The others see "Unit 1", "Unit 2", … in the order the units were added.

A withheld value is given with the decision that withholds it (``RollUpView.withheld``). A read
by someone outside the producer that showed data that is not public writes one access-log entry.
Both make the same number of queries whatever the number of units and results.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Max, OuterRef, Q, Subquery
from django.utils.translation import gettext as _

from passport.accounts.access import Actor, NotFound, require_scope, uuid_or_not_found
from passport.engine import (
    INCOMPLETE,
    Decision,
    PassportError,
    RequirementBenchmark,
    RollUp,
    Standard,
    UnitOutcome,
    benchmark,
    get_standard,
    roll_up,
    text_in,
)
from passport.producers.access import Access, producer_for
from passport.producers.clock import local_today
from passport.producers.models import Producer, Unit
from passport.producers.units import Recording, exclusions_on, recording_of

from .models import Assessment, Result, ResultFinding
from .reading import FINDINGS, OUTCOME, UNIT_NAMES, Sight, reader_of
from .services import READ, ResultSummary

UNIT_RESULTS_SHOWN = 10


EXCLUSION_REASONS = "exclusions.reasons"


@dataclass(frozen=True)
class UnitLine:
    """One unit as a roll-up or benchmark page shows it."""

    key: str
    """The unit's id in the engine's roll-up (its uuid as text)."""
    label: str
    """Its name, or "Unit n" for readers who may not see names."""
    unit_uuid: uuid.UUID | None
    """None for readers who may not see names (nor open units)."""
    kind: str
    result_uuid: uuid.UUID | None
    outcome: str | None
    """The latest result's outcome for the standard version; None without one."""
    result_as_of: dt.date | None
    excluded: bool
    excluded_on: dt.date | None
    exclusion_reason: str | None
    """Only for readers who see exclusion reasons."""
    exclusion_recorded: Recording | None
    """When the exclusion in force was recorded (and by whom, for readers who see exclusion
    reasons), and whether that was backdated."""


@dataclass(frozen=True)
class UnitResults:
    """What both the roll-up and the benchmark are computed from."""

    producer: Producer
    access: Access
    as_of: dt.date
    standard_ref: str | None
    standard_refs: list[str]
    """Standard versions with unit results on or before ``as_of``, most recently used first."""
    standard: Standard | None
    sees_names: bool
    lines: list[UnitLine]
    """Empty when the reader does not see findings (``withheld`` then names them), whatever the
    number of units (``unit_count``)."""
    outcomes: list[UnitOutcome]
    sight: Sight
    unit_count: int
    excluded_count: int
    without_result_count: int

    @property
    def has_units(self) -> bool:
        return self.unit_count > 0

    def label(self, key: str) -> str:
        return next((line.label for line in self.lines if line.key == key), key)

    @property
    def withheld(self) -> dict[str, Decision]:
        """The decisions withholding what the reader does not see, by platform field."""
        keys = (OUTCOME, FINDINGS, UNIT_NAMES, EXCLUSION_REASONS)
        return {k: d for k in keys if (d := self.sight.withheld(k)) is not None}


@dataclass(frozen=True)
class RollUpView:
    units: UnitResults
    rollup: RollUp | None
    """None when no unit has a result yet. For a reader who does not see findings, without the
    reasons nor the standing on each requirement (``units.withheld`` has ``assessment.findings``)."""
    counted: int
    excluded: int
    without_result: int

    @property
    def outcome(self) -> str | None:
        """The organisation's outcome, None while no unit has a result or when it is withheld."""
        return self.rollup.outcome if self.rollup and OUTCOME not in self.units.withheld else None


@dataclass(frozen=True)
class BenchmarkView:
    units: UnitResults
    requirements: tuple[RequirementBenchmark, ...]
    """Empty when the reader does not see findings (``units.withheld``)."""


# --- Reading ---------------------------------------------------------------------------------


def rollup_for(
    *, actor: Actor, producer_uuid: object, standard_ref: str | None = None, as_of: dt.date | None = None
) -> RollUpView:
    """The organisation's outcome rolled up from its units' latest results (see the module's
    docstring for who sees what)."""
    require_scope(actor, READ)
    producer, access = producer_for(actor, uuid_or_not_found(producer_uuid))
    sight = reader_of(actor, producer, access).sight()
    units = _unit_results(producer, access, sight, standard_ref, as_of or local_today(producer))
    rolled = roll_up(units.standard, units.outcomes) if units.standard is not None else None
    counted = len(rolled.counted) if rolled else 0
    if rolled is not None and not sight.shows(FINDINGS):
        rolled = dataclasses.replace(rolled, by_requirement={}, reasons=())
    _log(actor, units, "rollup")
    return RollUpView(units, rolled, counted, units.excluded_count, units.without_result_count)


def benchmark_for(
    *, actor: Actor, producer_uuid: object, standard_ref: str | None = None, as_of: dt.date | None = None
) -> BenchmarkView:
    """Per requirement where counted units differ: who lags, who leads, and pairings (findings,
    with units named for those who see names and numbered for the others)."""
    require_scope(actor, READ)
    producer, access = producer_for(actor, uuid_or_not_found(producer_uuid))
    sight = reader_of(actor, producer, access).sight()
    units = _unit_results(producer, access, sight, standard_ref, as_of or local_today(producer))
    _log(actor, units, "benchmark")
    if units.standard is None or not sight.shows(FINDINGS):
        return BenchmarkView(units, ())
    return BenchmarkView(units, benchmark(units.standard, units.outcomes))


def _log(actor: Actor, units: UnitResults, page: str) -> None:
    """One access-log entry naming what the roll-up or benchmark showed that is not public."""
    shown = [OUTCOME] if units.standard is not None else []
    if units.lines:
        shown += [FINDINGS, UNIT_NAMES]
        if any(line.excluded for line in units.lines):
            shown.append(EXCLUSION_REASONS)
    what = units.sight.shown(shown)
    units.sight.lens.log(actor, object_type=page, object_id=units.producer.uuid, what=what)


def _standard_refs(producer: Producer, day: dt.date) -> list[str]:
    rows = (
        Result.objects.filter(producer=producer, assessment__unit__isnull=False, as_of__lte=day)
        .values("standard_ref")
        .annotate(latest=Max("created_at"))
        .order_by("-latest", "standard_ref")
    )
    return [row["standard_ref"] for row in rows]


def _chosen_standard(refs: list[str], wanted: str | None) -> tuple[str | None, Standard | None]:
    """The version asked for (one with unit results: never a name handed to the file loader
    otherwise), or the most recently used one."""
    if wanted and wanted not in refs:
        known = ", ".join(refs) or _("none yet")
        message = _("Choose a standard version the units were assessed against: %(known)s.") % {"known": known}
        raise ValidationError({"standard": [message]})
    ref = wanted or (refs[0] if refs else None)
    if ref is None:
        return None, None
    try:
        return ref, get_standard(ref)
    except PassportError:
        raise NotFound(_("The standard of these results is not available on this server.")) from None


def _unit_results(producer: Producer, access: Access, sight: Sight, wanted: str | None, day: dt.date) -> UnitResults:
    sees_names = sight.shows(UNIT_NAMES)
    sees_reasons = sight.shows(EXCLUSION_REASONS)
    refs = _standard_refs(producer, day)
    ref, standard = _chosen_standard(refs, wanted)
    latest = (
        Result.objects.filter(assessment__unit=OuterRef("pk"), standard_ref=ref or "", as_of__lte=day)
        .order_by("-created_at", "-id")
        .values("id")[:1]
    )
    units = list(Unit.objects.filter(producer=producer).annotate(latest=Subquery(latest)).order_by("created_at", "id"))
    ids = [u.latest for u in units if u.latest is not None]  # type: ignore[attr-defined]
    results = {r.pk: r for r in Result.objects.filter(pk__in=ids).only("uuid", "outcome", "as_of")} if ids else {}
    findings: dict[int, dict[str, tuple[str | None, str | None, str]]] = {}
    if ids:
        rows = ResultFinding.objects.filter(result_id__in=ids).values_list(
            "result_id", "requirement_id", "level", "action", "outcome"
        )
        for result_id, requirement_id, level, action, outcome in rows:
            findings.setdefault(result_id, {})[requirement_id] = (level or None, action or None, outcome)
    excluded = exclusions_on(producer, day)
    lines, outcomes = [], []
    for position, unit in enumerate(units, start=1):
        result = results.get(unit.latest)  # type: ignore[attr-defined]
        exclusion = excluded.get(unit.pk)
        label = unit.name if sees_names else _("Unit %(n)d") % {"n": position}
        reason = exclusion.reason if exclusion is not None and sees_reasons else None
        lines.append(
            UnitLine(
                key=str(unit.uuid),
                label=label,
                unit_uuid=unit.uuid if sees_names else None,
                kind=unit.kind,
                result_uuid=result.uuid if result else None,
                outcome=result.outcome if result else None,
                result_as_of=result.as_of if result else None,
                excluded=exclusion is not None,
                excluded_on=exclusion.excluded_on if exclusion is not None else None,
                exclusion_reason=reason,
                exclusion_recorded=recording_of(exclusion, producer, names=sees_reasons) if exclusion else None,
            )
        )
        outcomes.append(
            UnitOutcome(
                unit_id=str(unit.uuid),
                name=label,
                outcome=result.outcome if result else INCOMPLETE,
                findings=findings.get(result.pk, {}) if result else {},
                excluded=exclusion is not None,
                exclusion_reason=reason,
            )
        )
    return UnitResults(
        producer=producer,
        access=access,
        as_of=day,
        standard_ref=ref,
        standard_refs=refs,
        standard=standard,
        sees_names=sees_names,
        lines=lines if sight.shows(FINDINGS) else [],
        outcomes=outcomes,
        sight=sight,
        unit_count=len(units),
        excluded_count=sum(1 for line in lines if line.excluded),
        without_result_count=sum(1 for line in lines if line.outcome is None and not line.excluded),
    )


# --- Labels for pages ------------------------------------------------------------------------


def outcome_label(standard: Standard | None, outcome: str | None, lang: str) -> str:
    """An outcome class in the standard's words; "incomplete" and "not assessed" in ours."""
    if outcome is None:
        return _("Not assessed yet")
    term = standard.outcome_classes.get(outcome) if standard is not None else None
    if term is None:
        return _("Incomplete: required answers are missing") if outcome == INCOMPLETE else outcome
    return text_in(term.label, lang)


def reasons_in(rollup: RollUp, lang: str) -> list[str]:
    return [reason.get(lang) or reason["en"] for reason in rollup.reasons]


def level_label(standard: Standard | None, level: str | None, lang: str) -> str:
    term = standard.levels.get(level) if standard is not None and level is not None else None
    return text_in(term.label, lang) if term is not None else level or _("undecided")


def requirement_title(standard: Standard | None, requirement_id: str, lang: str) -> str:
    try:
        return text_in(standard.requirement(requirement_id).title, lang) if standard else requirement_id
    except KeyError:
        return requirement_id


# --- A unit on the pages of one assessment or result ------------------------------------------


def _shown_as(sight: Sight, unit: Unit) -> str:
    """The unit's name for readers who see units' names; otherwise its number, as on the
    roll-up page (one query)."""
    if sight.shows(UNIT_NAMES):
        return unit.name
    earlier = Unit.objects.filter(producer_id=unit.producer_id).filter(
        Q(created_at__lt=unit.created_at) | Q(created_at=unit.created_at, id__lt=unit.pk)
    )
    return _("Unit %(n)d") % {"n": earlier.count() + 1}


def unit_of_assessment(*, sight: Sight, assessment: Assessment) -> str | None:
    """How to name the unit an assessment is of, for a reader who opened the assessment and sees
    it through ``sight``; None when it is of the whole producer (no query then)."""
    if assessment.unit_id is None:
        return None
    return _shown_as(sight, assessment.unit)


def unit_of_result(*, summary: ResultSummary) -> str | None:
    """``unit_of_assessment`` for a result already read with ``get_result_summary`` (which read
    which unit it is of); the unit's name is read live."""
    if not summary.unit_id:
        return None
    return _shown_as(summary.sight, Unit.objects.get(pk=summary.unit_id))


def latest_results_of(unit: Unit, limit: int = UNIT_RESULTS_SHOWN) -> list[Result]:
    """A unit's results, newest first, for the unit's page (its reader was already checked)."""
    rows = Result.objects.filter(assessment__unit=unit).defer("classification")
    return list(rows.order_by("-created_at", "-id")[:limit])


def outcome_labels(refs: Sequence[str], lang: str) -> Mapping[tuple[str, str], str]:
    """Outcome labels by (standard_ref, outcome) for the results a page lists."""
    labels: dict[tuple[str, str], str] = {}
    for ref in set(refs):
        try:
            standard: Standard | None = get_standard(ref)
        except PassportError:
            standard = None
        for outcome in ("not_eligible", "eligible_with_mitigation", "eligible", INCOMPLETE):
            labels[(ref, outcome)] = outcome_label(standard, outcome, lang)
    return labels
