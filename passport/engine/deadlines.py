"""Where each action of an adopted plan stands against its deadline on a given day.

The rule for a due date, the same one ``classify`` uses for windows: the window is still open
on the due day itself and has passed from the next day on. So ``days_left = (due - as_of).days``
is 0 on the due day (due today, not late) and negative once the deadline has passed.

Mandatory actions (a risk to mitigate) are judged against the producer's latest assessment,
re-classified by the caller on ``as_of`` with the plan's adoption date as ``PlanState``:

- ``resolved`` when the latest finding no longer asks to mitigate (nor to disengage), or the
  requirement no longer applies to the producer: only a later assessment ends the clock;
- ``not_eligible`` when the engine found the window expired with the same risk still present
  and the cell's ``on_expiry`` is ``disengage_immediately``; the producer is then not eligible;
- ``expired_review`` when it expired with ``escalate_review``: the class stays, the partner
  reviews;
- otherwise ``overdue`` (past the due date), ``due_soon`` (0 to ``warn_days`` days left) or
  ``on_track``. Marking a mandatory action done does not stop its clock.

Optional actions: ``done`` when marked done, ``no_deadline`` without a due date, otherwise
``overdue`` / ``due_soon`` / ``on_track``; they never change the outcome.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .model import NOT_ELIGIBLE, Standard, text_in
from .result import Classification, Finding
from .schema import Action, ExpiryAction
from .sequencing import LANGUAGES


class DeadlineStatus(StrEnum):
    ON_TRACK = "on_track"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    DONE = "done"
    RESOLVED = "resolved"
    EXPIRED_REVIEW = "expired_review"
    NOT_ELIGIBLE = "not_eligible"
    NO_DEADLINE = "no_deadline"


@dataclass(frozen=True, slots=True)
class TrackedAction:
    requirement_id: str
    mandatory: bool
    due: dt.date | None
    done: bool = False


@dataclass(frozen=True, slots=True)
class DeadlineCheck:
    requirement_id: str
    mandatory: bool
    status: DeadlineStatus
    due: dt.date | None
    days_left: int | None
    """``(due - as_of).days``: 0 on the due day, negative once passed; ``None`` without a due date."""
    reason: Mapping[str, str]
    """Why, in plain words: ``{"en": …, "es": …, "fr": …}``."""


@dataclass(frozen=True, slots=True)
class DeadlineReport:
    as_of: dt.date
    checks: tuple[DeadlineCheck, ...]
    outcome: str
    """The producer's outcome after the check."""
    reasons: tuple[Mapping[str, str], ...]
    """Why the check changed the outcome: one per expired window that disengages (else empty)."""

    @property
    def changed(self) -> bool:
        return bool(self.reasons)


def check_deadlines(
    standard: Standard,
    actions: Sequence[TrackedAction],
    latest: Classification,
    as_of: dt.date,
    warn_days: int = 30,
) -> DeadlineReport:
    """Each of ``actions`` checked on ``as_of`` (the producer's local date), in the given order.

    ``latest`` is the classification of the producer's latest submitted answers, made on
    ``as_of`` with ``PlanState(adopted_on=…)`` for the mandatory actions, so that the engine
    itself decides whether a window expired (see the module docstring for the rule). A
    mandatory action without a due date takes the one the engine computed, if any.

    The outcome is ``not_eligible`` if any check is, or if ``latest`` is; otherwise
    ``latest.outcome``. Raises ``ValueError`` naming an unknown requirement or a negative
    ``warn_days``. Pure: nothing is read from the clock.
    """
    if warn_days < 0:
        raise ValueError(f"warn_days must be 0 or more, not {warn_days}")
    known = {r.id for r in standard.requirements}
    for action in actions:
        if action.requirement_id not in known:
            raise ValueError(f"requirement '{action.requirement_id}' is not in {standard.ref}")
    findings = {f.requirement_id: f for f in latest.findings}
    checks = tuple(
        _mandatory(standard, a, findings.get(a.requirement_id), as_of, warn_days)
        if a.mandatory
        else _optional(standard, a, as_of, warn_days)
        for a in actions
    )
    disengaged = tuple(c.reason for c in checks if c.status is DeadlineStatus.NOT_ELIGIBLE)
    outcome = NOT_ELIGIBLE if disengaged else latest.outcome
    return DeadlineReport(as_of=as_of, checks=checks, outcome=outcome, reasons=disengaged)


