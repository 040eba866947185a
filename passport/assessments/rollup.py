"""A cooperative's units assessed one by one: the organisation's roll-up and the benchmark of its
units (the rule is the engine's, ``passport.engine.rollup``; see docs/cooperatives.md).

Each unit counts with its latest result for one standard version (by default the version of the
producer's most recent unit result) dated on or before the day asked (by default today where the
producer works, ``producers.clock``); a unit without such a result counts as incomplete. Whether a
unit is excluded from the supply is read on that day too, with when the exclusion was recorded, so
a backdated one shows.

Who may read:

- the roll-up (the organisation's outcome, the counts, each unit's outcome and the reasons):
  everyone who may open the producer, as for its results. Units' names, the reasons they were
  excluded and who recorded it, only for those who see personal data (its own people and its
  authorised facilitator); the others see "Unit 1", "Unit 2", … in the order the units were
  added, and when each exclusion was recorded;
- the benchmark (who lags where, and with whom to pair them): only those who see personal data;
  an authorised buyer or verifier gets ``NotAllowed``.

Every read by an organisation other than the producer is audited as ``view.confidential``.
Both make the same number of queries whatever the number of units and results.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db.models import Max, OuterRef, Q, Subquery
from django.utils.translation import gettext as _

from passport.accounts.access import Actor, NotAllowed, NotFound, require_scope, uuid_or_not_found
from passport.audit.services import record_view
from passport.engine import (
    INCOMPLETE,
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
from passport.producers.access import Access, producer_for, sees_personal_data
from passport.producers.clock import local_today
from passport.producers.models import Producer, Unit
from passport.producers.units import Recording, exclusions_on, recording_of

from .models import Assessment, Result, ResultFinding
from .services import READ, ResultSummary

UNIT_RESULTS_SHOWN = 10


@dataclass(frozen=True)
class UnitLine:
    """One unit as a roll-up or benchmark page shows it."""

    key: str
    """The unit's id in the engine's roll-up (its uuid as text)."""
    label: str
    """Its name, or "Unit n" for readers who may not see names."""
    unit_uuid: uuid.UUID | None
    """None for readers who may not open units."""
    kind: str
    result_uuid: uuid.UUID | None
    outcome: str | None
    """The latest result's outcome for the standard version; None without one."""
    result_as_of: dt.date | None
    excluded: bool
    excluded_on: dt.date | None
    exclusion_reason: str | None
    """Only for readers who see personal data."""
    exclusion_recorded: Recording | None
    """When the exclusion in force was recorded (and by whom, for readers who see personal data),
    and whether that was backdated."""


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
    outcomes: list[UnitOutcome]

    @property
    def has_units(self) -> bool:
        return bool(self.lines)

    def label(self, key: str) -> str:
        return next((line.label for line in self.lines if line.key == key), key)


@dataclass(frozen=True)
class RollUpView:
    units: UnitResults
    rollup: RollUp | None
    """None when no unit has a result yet."""

    @property
    def counted(self) -> int:
        return len(self.rollup.counted) if self.rollup else 0

    @property
    def excluded(self) -> int:
        return sum(1 for line in self.units.lines if line.excluded)

    @property
    def without_result(self) -> int:
        return sum(1 for line in self.units.lines if line.outcome is None and not line.excluded)


@dataclass(frozen=True)
class BenchmarkView:
    units: UnitResults
    requirements: tuple[RequirementBenchmark, ...]


# --- Reading ---------------------------------------------------------------------------------


def rollup_for(
    *, actor: Actor, producer_uuid: object, standard_ref: str | None = None, as_of: dt.date | None = None
) -> RollUpView:
    """The organisation's outcome rolled up from its units' latest results (see the module's
    docstring for who reads what)."""
    require_scope(actor, READ)
    producer, access = producer_for(actor, uuid_or_not_found(producer_uuid))
    units = _unit_results(actor, producer, access, standard_ref, as_of or local_today(producer))
    _audit(actor, producer, access, "rollup")
    if units.standard is None:
        return RollUpView(units, None)
    return RollUpView(units, roll_up(units.standard, units.outcomes))


