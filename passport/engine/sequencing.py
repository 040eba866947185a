"""Sequencing an improvement plan: which actions a classification calls for, and in what order.

The standard decides what is mandatory (a ``mitigate`` finding, with its window); everything
else is an optional improvement that producer and partner order by a strategy the producer
chooses. The standard never imposes that order: it only says, per requirement, how much effort
and cost an improvement takes and whom it benefits (``Requirement.sequencing``).

The rule, for every strategy:

1. Mandatory actions come first, earliest due date first (actions without a date after those
   with one), then in the standard's order.
2. Optional actions follow, ordered by the strategy (see ``sequence``); ties always fall back
   to the standard's order, so the result depends only on the set of actions, never on the
   order they are given in.

Every placed action says why it sits where it does, in plain words in each language.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from .model import Requirement, Standard, Window
from .result import Classification
from .schema import Action, Benefit, CostBand, Effort, WindowAnchor

LANGUAGES = ("en", "es", "fr")
"""The languages every ``why`` and deadline reason is written in."""


class Strategy(StrEnum):
    """How optional improvements are ordered; the producer chooses."""

    QUICK_WINS = "quick_wins"
    SUPPLY_CHAIN = "supply_chain"
    BENEFIT_TO_MINERS = "benefit_to_miners"
    EARLIEST_DEADLINE = "earliest_deadline"


@dataclass(frozen=True, slots=True)
class DraftAction:
    """One action a classification calls for, before anyone has placed or dated it."""

    requirement_id: str
    cell_id: str
    level: str | None
    mandatory: bool
    """The finding asks to ``mitigate``: its window comes from the standard."""
    window: Window | None
    """The matched cell's window (e.g. P6M), if it has one."""


@dataclass(frozen=True, slots=True)
class ActionToPlace:
    requirement_id: str
    mandatory: bool
    due: dt.date | None
    priority: bool = False
    """Marked as a priority by the partner (the ``supply_chain`` strategy puts these first)."""


@dataclass(frozen=True, slots=True)
class PlacedAction:
    requirement_id: str
    position: int
    """1-based."""
    mandatory: bool
    why: Mapping[str, str]
    """Why it sits here, in plain words: ``{"en": …, "es": …, "fr": …}``."""


def draft_actions(standard: Standard, classification: Classification) -> tuple[DraftAction, ...]:
    """The actions ``classification`` calls for, in the standard's order.

    A ``mitigate`` finding makes a mandatory action, an ``improve`` finding an optional one;
    ``disengage_immediately``, ``none`` and undecided findings make none (there is nothing to
    plan: a producer must stop, has nothing to do, or must first answer the questions). A
    mitigate finding whose window expired with ``escalate_review`` still asks to mitigate, so it
    stays mandatory; one that expired with ``disengage_immediately`` no longer does.
    """
    if classification.standard != standard.ref:
        raise ValueError(
            f"the classification was made against {classification.standard}, not {standard.ref}; "
            "classify the answers against the plan's standard first"
        )
    findings = {f.requirement_id: f for f in classification.findings}
    drafted = []
    for requirement in standard.requirements:
        finding = findings.get(requirement.id)
        if finding is None or finding.cell_id is None or finding.action not in _PLANNED:
            continue
        cell = next(c for c in requirement.cells if c.id == finding.cell_id)
        drafted.append(
            DraftAction(
                requirement_id=requirement.id,
                cell_id=cell.id,
                level=finding.level,
                mandatory=finding.action is Action.MITIGATE,
                window=cell.window,
            )
        )
    return tuple(drafted)


_PLANNED = frozenset({Action.MITIGATE, Action.IMPROVE})


def due_date(window: Window, start: dt.date) -> dt.date:
    """The last day of ``window`` counted from ``start``, with the engine's calendar arithmetic:
    months clamp to the month's last day (31 August + P6M = 28 or 29 February). The window is
    still open on that day; it has passed from the next day on (see ``deadlines.py``)."""
    return window.after(start)


