"""Cooperatives assessed unit by unit: the organisation's result rolled up from its units, and a
benchmark of which units lag on which requirement, with whom to pair them.

A unit is one member or one work team (a pit crew) of a cooperative or association, assessed on
its own against the same standard version. The caller gives each unit's latest outcome and
findings, and whether the unit is excluded from the organisation's supply on the day asked.

The roll-up rule (also in docs/cooperatives.md and decision 0014):

1. Only counted units count. A unit excluded from the supply (recorded with a date and a
   reason) is listed with its reason and never changes the outcome.
2. The organisation is ``not_eligible`` if any counted unit is; the reasons name each such unit
   and the requirement it fails. A disengagement finding anywhere in the supply counts.
3. Otherwise it is ``incomplete`` if any counted unit is (a unit without a result counts as
   incomplete), or if no unit is counted at all: nobody's result then vouches for the supply.
4. Otherwise ``eligible_with_mitigation`` if any counted unit is; otherwise ``eligible``.

So the organisation's outcome is its worst counted unit's, in the order ``not_eligible``,
``incomplete``, ``eligible_with_mitigation``, ``eligible``. Excluding a unit never makes the
outcome worse while another unit stays counted; excluding the last one makes it incomplete.

Per requirement the organisation stands where its worst counted unit stands. Findings compare
by their outcome in the same order (an undecided finding is ``incomplete``), then by action
(disengage, mitigate, improve, none), then by the level's rank in the standard (lower is worse).

The benchmark compares counted units' decided findings, requirement by requirement. Where they
differ, the units at the worst standing lag and those at the best lead; each lagging unit is
paired with a leading one. Leaders are chosen least-loaded first (then in the order given), over
all requirements, so no leader is paired with everybody: within one requirement that is a plain
round robin. Undecided findings are left out: there is nothing to compare yet.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .model import ELIGIBLE, ELIGIBLE_WITH_MITIGATION, INCOMPLETE, NOT_ELIGIBLE, Standard, text_in

LANGUAGES = ("en", "es", "fr")

# Worst first. Unknown outcome strings are treated as incomplete: never as eligible.
OUTCOME_ORDER = (NOT_ELIGIBLE, INCOMPLETE, ELIGIBLE_WITH_MITIGATION, ELIGIBLE)
_OUTCOME_RANK = {outcome: rank for rank, outcome in enumerate(OUTCOME_ORDER)}
_ACTION_RANK = {"disengage_immediately": 0, "mitigate": 1, "improve": 2, "none": 3}

Finding = tuple[str | None, str | None, str]
"""(level, action, outcome) of one requirement, as stored with a result; level and action are
None when the requirement is undecided."""


@dataclass(frozen=True, slots=True)
class UnitOutcome:
    """One unit's latest result, as the roll-up needs it."""

    unit_id: str
    name: str
    """How the reader may name the unit (its name, or "Unit 3" for readers who may not see names)."""
    outcome: str
    findings: Mapping[str, Finding]
    """requirement_id -> (level, action, outcome)."""
    excluded: bool = False
    exclusion_reason: str | None = None


@dataclass(frozen=True, slots=True)
class Standing:
    """Where one unit stands on one requirement."""

    level: str | None
    action: str | None
    outcome: str


@dataclass(frozen=True, slots=True)
class RequirementRollUp:
    """The organisation's standing on one requirement: its worst counted unit's."""

    requirement_id: str
    standing: Standing
    units: tuple[str, ...]
    """The counted units standing there, in the order given."""


@dataclass(frozen=True, slots=True)
class RollUp:
    outcome: str
    counted: tuple[str, ...]
    excluded: tuple[str, ...]
    by_requirement: Mapping[str, RequirementRollUp]
    """In the standard's order of requirements."""
    reasons: tuple[Mapping[str, str], ...]
    """Why the outcome is what it is, then each excluded unit with its reason: {lang: text}."""


@dataclass(frozen=True, slots=True)
class Pairing:
    lagging: str
    leading: str
    why: Mapping[str, str]


@dataclass(frozen=True, slots=True)
class RequirementBenchmark:
    """A requirement on which counted units differ: who lags, who leads, who could help whom."""

    requirement_id: str
    lagging: tuple[str, ...]
    leading: tuple[str, ...]
    lagging_standing: Standing
    leading_standing: Standing
    pairings: tuple[Pairing, ...]


# --- Comparing -------------------------------------------------------------------------------


def outcome_rank(outcome: str) -> int:
    """0 for ``not_eligible`` up to 3 for ``eligible``; anything unknown ranks as incomplete."""
    return _OUTCOME_RANK.get(outcome, _OUTCOME_RANK[INCOMPLETE])


def standing_key(standard: Standard, standing: Standing) -> tuple[int, int, int]:
    """Lower is worse: outcome, then action, then the level's rank."""
    level = standard.levels.get(standing.level) if standing.level is not None else None
    return (
        outcome_rank(standing.outcome),
        _ACTION_RANK.get(standing.action, -1) if standing.action is not None else -1,
        level.rank if level is not None else -1,
    )