def benchmark_for(
    *, actor: Actor, producer_uuid: object, standard_ref: str | None = None, as_of: dt.date | None = None
) -> BenchmarkView:
    """Per requirement where counted units differ: who lags, who leads, and pairings. Names the
    units, so only for those who see personal data."""
    require_scope(actor, READ)
    producer, access = producer_for(actor, uuid_or_not_found(producer_uuid))
    if not sees_personal_data(actor, access):
        raise NotAllowed(
            _(
                "The benchmark names units, which may be people: "
                "only the producer's own people and its facilitator see it."
            )
        )
    units = _unit_results(actor, producer, access, standard_ref, as_of or local_today(producer))
    _audit(actor, producer, access, "benchmark")
    if units.standard is None:
        return BenchmarkView(units, ())
    return BenchmarkView(units, benchmark(units.standard, units.outcomes))


def _audit(actor: Actor, producer: Producer, access: Access, what: str) -> None:
    if access is not Access.OWN:
        record_view(
            actor=actor,
            object_type="producer",
            object_id=producer.uuid,
            producer=producer.uuid,
            detail={"what": what},
        )


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


def _unit_results(actor: Actor, producer: Producer, access: Access, wanted: str | None, day: dt.date) -> UnitResults:
    sees_names = sees_personal_data(actor, access)
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
        reason = exclusion.reason if exclusion is not None and sees_names else None
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
                exclusion_recorded=recording_of(exclusion, producer, names=sees_names) if exclusion else None,
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
    return UnitResults(producer, access, day, ref, refs, standard, sees_names, lines, outcomes)


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


def _shown_as(actor: Actor, unit: Unit, own: bool) -> str:
    """The unit's name for readers who see personal data; otherwise its number, as on the
    roll-up page (one query)."""
    if sees_personal_data(actor, Access.OWN if own else Access.ASSESSOR):
        return unit.name
    earlier = Unit.objects.filter(producer_id=unit.producer_id).filter(
        Q(created_at__lt=unit.created_at) | Q(created_at=unit.created_at, id__lt=unit.pk)
    )
    return _("Unit %(n)d") % {"n": earlier.count() + 1}


def unit_of_assessment(*, actor: Actor, assessment: Assessment) -> str | None:
    """How to name the unit an assessment is of, for an actor who may read the assessment;
    None when it is of the whole producer (no query then)."""
    if assessment.unit_id is None:
        return None
    producer: Producer = assessment.producer
    own = actor.organisation is not None and producer.organisation_id == actor.organisation.pk
    return _shown_as(actor, assessment.unit, own)


def _unit_key(summary: ResultSummary) -> str:
    return f"assessments:result-unit:{summary.uuid}"


def explanation_noting_unit(*, summary: ResultSummary) -> dict[str, Any]:
    """``services.result_explanation``, reading in the same query which unit the result is of
    and keeping that (it never changes): the result page then needs no query of its own to know
    that a result of the whole producer names no unit."""
    explanation, unit_id = (
        Result.objects.filter(pk=summary.id).values_list("classification", "assessment__unit_id").get()
    )
    cache.set(_unit_key(summary), unit_id or 0, timeout=None)
    return explanation  # type: ignore[no-any-return]


def unit_of_result(*, actor: Actor, summary: ResultSummary) -> str | None:
    """``unit_of_assessment`` for a result already read with ``get_result_summary``. Which unit a
    result is of never changes, so it is kept once read (see ``explanation_noting_unit``); the
    unit's name is read live."""
    unit_id = cache.get(_unit_key(summary))
    if unit_id is None:
        unit_id = Assessment.objects.filter(result__pk=summary.id).values_list("unit_id", flat=True).first() or 0
        cache.set(_unit_key(summary), unit_id, timeout=None)
    if not unit_id:
        return None
    unit = Unit.objects.select_related("producer").get(pk=unit_id)
    own = actor.organisation is not None and unit.producer.organisation_id == actor.organisation.pk
    return _shown_as(actor, unit, own)


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