def sequence(
    standard: Standard, actions: Sequence[ActionToPlace], strategy: Strategy | str
) -> tuple[PlacedAction, ...]:
    """``actions`` in the order to tackle them, each with why it sits there.

    Mandatory actions first (earliest due first, undated last, then the standard's order).
    Then the optional ones, by ``strategy``:

    - ``quick_wins``: least effort first (low, medium, high), then least cost (none, low,
      medium, high), then the standard's order;
    - ``supply_chain``: those the partner marked a priority first (in the standard's order),
      then the rest as quick wins;
    - ``benefit_to_miners``: those that benefit miners' health, safety, income or legal
      security first, more of these benefits first; ties as quick wins;
    - ``earliest_deadline``: earliest due first, undated last, then the standard's order.

    Raises ``ValueError`` naming an unknown strategy, an unknown requirement or a requirement
    given twice. Pure: the inputs are not changed, and the result depends only on the set of
    actions, not on the order they come in.
    """
    chosen = _strategy(strategy)
    order = {r.id: k for k, r in enumerate(standard.requirements)}
    seen: set[str] = set()
    for action in actions:
        if action.requirement_id not in order:
            raise ValueError(f"requirement '{action.requirement_id}' is not in {standard.ref}")
        if action.requirement_id in seen:
            raise ValueError(
                f"requirement '{action.requirement_id}' has more than one action; give one per requirement"
            )
        seen.add(action.requirement_id)
    context = _Context(standard, order, tuple(actions))
    mandatory = sorted((a for a in actions if a.mandatory), key=context.by_deadline)
    optional = sorted((a for a in actions if not a.mandatory), key=_KEYS[chosen](context))
    placed = []
    for position, action in enumerate([*mandatory, *optional], start=1):
        why = _why_mandatory(context, action) if action.mandatory else _WHY[chosen](context, action)
        placed.append(PlacedAction(action.requirement_id, position, action.mandatory, why))
    return tuple(placed)


def _strategy(strategy: Strategy | str) -> Strategy:
    try:
        return Strategy(strategy)
    except ValueError:
        valid = ", ".join(s.value for s in Strategy)
        raise ValueError(f"unknown sequencing strategy '{strategy}'; use one of: {valid}") from None


# --- ordering -------------------------------------------------------------------------------------

_EFFORT_RANK = {Effort.LOW: 0, Effort.MEDIUM: 1, Effort.HIGH: 2}
_COST_RANK = {CostBand.NONE: 0, CostBand.LOW: 1, CostBand.MEDIUM: 2, CostBand.HIGH: 3}
TO_MINERS = (Benefit.HEALTH, Benefit.SAFETY, Benefit.INCOME, Benefit.LEGAL_SECURITY)
"""The benefits the ``benefit_to_miners`` strategy weighs, in the order they are named."""

SortKey = tuple[int | dt.date, ...]


@dataclass(frozen=True, slots=True)
class _Context:
    standard: Standard
    order: Mapping[str, int]
    actions: tuple[ActionToPlace, ...]

    def requirement(self, action: ActionToPlace) -> Requirement:
        return self.standard.requirements[self.order[action.requirement_id]]

    def by_deadline(self, action: ActionToPlace) -> SortKey:
        if action.due is None:
            return (1, dt.date.min, self.order[action.requirement_id])
        return (0, action.due, self.order[action.requirement_id])

    def quick(self, action: ActionToPlace) -> SortKey:
        sequencing = self.requirement(action).sequencing
        return (_EFFORT_RANK[sequencing.effort], _COST_RANK[sequencing.cost], self.order[action.requirement_id])

    def to_miners(self, action: ActionToPlace) -> tuple[Benefit, ...]:
        benefits = self.requirement(action).sequencing.benefits
        return tuple(b for b in TO_MINERS if b in benefits)

    @property
    def any_priority(self) -> bool:
        return any(a.priority and not a.mandatory for a in self.actions)


def _quick_wins(context: _Context) -> Callable[[ActionToPlace], SortKey]:
    return context.quick


def _supply_chain(context: _Context) -> Callable[[ActionToPlace], SortKey]:
    def key(action: ActionToPlace) -> SortKey:
        if action.priority:
            return (0, 0, 0, context.order[action.requirement_id])
        return (1, *context.quick(action))

    return key


def _benefit_to_miners(context: _Context) -> Callable[[ActionToPlace], SortKey]:
    def key(action: ActionToPlace) -> SortKey:
        return (-len(context.to_miners(action)), *context.quick(action))

    return key


def _earliest_deadline(context: _Context) -> Callable[[ActionToPlace], SortKey]:
    return context.by_deadline