def _check_unique(units: Sequence[UnitOutcome]) -> None:
    seen: set[str] = set()
    for unit in units:
        if unit.unit_id in seen:
            raise ValueError(f"unit {unit.unit_id!r} is given twice")
        seen.add(unit.unit_id)


def _requirement_order(standard: Standard, units: Sequence[UnitOutcome]) -> list[str]:
    """Every requirement some unit has a finding for: the standard's order, then any others."""
    known = [r.id for r in standard.requirements]
    present = {rid for unit in units for rid in unit.findings}
    return [rid for rid in known if rid in present] + sorted(present - set(known))


# --- Roll-up ---------------------------------------------------------------------------------


def roll_up(standard: Standard, units: Sequence[UnitOutcome]) -> RollUp:
    """The organisation's outcome from its units' (see the rule in this module's docstring)."""
    _check_unique(units)
    counted = [u for u in units if not u.excluded]
    excluded = [u for u in units if u.excluded]
    outcome = min((u.outcome for u in counted), key=outcome_rank, default=INCOMPLETE)
    outcome = OUTCOME_ORDER[outcome_rank(outcome)]  # an unknown outcome reads as incomplete
    reasons = _outcome_reasons(standard, counted, outcome)
    reasons += [_text(_EXCLUDED, standard, unit=u.name, reason=u.exclusion_reason) for u in excluded]
    return RollUp(
        outcome=outcome,
        counted=tuple(u.unit_id for u in counted),
        excluded=tuple(u.unit_id for u in excluded),
        by_requirement=_worst_by_requirement(standard, counted),
        reasons=tuple(reasons),
    )


def _worst_by_requirement(standard: Standard, counted: Sequence[UnitOutcome]) -> dict[str, RequirementRollUp]:
    worst: dict[str, RequirementRollUp] = {}
    for rid in _requirement_order(standard, counted):
        standings = [(u.unit_id, Standing(*u.findings[rid])) for u in counted if rid in u.findings]
        lowest = min(standing_key(standard, s) for _u, s in standings)
        at_lowest = [(u, s) for u, s in standings if standing_key(standard, s) == lowest]
        worst[rid] = RequirementRollUp(rid, at_lowest[0][1], tuple(u for u, _s in at_lowest))
    return worst


def _outcome_reasons(standard: Standard, counted: Sequence[UnitOutcome], outcome: str) -> list[dict[str, str]]:
    if not counted:
        return [_text(_NONE_COUNTED, standard)]
    if outcome == ELIGIBLE:
        return [_text(_ALL_ELIGIBLE, standard)]
    reasons: list[dict[str, str]] = []
    for unit in (u for u in counted if outcome_rank(u.outcome) == outcome_rank(outcome)):
        if outcome == INCOMPLETE:
            undecided = [rid for rid, (_level, action, _o) in unit.findings.items() if action is None]
            reasons.append(_text(_INCOMPLETE, standard, unit=unit.name, requirements=undecided))
            continue
        named = [rid for rid, (_l, _a, finding_outcome) in unit.findings.items() if finding_outcome == outcome]
        template = _NOT_ELIGIBLE if outcome == NOT_ELIGIBLE else _MITIGATE
        if not named:
            reasons.append(_text(template, standard, unit=unit.name))
        reasons += [_text(template, standard, unit=unit.name, requirement=rid) for rid in _ordered(standard, named)]
    return reasons


def _ordered(standard: Standard, requirement_ids: Sequence[str]) -> list[str]:
    order = {r.id: i for i, r in enumerate(standard.requirements)}
    return sorted(requirement_ids, key=lambda rid: (order.get(rid, len(order)), rid))


# --- Benchmark -------------------------------------------------------------------------------


def benchmark(standard: Standard, units: Sequence[UnitOutcome]) -> tuple[RequirementBenchmark, ...]:
    """Per requirement where counted units' decided findings differ: the lagging and leading
    units and a pairing for each lagging unit (see this module's docstring)."""
    _check_unique(units)
    counted = [u for u in units if not u.excluded]
    load = {u.unit_id: 0 for u in counted}
    names = {u.unit_id: u.name for u in counted}
    found = []
    for rid in _requirement_order(standard, counted):
        standings = [
            (u.unit_id, Standing(*u.findings[rid]))
            for u in counted
            if rid in u.findings and u.findings[rid][1] is not None
        ]
        keys = {unit_id: standing_key(standard, s) for unit_id, s in standings}
        if len(set(keys.values())) < 2:
            continue
        worst, best = min(keys.values()), max(keys.values())
        lagging = [(u, s) for u, s in standings if keys[u] == worst]
        leading = [(u, s) for u, s in standings if keys[u] == best]
        pairings = []
        for lag_id, lag_standing in lagging:
            lead_id, lead_standing = min(leading, key=lambda pair: load[pair[0]])  # first of the least loaded
            load[lead_id] += 1
            why = _text(
                _PAIR,
                standard,
                requirement=rid,
                leader=names[lead_id],
                lagger=names[lag_id],
                lead_level=lead_standing.level,
                lag_level=lag_standing.level,
            )
            pairings.append(Pairing(lagging=lag_id, leading=lead_id, why=why))
        found.append(
            RequirementBenchmark(
                requirement_id=rid,
                lagging=tuple(u for u, _s in lagging),
                leading=tuple(u for u, _s in leading),
                lagging_standing=lagging[0][1],
                leading_standing=leading[0][1],
                pairings=tuple(pairings),
            )
        )
    return tuple(found)