def local_date(moment: dt.datetime, zone: str) -> dt.date:
    """The date in the IANA time zone ``zone`` at the instant ``moment`` (which must be aware).

    Deadlines are judged on the producer's local date: at 2027-03-01T03:00Z it is still
    2027-02-28 in Bogotá, and already 2027-03-01 in Lubumbashi.
    """
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{moment.isoformat()} has no time zone; give an aware datetime (e.g. in UTC)")
    try:
        tz = ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise ValueError(f"unknown time zone '{zone}'; use an IANA name such as 'America/Bogota'") from None
    return moment.astimezone(tz).date()


def _mandatory(
    standard: Standard, action: TrackedAction, finding: Finding | None, as_of: dt.date, warn_days: int
) -> DeadlineCheck:
    due = action.due if action.due is not None or finding is None else finding.due
    if finding is None:
        return _check(standard, action, DeadlineStatus.RESOLVED, due, as_of, _NO_LONGER_APPLIES)
    if finding.expired and finding.escalation is not None:
        # The engine's own due date: the one it judged the window against.
        due = finding.due if finding.due is not None else due
        if finding.escalation is ExpiryAction.DISENGAGE_IMMEDIATELY:
            return _check(standard, action, DeadlineStatus.NOT_ELIGIBLE, due, as_of, _DISENGAGE)
        return _check(standard, action, DeadlineStatus.EXPIRED_REVIEW, due, as_of, _REVIEW)
    if finding.decided and finding.action not in (Action.MITIGATE, Action.DISENGAGE_IMMEDIATELY):
        return _check(standard, action, DeadlineStatus.RESOLVED, due, as_of, _RESOLVED)
    # Still to mitigate, or undecided (an unanswered question is never "no risk"): the clock runs.
    return _by_date(standard, action, due, as_of, warn_days, _MANDATORY_OVERDUE)


def _optional(standard: Standard, action: TrackedAction, as_of: dt.date, warn_days: int) -> DeadlineCheck:
    if action.done:
        return _check(standard, action, DeadlineStatus.DONE, action.due, as_of, _DONE)
    return _by_date(standard, action, action.due, as_of, warn_days, _OPTIONAL_OVERDUE)


Texts = tuple[Mapping[str, str], Mapping[str, str]]
"""A reason's words with a due date, and without one."""


def _by_date(
    standard: Standard, action: TrackedAction, due: dt.date | None, as_of: dt.date, warn_days: int, overdue: Texts
) -> DeadlineCheck:
    if due is None:
        return _check(standard, action, DeadlineStatus.NO_DEADLINE, None, as_of, _UNDATED)
    days_left = (due - as_of).days
    if days_left < 0:
        return _check(standard, action, DeadlineStatus.OVERDUE, due, as_of, overdue)
    if days_left <= warn_days:
        return _check(standard, action, DeadlineStatus.DUE_SOON, due, as_of, _DUE_SOON)
    return _check(standard, action, DeadlineStatus.ON_TRACK, due, as_of, _ON_TRACK)


def _check(
    standard: Standard,
    action: TrackedAction,
    status: DeadlineStatus,
    due: dt.date | None,
    as_of: dt.date,
    texts: Texts,
) -> DeadlineCheck:
    days_left = None if due is None else (due - as_of).days
    requirement = standard.requirement(action.requirement_id)
    words = texts[0] if due is not None else texts[1]
    reason = {
        lang: words[lang].format(
            requirement=f"{requirement.id} ({text_in(requirement.title, lang)})",
            due=due.isoformat() if due is not None else "",
            days=_days(days_left, lang),
        )
        for lang in LANGUAGES
    }
    return DeadlineCheck(action.requirement_id, action.mandatory, status, due, days_left, reason)