_KEYS: Mapping[Strategy, Callable[[_Context], Callable[[ActionToPlace], SortKey]]] = {
    Strategy.QUICK_WINS: _quick_wins,
    Strategy.SUPPLY_CHAIN: _supply_chain,
    Strategy.BENEFIT_TO_MINERS: _benefit_to_miners,
    Strategy.EARLIEST_DEADLINE: _earliest_deadline,
}


# --- why, in plain words ----------------------------------------------------------------------------

_MANDATORY_DUE = {
    "en": "Mandatory: a risk to mitigate by {due}{window}; mandatory actions always come first, earliest deadline "
    "first.",
    "es": "Obligatoria: un riesgo que hay que mitigar a más tardar el {due}{window}; las acciones obligatorias "
    "siempre van primero, por orden de vencimiento.",
    "fr": "Obligatoire : un risque à atténuer au plus tard le {due}{window} ; les actions obligatoires passent "
    "toujours en premier, par ordre d'échéance.",
}
_MANDATORY_WINDOW = {
    "en": " (the standard gives {duration} from {anchor})",
    "es": " (el estándar da {duration} desde {anchor})",
    "fr": " (la norme accorde {duration} à compter {anchor})",
}
_MANDATORY_UNDATED = {
    "en": "Mandatory: a risk to mitigate within {duration} of {anchor}, as the standard sets; no date yet. "
    "Mandatory actions always come first, earliest deadline first.",
    "es": "Obligatoria: un riesgo que hay que mitigar en un plazo de {duration} desde {anchor}, como fija el estándar; "
    "aún sin fecha. Las acciones obligatorias siempre van primero, por orden de vencimiento.",
    "fr": "Obligatoire : un risque à atténuer dans un délai de {duration} à compter {anchor}, comme le fixe la "
    "norme ; pas encore de date. Les actions obligatoires passent toujours en premier, par ordre d'échéance.",
}
_MANDATORY_BARE = {
    "en": "Mandatory: a risk to mitigate, with no date yet; mandatory actions always come first, earliest deadline "
    "first.",
    "es": "Obligatoria: un riesgo que hay que mitigar, aún sin fecha; las acciones obligatorias siempre van primero, "
    "por orden de vencimiento.",
    "fr": "Obligatoire : un risque à atténuer, sans date pour l'instant ; les actions obligatoires passent "
    "toujours en premier, par ordre d'échéance.",
}
_ANCHOR = {
    WindowAnchor.PLAN_ADOPTED: {
        "en": "the plan's adoption",
        "es": "la adopción del plan",
        "fr": "de l'adoption du plan",
    },
    WindowAnchor.FIRST_IDENTIFIED: {
        "en": "when the risk was first identified",
        "es": "que se identificó el riesgo",
        "fr": "de la première identification du risque",
    },
}
_NUMBERS = {
    "en": ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"),
    "es": ("un", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve", "diez", "once", "doce"),
    "fr": ("un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix", "onze", "douze"),
}
_UNITS = {  # (singular, plural) of years, months, days
    "en": (("year", "years"), ("month", "months"), ("day", "days")),
    "es": (("año", "años"), ("mes", "meses"), ("día", "días")),
    "fr": (("an", "ans"), ("mois", "mois"), ("jour", "jours")),
}
_AND = {"en": "and", "es": "y", "fr": "et"}

_EFFORT = {
    "en": {Effort.LOW: "low effort", Effort.MEDIUM: "medium effort", Effort.HIGH: "high effort"},
    "es": {Effort.LOW: "poco esfuerzo", Effort.MEDIUM: "un esfuerzo moderado", Effort.HIGH: "mucho esfuerzo"},
    "fr": {Effort.LOW: "peu d'effort", Effort.MEDIUM: "un effort moyen", Effort.HIGH: "un effort important"},
}
_COST = {
    "en": {
        CostBand.NONE: "no cost",
        CostBand.LOW: "low cost",
        CostBand.MEDIUM: "medium cost",
        CostBand.HIGH: "high cost",
    },
    "es": {
        CostBand.NONE: "ningún costo",
        CostBand.LOW: "un costo bajo",
        CostBand.MEDIUM: "un costo medio",
        CostBand.HIGH: "un costo alto",
    },
    "fr": {
        CostBand.NONE: "aucun coût",
        CostBand.LOW: "un coût faible",
        CostBand.MEDIUM: "un coût moyen",
        CostBand.HIGH: "un coût élevé",
    },
}
_QUICK_WIN = {
    "en": "Quick win: {effort_cost}.",
    "es": "Logro rápido: {effort_cost}.",
    "fr": "Gain rapide : {effort_cost}.",
}
_NOT_QUICK = {
    "en": "{effort_cost}; quick wins come first: least effort, then least cost.",
    "es": "{effort_cost}; los logros rápidos van primero: menos esfuerzo, luego menos costo.",
    "fr": "{effort_cost} ; les gains rapides passent en premier : le moins d'effort, puis le moins de coût.",
}
_PRIORITY = {
    "en": "The plan's partner marked this a priority; priorities come right after the mandatory actions, in the "
    "standard's order.",
    "es": "El socio del plan la marcó como prioridad; las prioridades van justo después de las acciones "
    "obligatorias, en el orden del estándar.",
    "fr": "Le partenaire du plan l'a marquée comme prioritaire ; les priorités viennent juste après les actions "
    "obligatoires, dans l'ordre de la norme.",
}
_NOT_PRIORITY = {
    "en": "Not marked as a priority by the plan's partner; placed after the priorities, quick wins first "
    "({effort_cost}).",
    "es": "El socio del plan no la marcó como prioridad; va después de las prioridades, primero los logros rápidos "
    "({effort_cost}).",
    "fr": "Non marquée comme prioritaire par le partenaire du plan ; placée après les priorités, les gains rapides "
    "d'abord ({effort_cost}).",
}
_NO_PRIORITIES = {
    "en": "The plan's partner has marked no priority yet; quick wins first ({effort_cost}).",
    "es": "El socio del plan aún no ha marcado ninguna prioridad; primero los logros rápidos ({effort_cost}).",
    "fr": "Le partenaire du plan n'a encore marqué aucune priorité ; les gains rapides d'abord ({effort_cost}).",
}
_BENEFITS = {
    "en": "Benefits miners' {benefits}; actions with more benefits to miners come first, then quick wins.",
    "es": "Beneficia {benefits} de los mineros; primero las acciones con más beneficios para los mineros, luego "
    "los logros rápidos.",
    "fr": "Profite {benefits} des mineurs ; d'abord les actions qui profitent le plus aux mineurs, puis les gains "
    "rapides.",
}
_NO_BENEFIT = {
    "en": "No direct benefit to miners' health, safety, income or legal security; placed after the actions that "
    "have one, quick wins first ({effort_cost}).",
    "es": "Sin beneficio directo para la salud, la seguridad, los ingresos o la seguridad jurídica de los mineros; "
    "va después de las acciones que lo tienen, primero los logros rápidos ({effort_cost}).",
    "fr": "Aucun bénéfice direct pour la santé, la sécurité, les revenus ou la sécurité juridique des mineurs ; "
    "placée après les actions qui en ont un, les gains rapides d'abord ({effort_cost}).",
}
_BENEFIT_WORDS = {  # with the article (and, in French, the preposition) each language needs
    "en": {
        Benefit.HEALTH: "health",
        Benefit.SAFETY: "safety",
        Benefit.INCOME: "income",
        Benefit.LEGAL_SECURITY: "legal security",
    },
    "es": {
        Benefit.HEALTH: "la salud",
        Benefit.SAFETY: "la seguridad",
        Benefit.INCOME: "los ingresos",
        Benefit.LEGAL_SECURITY: "la seguridad jurídica",
    },
    "fr": {
        Benefit.HEALTH: "à la santé",
        Benefit.SAFETY: "à la sécurité",
        Benefit.INCOME: "aux revenus",
        Benefit.LEGAL_SECURITY: "à la sécurité juridique",
    },
}
_DEADLINE = {
    "en": "Due by {due}; earliest deadlines first, after the mandatory actions.",
    "es": "Vence el {due}; los plazos más próximos van primero, después de las acciones obligatorias.",
    "fr": "Échéance le {due} ; les échéances les plus proches passent en premier, après les actions obligatoires.",
}
_NO_DEADLINE = {
    "en": "No deadline yet; placed after the actions that have one, in the standard's order.",
    "es": "Aún sin plazo; va después de las acciones que tienen uno, en el orden del estándar.",
    "fr": "Pas encore d'échéance ; placée après les actions qui en ont une, dans l'ordre de la norme.",
}


def _why_mandatory(context: _Context, action: ActionToPlace) -> dict[str, str]:
    timing = _mitigation_window(context.requirement(action))
    why = {}
    for lang in LANGUAGES:
        if action.due is not None:
            window = ""
            if timing is not None:
                window = _MANDATORY_WINDOW[lang].format(
                    duration=duration_words(timing[0], lang), anchor=_ANCHOR[timing[1]][lang]
                )
            why[lang] = _MANDATORY_DUE[lang].format(due=action.due.isoformat(), window=window)
        elif timing is not None:
            why[lang] = _MANDATORY_UNDATED[lang].format(
                duration=duration_words(timing[0], lang), anchor=_ANCHOR[timing[1]][lang]
            )
        else:
            why[lang] = _MANDATORY_BARE[lang]
    return why


def _mitigation_window(requirement: Requirement) -> tuple[Window, WindowAnchor] | None:
    """The window of the requirement's mitigate cells, when they all share one."""
    windows = {(c.window, c.window_anchor) for c in requirement.cells if c.action is Action.MITIGATE}
    if len(windows) != 1:
        return None
    window, anchor = next(iter(windows))
    return None if window is None else (window, anchor)


def _why_quick_wins(context: _Context, action: ActionToPlace) -> dict[str, str]:
    sequencing = context.requirement(action).sequencing
    quick = sequencing.effort is Effort.LOW and sequencing.cost in (CostBand.NONE, CostBand.LOW)
    why = {}
    for lang in LANGUAGES:
        effort_cost = _effort_cost(context, action, lang)
        why[lang] = (
            _QUICK_WIN[lang].format(effort_cost=effort_cost)
            if quick
            else _NOT_QUICK[lang].format(effort_cost=_capitalised(effort_cost))
        )
    return why


def _why_supply_chain(context: _Context, action: ActionToPlace) -> dict[str, str]:
    if action.priority:
        return dict(_PRIORITY)
    texts = _NOT_PRIORITY if context.any_priority else _NO_PRIORITIES
    return {lang: texts[lang].format(effort_cost=_effort_cost(context, action, lang)) for lang in LANGUAGES}


def _why_benefit_to_miners(context: _Context, action: ActionToPlace) -> dict[str, str]:
    benefits = context.to_miners(action)
    if not benefits:
        return {lang: _NO_BENEFIT[lang].format(effort_cost=_effort_cost(context, action, lang)) for lang in LANGUAGES}
    return {
        lang: _BENEFITS[lang].format(benefits=_listed([_BENEFIT_WORDS[lang][b] for b in benefits], lang))
        for lang in LANGUAGES
    }


def _why_earliest_deadline(context: _Context, action: ActionToPlace) -> dict[str, str]:
    if action.due is None:
        return dict(_NO_DEADLINE)
    return {lang: _DEADLINE[lang].format(due=action.due.isoformat()) for lang in LANGUAGES}


_WHY: Mapping[Strategy, Callable[[_Context, ActionToPlace], dict[str, str]]] = {
    Strategy.QUICK_WINS: _why_quick_wins,
    Strategy.SUPPLY_CHAIN: _why_supply_chain,
    Strategy.BENEFIT_TO_MINERS: _why_benefit_to_miners,
    Strategy.EARLIEST_DEADLINE: _why_earliest_deadline,
}


def _effort_cost(context: _Context, action: ActionToPlace, lang: str) -> str:
    sequencing = context.requirement(action).sequencing
    return f"{_EFFORT[lang][sequencing.effort]} {_AND[lang]} {_COST[lang][sequencing.cost]}"


def duration_words(window: Window, lang: str) -> str:
    """``window`` in words: P6M → "six months", "seis meses", "six mois"; P1Y2M → "one year and two months"."""
    numbers, units = _NUMBERS.get(lang, _NUMBERS["en"]), _UNITS.get(lang, _UNITS["en"])
    parts = []
    for amount, (one, many) in zip((window.years, window.months, window.days), units, strict=True):
        if amount:
            count = numbers[amount - 1] if amount <= len(numbers) else str(amount)
            parts.append(f"{count} {one if amount == 1 else many}")
    return _listed(parts, lang)


def _listed(parts: Sequence[str], lang: str) -> str:
    """ "a", "a and b", "a, b and c" in ``lang``."""
    if len(parts) <= 1:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} {_AND.get(lang, 'and')} {parts[-1]}"


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


__all__ = [
    "ActionToPlace",
    "DraftAction",
    "PlacedAction",
    "Strategy",
    "draft_actions",
    "due_date",
    "sequence",
]