# --- Words -----------------------------------------------------------------------------------

_NONE_COUNTED = {
    "en": "No unit counts: every unit is excluded from the supply, so no result vouches for it.",
    "es": "Ninguna unidad cuenta: todas están excluidas del suministro, así que ningún resultado lo respalda.",
    "fr": "Aucune unité ne compte : toutes sont exclues de l'approvisionnement, aucun résultat ne le garantit.",
}
_ALL_ELIGIBLE = {
    "en": "Every unit that counts meets the entry criteria.",
    "es": "Todas las unidades que cuentan cumplen los criterios de entrada.",
    "fr": "Toutes les unités qui comptent remplissent les critères d'entrée.",
}
_NOT_ELIGIBLE = {
    "en": "{unit} does not meet the entry criteria{on}; while this unit is in the supply, the organisation "
    "does not either.",
    "es": "{unit} no cumple los criterios de entrada{on}; mientras esta unidad forme parte del suministro, "
    "la organización tampoco los cumple.",
    "fr": "{unit} ne remplit pas les critères d'entrée{on} ; tant que cette unité fait partie de "
    "l'approvisionnement, l'organisation ne les remplit pas non plus.",
}
_INCOMPLETE = {
    "en": "{unit} has no complete result yet{undecided}, so the organisation's result is incomplete.",
    "es": "{unit} todavía no tiene un resultado completo{undecided}, así que el resultado de la organización "
    "está incompleto.",
    "fr": "{unit} n'a pas encore de résultat complet{undecided}, le résultat de l'organisation est donc incomplet.",
}
_MITIGATE = {
    "en": "{unit} must mitigate a risk{on} within its deadline.",
    "es": "{unit} debe mitigar un riesgo{on} dentro de su plazo.",
    "fr": "{unit} doit atténuer un risque{on} dans son délai.",
}
_EXCLUDED = {
    "en": "{unit} is excluded from the supply and does not count.{reason}",
    "es": "{unit} está excluida del suministro y no cuenta.{reason}",
    "fr": "{unit} est exclue de l'approvisionnement et ne compte pas.{reason}",
}
_PAIR = {
    "en": "On {requirement}, {leader} stands at “{lead_level}” and {lagger} at “{lag_level}”: "
    "{leader} can show {lagger} how they do it.",
    "es": "En {requirement}, {leader} está en «{lead_level}» y {lagger} en «{lag_level}»: "
    "{leader} puede mostrarle a {lagger} cómo lo hace.",
    "fr": "Pour {requirement}, {leader} est au niveau « {lead_level} » et {lagger} au niveau « {lag_level} » : "
    "{leader} peut montrer à {lagger} comment faire.",
}
_ON = {"en": " on {requirement}", "es": " en {requirement}", "fr": " pour {requirement}"}
_UNDECIDED = {"en": " (undecided: {list})", "es": " (sin decidir: {list})", "fr": " (non décidé : {list})"}
_REASON = {"en": " Reason: {reason}", "es": " Motivo: {reason}", "fr": " Motif : {reason}"}


def _requirement_label(standard: Standard, requirement_id: str, lang: str) -> str:
    try:
        title = text_in(standard.requirement(requirement_id).title, lang)
    except KeyError:
        return requirement_id
    return f"{requirement_id} ({title})"


def _level_label(standard: Standard, level: str | None, lang: str) -> str:
    term = standard.levels.get(level) if level is not None else None
    return text_in(term.label, lang) if term is not None else level or "?"


def _text(
    template: Mapping[str, str],
    standard: Standard,
    *,
    unit: str = "",
    requirement: str | None = None,
    requirements: Sequence[str] = (),
    reason: str | None = None,
    leader: str = "",
    lagger: str = "",
    lead_level: str | None = None,
    lag_level: str | None = None,
) -> dict[str, str]:
    """``template`` in every language, with requirements and levels named in that language."""
    out = {}
    for lang in LANGUAGES:
        named = _requirement_label(standard, requirement, lang) if requirement else ""
        listed = ", ".join(_ordered(standard, requirements))
        out[lang] = template[lang].format(
            unit=unit,
            requirement=named,
            on=_ON[lang].format(requirement=named) if requirement else "",
            undecided=_UNDECIDED[lang].format(list=listed) if listed else "",
            reason=_REASON[lang].format(reason=reason) if reason else "",
            leader=leader,
            lagger=lagger,
            lead_level=_level_label(standard, lead_level, lang),
            lag_level=_level_label(standard, lag_level, lang),
        )
    return out