def _days(days_left: int | None, lang: str) -> str:
    if days_left is None:
        return ""
    if days_left == 0:
        return _TODAY[lang]
    if days_left > 0:
        return (_ONE_LEFT if days_left == 1 else _LEFT)[lang].format(n=days_left)
    return (_ONE_AGO if days_left == -1 else _AGO)[lang].format(n=-days_left)


_TODAY = {"en": "that is today", "es": "es hoy", "fr": "c'est aujourd'hui"}
_ONE_LEFT = {"en": "1 day left", "es": "queda 1 día", "fr": "il reste 1 jour"}
_LEFT = {"en": "{n} days left", "es": "quedan {n} días", "fr": "il reste {n} jours"}
_ONE_AGO = {"en": "1 day ago", "es": "hace 1 día", "fr": "il y a 1 jour"}
_AGO = {"en": "{n} days ago", "es": "hace {n} días", "fr": "il y a {n} jours"}

# Every reason names the requirement, the date and what follows. The second mapping of each pair
# is for an action without a due date; it is unreachable for the statuses that need one.
_ON_TRACK: Texts = (
    {
        "en": "{requirement}: due on {due}, {days}; on track.",
        "es": "{requirement}: vence el {due}, {days}; va a tiempo.",
        "fr": "{requirement} : échéance le {due}, {days} ; dans les temps.",
    },
    {},
)
_DUE_SOON: Texts = (
    {
        "en": "{requirement}: due on {due}, {days}; the deadline is close.",
        "es": "{requirement}: vence el {due}, {days}; el plazo está cerca.",
        "fr": "{requirement} : échéance le {due}, {days} ; l'échéance approche.",
    },
    {},
)
_MANDATORY_OVERDUE: Texts = (
    {
        "en": "{requirement}: the deadline to mitigate was {due} ({days}); a new assessment must show the risk "
        "mitigated, or the partner reviews the case.",
        "es": "{requirement}: el plazo para mitigar era el {due} ({days}); una nueva evaluación debe mostrar el "
        "riesgo mitigado, o el socio revisa el caso.",
        "fr": "{requirement} : le délai d'atténuation était le {due} ({days}) ; une nouvelle évaluation doit montrer "
        "le risque atténué, sinon le partenaire réexamine le cas.",
    },
    {},
)
_OPTIONAL_OVERDUE: Texts = (
    {
        "en": "{requirement}: was due on {due} ({days}) and is not done yet; this does not change the result, "
        "agree a new date with your partner.",
        "es": "{requirement}: vencía el {due} ({days}) y aún no está hecha; esto no cambia el resultado, acuerde "
        "una nueva fecha con su socio.",
        "fr": "{requirement} : l'échéance était le {due} ({days}) et l'action n'est pas encore faite ; cela ne "
        "change pas le résultat, convenez d'une nouvelle date avec votre partenaire.",
    },
    {},
)
_DISENGAGE: Texts = (
    {
        "en": "{requirement}: the window to mitigate ended on {due} and the latest assessment still finds the "
        "risk; as the standard sets, the producer no longer meets the entry criteria.",
        "es": "{requirement}: el plazo para mitigar terminó el {due} y la última evaluación aún encuentra el "
        "riesgo; como fija el estándar, el productor ya no cumple los criterios de entrada.",
        "fr": "{requirement} : le délai d'atténuation a pris fin le {due} et la dernière évaluation constate "
        "toujours le risque ; comme le fixe la norme, le producteur ne remplit plus les critères d'entrée.",
    },
    {
        "en": "{requirement}: the window to mitigate has ended and the latest assessment still finds the risk; "
        "as the standard sets, the producer no longer meets the entry criteria.",
        "es": "{requirement}: el plazo para mitigar terminó y la última evaluación aún encuentra el riesgo; como "
        "fija el estándar, el productor ya no cumple los criterios de entrada.",
        "fr": "{requirement} : le délai d'atténuation a pris fin et la dernière évaluation constate toujours le "
        "risque ; comme le fixe la norme, le producteur ne remplit plus les critères d'entrée.",
    },
)
_REVIEW: Texts = (
    {
        "en": "{requirement}: the window to mitigate ended on {due} and the latest assessment still finds the "
        "risk; the standard asks the partner to review the case (the result does not change).",
        "es": "{requirement}: el plazo para mitigar terminó el {due} y la última evaluación aún encuentra el "
        "riesgo; el estándar pide al socio revisar el caso (el resultado no cambia).",
        "fr": "{requirement} : le délai d'atténuation a pris fin le {due} et la dernière évaluation constate "
        "toujours le risque ; la norme demande au partenaire de réexaminer le cas (le résultat ne change pas).",
    },
    {
        "en": "{requirement}: the window to mitigate has ended and the latest assessment still finds the risk; "
        "the standard asks the partner to review the case (the result does not change).",
        "es": "{requirement}: el plazo para mitigar terminó y la última evaluación aún encuentra el riesgo; el "
        "estándar pide al socio revisar el caso (el resultado no cambia).",
        "fr": "{requirement} : le délai d'atténuation a pris fin et la dernière évaluation constate toujours le "
        "risque ; la norme demande au partenaire de réexaminer le cas (le résultat ne change pas).",
    },
)
_RESOLVED: Texts = (
    {
        "en": "{requirement}: the latest assessment no longer finds a risk to mitigate; the deadline of {due} "
        "no longer applies.",
        "es": "{requirement}: la última evaluación ya no encuentra un riesgo que mitigar; el plazo del {due} ya "
        "no se aplica.",
        "fr": "{requirement} : la dernière évaluation ne constate plus de risque à atténuer ; l'échéance du {due} "
        "ne s'applique plus.",
    },
    {
        "en": "{requirement}: the latest assessment no longer finds a risk to mitigate; no deadline applies.",
        "es": "{requirement}: la última evaluación ya no encuentra un riesgo que mitigar; no se aplica ningún plazo.",
        "fr": "{requirement} : la dernière évaluation ne constate plus de risque à atténuer ; aucune échéance ne "
        "s'applique.",
    },
)
_NO_LONGER_APPLIES: Texts = (
    {
        "en": "{requirement}: no longer applies to the producer in the latest assessment; the deadline of {due} "
        "no longer applies.",
        "es": "{requirement}: ya no se aplica al productor en la última evaluación; el plazo del {due} ya no se "
        "aplica.",
        "fr": "{requirement} : ne s'applique plus au producteur dans la dernière évaluation ; l'échéance du {due} "
        "ne s'applique plus.",
    },
    {
        "en": "{requirement}: no longer applies to the producer in the latest assessment; no deadline applies.",
        "es": "{requirement}: ya no se aplica al productor en la última evaluación; no se aplica ningún plazo.",
        "fr": "{requirement} : ne s'applique plus au producteur dans la dernière évaluation ; aucune échéance ne "
        "s'applique.",
    },
)
_DONE: Texts = (
    {
        "en": "{requirement}: marked done (it was due on {due}).",
        "es": "{requirement}: marcada como hecha (vencía el {due}).",
        "fr": "{requirement} : marquée comme faite (échéance le {due}).",
    },
    {
        "en": "{requirement}: marked done.",
        "es": "{requirement}: marcada como hecha.",
        "fr": "{requirement} : marquée comme faite.",
    },
)
_UNDATED: Texts = (
    {},
    {
        "en": "{requirement}: no deadline set yet.",
        "es": "{requirement}: aún sin plazo fijado.",
        "fr": "{requirement} : pas encore d'échéance fixée.",
    },
)


__all__ = [
    "DeadlineCheck",
    "DeadlineReport",
    "DeadlineStatus",
    "TrackedAction",
    "check_deadlines",
    "local_date",
]
