"""Sharing: which of a producer's data a viewer sees, for what purpose, on which day.

One policy in one pure function, ``decide(viewer, rule, grants, purpose, day)``; every page, API
response, export and credential is meant to ask it (docs/sharing.md, decision 0015).

1. **The field.** Every piece of data has a sensitivity (``Visibility``): ``confidential``,
   ``partners`` or ``public``. An indicator's comes from the standard file; the platform's own
   fields have the defaults in ``PLATFORM_FIELDS``, which a producer may tighten
   (``tightened``) but never loosen. Personal data is always ``confidential``: a ``FieldRule``
   that says otherwise cannot be made.
2. **The audience.** The viewer acting for the producer is the ``producer``; the producer's
   authorised facilitator is the ``facilitator``. Anyone else is what their organisation's
   strongest grant makes them (actual partner, verifier, prospective partner, authority), if a
   grant is active on the day and covers the purpose asked; otherwise the ``public``. Default
   deny: no grant, no access beyond what is public.
3. **The table.** Producer and facilitator see everything. Actual partners and verifiers see
   public and partners fields, never personal data. Prospective partners see public fields and
   the partners fields marked ``prospective``. Authorities and the public see public fields
   only (authorities get statistics as aggregates, computed elsewhere with suppression).

Every decision says why, in plain words in each language, so a withheld field is shown as
withheld (with its reason), never as absent or as "no". Nothing is read from the clock: the day
is an argument.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from types import MappingProxyType

from .schema import Visibility
from .sequencing import LANGUAGES


class Audience(StrEnum):
    """Who a viewer is to a producer, on a day and for a purpose."""

    PRODUCER = "producer"
    FACILITATOR = "facilitator"
    ACTUAL_PARTNER = "actual_partner"
    PROSPECTIVE_PARTNER = "prospective_partner"
    VERIFIER = "verifier"
    AUTHORITY = "authority"
    PUBLIC = "public"


class Purpose(StrEnum):
    """Why a viewer looks; a grant names the purposes it covers."""

    DUE_DILIGENCE = "due_diligence"
    SOURCING = "sourcing"
    VERIFICATION = "verification"
    SUPPORT = "support"
    STATISTICS = "statistics"


def _audience(value: Audience | str, organisation: str) -> Audience:
    try:
        return Audience(value)
    except ValueError:
        valid = ", ".join(a.value for a in _GRANTED)
        raise ValueError(f"the grant to '{organisation}': unknown audience '{value}'; use one of: {valid}") from None


def _purpose(value: Purpose | str) -> Purpose:
    try:
        return Purpose(value)
    except ValueError:
        valid = ", ".join(p.value for p in Purpose)
        raise ValueError(f"unknown purpose '{value}'; use one of: {valid}") from None


def _visibility(value: Visibility | str, key: str) -> Visibility:
    try:
        return Visibility(value)
    except ValueError:
        valid = ", ".join(v.value for v in Visibility)
        raise ValueError(f"field '{key}': unknown sensitivity '{value}'; use one of: {valid}") from None


_PURPOSE_ORDER = {p: k for k, p in enumerate(Purpose)}


# The audiences a grant can give, strongest first. Actual partners and verifiers see the same
# fields; an actual partner's grant is named first because the relationship is the stronger one.
# The producer and its facilitator are never granted (they come from the viewer itself), and the
# public needs no grant.
_GRANTED = (Audience.ACTUAL_PARTNER, Audience.VERIFIER, Audience.PROSPECTIVE_PARTNER, Audience.AUTHORITY)
_STRENGTH = {audience: len(_GRANTED) - k for k, audience in enumerate(_GRANTED)}


@dataclass(frozen=True, slots=True)
class Grant:
    """The producer lets a named organisation see its data as ``audience``, for ``purposes``.

    Active from ``granted_on`` through ``until`` (inclusive; ``None``: no end date) and up to the
    day before ``revoked_on``: a revocation takes effect on the day it is made. Raises
    ``ValueError`` naming the organisation for a grant that cannot be given: no organisation, an
    audience no grant gives, no purpose, an authority grant for anything but statistics, or an
    end or revocation before the start. Audience and purposes may be given by their values.
    """

    organisation: str
    """The organisation as the viewer names it (``Viewer.organisation``); reasons quote it."""
    audience: Audience
    purposes: frozenset[Purpose]
    granted_on: dt.date
    until: dt.date | None = None
    revoked_on: dt.date | None = None

    def __post_init__(self) -> None:
        if not self.organisation.strip():
            raise ValueError("a grant names the organisation it is given to")
        who = f"the grant to '{self.organisation}'"
        audience = _audience(self.audience, self.organisation)
        try:
            purposes = frozenset(_purpose(p) for p in self.purposes)
        except ValueError as error:
            raise ValueError(f"{who}: {error}") from None
        object.__setattr__(self, "audience", audience)
        object.__setattr__(self, "purposes", purposes)
        if audience not in _GRANTED:
            grantable = ", ".join(a.value for a in _GRANTED)
            raise ValueError(
                f"{who} gives '{audience.value}', which no grant gives; use one of: {grantable} "
                "(the producer and its authorised facilitator need no grant, nor does the public)"
            )
        if not purposes:
            raise ValueError(f"{who} names no purpose; a grant is for at least one")
        if audience is Audience.AUTHORITY and purposes != {Purpose.STATISTICS}:
            raise ValueError(f"{who} is an authority's: authorities are granted access for statistics only")
        if self.until is not None and self.until < self.granted_on:
            raise ValueError(f"{who} ends on {self.until} before it starts on {self.granted_on}")
        if self.revoked_on is not None and self.revoked_on < self.granted_on:
            raise ValueError(f"{who} is revoked on {self.revoked_on} before it starts on {self.granted_on}")

    def active_on(self, day: dt.date) -> bool:
        return (
            self.granted_on <= day
            and (self.until is None or day <= self.until)
            and (self.revoked_on is None or day < self.revoked_on)
        )


@dataclass(frozen=True, slots=True)
class Viewer:
    """Who is looking, as the caller knows them."""

    organisation: str | None
    """``None``: an anonymous member of the public."""
    own: bool = False
    """Acts for the producer itself."""
    authorised_facilitator: bool = False
    """The producer has authorised this organisation as its facilitator (and not revoked it)."""

    def __post_init__(self) -> None:
        if (self.own or self.authorised_facilitator) and not self.organisation:
            raise ValueError("a viewer acting for the producer or as its facilitator names its organisation")


@dataclass(frozen=True, slots=True)
class FieldRule:
    """What a field is: its key, its sensitivity, and whether it is about people.

    Raises ``ValueError`` naming the field for personal data that is not ``confidential``: the
    platform's floor for personal data is not a default a rule can change.
    """

    key: str
    sensitivity: Visibility
    personal: bool = False
    """About people (members, unit names, files that show people): confidential, always."""
    prospective: bool = False
    """A ``partners`` field that prospective partners may see too (e.g. the findings). It means
    nothing on a public field (everyone sees it) or a confidential one (no partner does)."""

    def __post_init__(self) -> None:
        if not self.key:
            raise ValueError("a field rule needs a key")
        sensitivity = _visibility(self.sensitivity, self.key)
        object.__setattr__(self, "sensitivity", sensitivity)
        if self.personal and sensitivity is not Visibility.CONFIDENTIAL:
            raise ValueError(f"field '{self.key}' is personal data: it is confidential, never '{sensitivity.value}'")


PLATFORM_FIELDS: Mapping[str, FieldRule] = MappingProxyType(
    {
        rule.key: rule
        for rule in (
            FieldRule("producer.name", Visibility.PUBLIC),
            FieldRule("producer.region", Visibility.PUBLIC),
            FieldRule("producer.commodities", Visibility.PUBLIC),
            FieldRule("producer.outcome", Visibility.PUBLIC),
            FieldRule("producer.passport_status", Visibility.PUBLIC),
            FieldRule("titles", Visibility.PARTNERS),
            FieldRule("sites.coordinates", Visibility.PARTNERS),
            FieldRule("production.figures", Visibility.PARTNERS),
            FieldRule("assessment.answers", Visibility.PARTNERS),
            FieldRule("assessment.findings", Visibility.PARTNERS, prospective=True),
            FieldRule("plans", Visibility.PARTNERS),
            FieldRule("members.personal", Visibility.CONFIDENTIAL, personal=True),
            FieldRule("units.names", Visibility.CONFIDENTIAL, personal=True),
            FieldRule("evidence.files", Visibility.CONFIDENTIAL, personal=True),
            FieldRule("exclusions.reasons", Visibility.CONFIDENTIAL, personal=True),
        )
    }
)
"""The platform's own fields and their defaults (docs/sharing.md). A producer may tighten any of
them with ``tightened``; the personal ones are confidential and stay so."""

FIXED_FIELDS: frozenset[str] = frozenset({"producer.name"})
"""Fields a producer cannot tighten. Its name is how every organisation that may know it (one it
granted access, one that asked, one it authorised, a directory reader) tells it apart; a
producer that wants no stranger to see its name stays out of the public directory instead."""

_STRICTNESS = {Visibility.PUBLIC: 0, Visibility.PARTNERS: 1, Visibility.CONFIDENTIAL: 2}


def tightened(rule: FieldRule, requested: Visibility | str | None) -> FieldRule:
    """``rule`` with the producer's override ``requested``, which may only make it stricter.

    ``None``, the same sensitivity or a looser one leave ``rule`` as it is: a looser request is
    ignored, not an error, so a stored override can never loosen a field nor break a page when
    the platform's default later becomes stricter. A form tells the producer its request was
    refused by comparing ``tightened(rule, requested).sensitivity`` with ``requested``. Raises
    ``ValueError`` naming the field for a value that is no sensitivity. A field of
    ``FIXED_FIELDS`` (the producer's name) is left as it is, whatever is requested.
    """
    if requested is None:
        return rule
    wanted = _visibility(requested, rule.key)
    if rule.key in FIXED_FIELDS or _STRICTNESS[wanted] <= _STRICTNESS[rule.sensitivity]:
        return rule
    return replace(rule, sensitivity=wanted)


def audience_of(
    viewer: Viewer, grants: Sequence[Grant], day: dt.date, purpose: Purpose | str
) -> tuple[Audience, Grant | None]:
    """Who ``viewer`` is to the producer on ``day`` for ``purpose``, and the grant that makes it so.

    Acting for the producer: ``PRODUCER``; its authorised facilitator: ``FACILITATOR``;
    otherwise the strongest of the viewer organisation's grants that is active on ``day`` and
    covers ``purpose`` (partner, verifier, prospective partner, authority; among grants of one
    audience the one lasting longest); otherwise ``PUBLIC``. ``grants`` are the producer's; those
    to other organisations are ignored, and the result does not depend on their order. Raises
    ``ValueError`` for an unknown purpose.
    """
    wanted = _purpose(purpose)
    if viewer.own:
        return Audience.PRODUCER, None
    if viewer.authorised_facilitator:
        return Audience.FACILITATOR, None
    usable = [g for g in _held_by(viewer, grants) if g.active_on(day) and wanted in g.purposes]
    if not usable:
        return Audience.PUBLIC, None
    grant = max(usable, key=_strength)
    return grant.audience, grant


@dataclass(frozen=True, slots=True)
class Decision:
    visible: bool
    audience: Audience
    grant: Grant | None
    """The grant the viewer sees the field through (``None`` for the producer, its facilitator
    and the public)."""
    reason: Mapping[str, str]
    """Why, in plain words: ``{"en": …, "es": …, "fr": …}``. Show it where a field is withheld."""


def decide(viewer: Viewer, rule: FieldRule, grants: Sequence[Grant], purpose: Purpose | str, day: dt.date) -> Decision:
    """Whether ``viewer`` sees the field ``rule`` of a producer with ``grants``, for ``purpose``
    on ``day``, and why (the table is in the module docstring and docs/sharing.md)."""
    wanted = _purpose(purpose)
    audience, grant = audience_of(viewer, grants, day, wanted)
    visible = _sees(audience, rule)
    if visible:
        reason = _why_shown(viewer, rule, audience, grant, wanted, day)
    else:
        reason = _why_withheld(viewer, rule, audience, grant, grants, wanted, day)
    return Decision(visible, audience, grant, reason)


def _sees(audience: Audience, rule: FieldRule) -> bool:
    if audience in (Audience.PRODUCER, Audience.FACILITATOR) or rule.sensitivity is Visibility.PUBLIC:
        return True
    if rule.sensitivity is Visibility.CONFIDENTIAL:  # personal data is always confidential
        return False
    if audience in (Audience.ACTUAL_PARTNER, Audience.VERIFIER):
        return True
    return audience is Audience.PROSPECTIVE_PARTNER and rule.prospective


def _held_by(viewer: Viewer, grants: Iterable[Grant]) -> list[Grant]:
    return [g for g in grants if viewer.organisation is not None and g.organisation == viewer.organisation]


def _strength(grant: Grant) -> tuple[int, dt.date, int, tuple[int, ...], dt.date, dt.date]:
    """Stronger audience first, then the grant that lasts longest, then the older one; the last
    fields only make the order total, so the choice never depends on the order of the grants."""
    last = _last_day(grant)
    return (
        _STRENGTH[grant.audience],
        dt.date.max if last is None else last,
        -grant.granted_on.toordinal(),
        tuple(sorted(_PURPOSE_ORDER[p] for p in grant.purposes)),
        grant.until or dt.date.max,
        grant.revoked_on or dt.date.max,
    )


def _last_day(grant: Grant) -> dt.date | None:
    """The last day ``grant`` is active (``None``: no end); before ``granted_on`` if never."""
    revoked = None if grant.revoked_on is None else grant.revoked_on - dt.timedelta(days=1)
    return min((d for d in (grant.until, revoked) if d is not None), default=None)


# --- why, in plain words ----------------------------------------------------------------------------

Texts = Mapping[str, str]


def _why_shown(
    viewer: Viewer, rule: FieldRule, audience: Audience, grant: Grant | None, purpose: Purpose, day: dt.date
) -> dict[str, str]:
    if audience is Audience.PRODUCER:
        return _words(_OWN, org=viewer.organisation)
    if audience is Audience.FACILITATOR:
        return _words(_FACILITATOR, org=viewer.organisation)
    if rule.sensitivity is Visibility.PUBLIC:
        return _words(_PUBLIC, label=_label(rule))
    assert grant is not None  # a partners field is shown to a viewer only through a grant
    last = _last_day(grant)
    return {
        lang: _SHARED[audience][lang].format(
            org=grant.organisation,
            purpose=_PURPOSE_WORDS[purpose][lang],
            until=_OPEN_ENDED[lang] if last is None else _UNTIL[lang].format(day=last.isoformat()),
            label=_label(rule)[lang],
        )
        for lang in LANGUAGES
    }


def _why_withheld(
    viewer: Viewer,
    rule: FieldRule,
    audience: Audience,
    grant: Grant | None,
    grants: Sequence[Grant],
    purpose: Purpose,
    day: dt.date,
) -> dict[str, str]:
    label = _label(rule)
    if rule.personal:
        return _words(_PERSONAL, label=label)
    if rule.sensitivity is Visibility.CONFIDENTIAL:
        return _words(_CONFIDENTIAL, label=label)
    # A partners field, and the viewer is a prospective partner, an authority or the public.
    if grant is not None:
        texts = _NOT_PROSPECTIVE if audience is Audience.PROSPECTIVE_PARTNER else _PUBLIC_ONLY
        return _words(texts, org=grant.organisation, label=label)
    return _without_grant(viewer, grants, purpose, day, label)


def _without_grant(
    viewer: Viewer, grants: Sequence[Grant], purpose: Purpose, day: dt.date, label: Texts
) -> dict[str, str]:
    """Why a viewer with no usable grant is the public: the grant that comes nearest, if any."""
    if viewer.organisation is None:
        return _words(_PARTNERS_ONLY, label=label)
    held = _held_by(viewer, grants)
    other_purpose = [g for g in held if g.active_on(day)]
    if other_purpose:
        grant = max(other_purpose, key=_strength)
        return {
            lang: _OTHER_PURPOSE[lang].format(
                org=grant.organisation,
                purposes=_listed([_PURPOSE_WORDS[p][lang] for p in Purpose if p in grant.purposes], lang),
                purpose=_PURPOSE_WORDS[purpose][lang],
            )
            for lang in LANGUAGES
        }
    # Not started yet (a grant revoked before its first day never starts).
    upcoming = [g for g in held if day < g.granted_on and (g.revoked_on is None or g.revoked_on > g.granted_on)]
    if upcoming:
        grant = min(upcoming, key=lambda g: (g.granted_on, _strength(g)))
        return _words(_NOT_YET, org=grant.organisation, day=grant.granted_on.isoformat())
    ended = [g for g in held if g.granted_on <= day]  # started and not active: ended
    if ended:  # the latest to end explains
        grant = max(ended, key=lambda g: (_last_day(g) or dt.date.max, _strength(g)))
        if grant.revoked_on is not None and (grant.until is None or grant.revoked_on <= grant.until):
            return _words(_REVOKED, org=grant.organisation, day=grant.revoked_on.isoformat())
        assert grant.until is not None  # neither revoked nor started later: it expired
        return _words(_ENDED, org=grant.organisation, day=grant.until.isoformat())
    return _words(_NO_GRANT, org=viewer.organisation, label=label)


def _words(texts: Texts, label: Texts | None = None, **values: str | None) -> dict[str, str]:
    return {
        lang: texts[lang].format(**values, **({"label": label[lang]} if label is not None else {}))
        for lang in LANGUAGES
    }


def _label(rule: FieldRule) -> Texts:
    known = _LABELS.get(rule.key)
    if known is not None:
        return known
    return _THIS_PERSONAL_DATA if rule.personal else _THIS_INFORMATION


def _listed(parts: Sequence[str], lang: str) -> str:
    """ "a", "a and b", "a, b and c" in ``lang``."""
    if len(parts) <= 1:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} {_AND[lang]} {parts[-1]}"


_AND = {"en": "and", "es": "y", "fr": "et"}

_LABELS: Mapping[str, Texts] = {
    "producer.name": {"en": "the producer's name", "es": "el nombre del productor", "fr": "le nom du producteur"},
    "producer.region": {
        "en": "the producer's region",
        "es": "la región del productor",
        "fr": "la région du producteur",
    },
    "producer.commodities": {
        "en": "the producer's minerals",
        "es": "los minerales del productor",
        "fr": "les minerais du producteur",
    },
    "producer.outcome": {
        "en": "the assessment's outcome",
        "es": "el resultado de la evaluación",
        "fr": "le résultat de l'évaluation",
    },
    "producer.passport_status": {
        "en": "the passport's status",
        "es": "el estado del pasaporte",
        "fr": "le statut du passeport",
    },
    "titles": {"en": "the mining titles", "es": "los títulos mineros", "fr": "les titres miniers"},
    "sites.coordinates": {
        "en": "the sites' coordinates",
        "es": "las coordenadas de los sitios",
        "fr": "les coordonnées des sites",
    },
    "production.figures": {
        "en": "the production figures",
        "es": "las cifras de producción",
        "fr": "les chiffres de production",
    },
    "assessment.answers": {
        "en": "the assessment's answers",
        "es": "las respuestas de la evaluación",
        "fr": "les réponses de l'évaluation",
    },
    "assessment.findings": {
        "en": "the findings and their actions",
        "es": "los hallazgos y sus acciones",
        "fr": "les constats et leurs actions",
    },
    "plans": {"en": "the plans", "es": "los planes", "fr": "les plans"},
    "members.personal": {
        "en": "members' personal data",
        "es": "los datos personales de los miembros",
        "fr": "les données personnelles des membres",
    },
    "units.names": {
        "en": "the names of the cooperative's units",
        "es": "los nombres de las unidades de la cooperativa",
        "fr": "les noms des unités de la coopérative",
    },
    "evidence.files": {
        "en": "the evidence files",
        "es": "los archivos de evidencia",
        "fr": "les fichiers de preuve",
    },
    "exclusions.reasons": {
        "en": "why units were excluded",
        "es": "los motivos de exclusión de las unidades",
        "fr": "les motifs d'exclusion des unités",
    },
}
_THIS_INFORMATION = {"en": "this information", "es": "esta información", "fr": "cette information"}
_THIS_PERSONAL_DATA = {"en": "this personal data", "es": "estos datos personales", "fr": "ces données personnelles"}

_PURPOSE_WORDS: Mapping[Purpose, Texts] = {
    Purpose.DUE_DILIGENCE: {"en": "due diligence", "es": "la debida diligencia", "fr": "le devoir de diligence"},
    Purpose.SOURCING: {"en": "sourcing", "es": "el abastecimiento", "fr": "l'approvisionnement"},
    Purpose.VERIFICATION: {"en": "verification", "es": "la verificación", "fr": "la vérification"},
    Purpose.SUPPORT: {"en": "support", "es": "el acompañamiento", "fr": "l'accompagnement"},
    Purpose.STATISTICS: {"en": "statistics", "es": "las estadísticas", "fr": "les statistiques"},
}
_UNTIL = {"en": " until {day}", "es": " hasta el {day}", "fr": " jusqu'au {day}"}
_OPEN_ENDED = {"en": ", with no end date", "es": ", sin fecha de fin", "fr": ", sans date de fin"}

_OWN = {
    "en": "Shown: {org} acts for the producer, which sees all its own data.",
    "es": "Visible: {org} actúa en nombre del productor, que ve todos sus datos.",
    "fr": "Visible : {org} agit pour le producteur, qui voit toutes ses données.",
}
_FACILITATOR = {
    "en": "Shown: {org} is the producer's authorised facilitator, which sees what the producer sees.",
    "es": "Visible: {org} es el facilitador autorizado del productor, que ve lo mismo que el productor.",
    "fr": "Visible : {org} est le facilitateur autorisé du producteur, qui voit ce que voit le producteur.",
}
_PUBLIC = {
    "en": "Public: anyone may see {label}.",
    "es": "Público: cualquiera puede ver {label}.",
    "fr": "Public : tout le monde peut voir {label}.",
}
_SHARED: Mapping[Audience, Texts] = {
    Audience.ACTUAL_PARTNER: {
        "en": "Shared with partners: {org} holds a partner grant for {purpose}{until}.",
        "es": "Compartido con socios: {org} tiene acceso de socio para {purpose}{until}.",
        "fr": "Partagé avec les partenaires : {org} dispose d'un accès de partenaire pour {purpose}{until}.",
    },
    Audience.VERIFIER: {
        "en": "Shared with verifiers: {org} holds a verifier grant for {purpose}{until}.",
        "es": "Compartido con verificadores: {org} tiene acceso de verificador para {purpose}{until}.",
        "fr": "Partagé avec les vérificateurs : {org} dispose d'un accès de vérificateur pour {purpose}{until}.",
    },
    Audience.PROSPECTIVE_PARTNER: {
        "en": "Shared with prospective partners: {org} holds a prospective-partner grant for {purpose}{until}, "
        "and prospective partners may see {label}.",
        "es": "Compartido con socios potenciales: {org} tiene acceso de socio potencial para {purpose}{until}, y "
        "los socios potenciales pueden ver {label}.",
        "fr": "Partagé avec les partenaires potentiels : {org} dispose d'un accès de partenaire potentiel pour "
        "{purpose}{until}, et les partenaires potentiels peuvent voir {label}.",
    },
}
_PERSONAL = {
    "en": "Withheld: only the producer and its facilitator see {label}.",
    "es": "No compartido: solo el productor y su facilitador ven {label}.",
    "fr": "Non partagé : seuls le producteur et son facilitateur voient {label}.",
}
_CONFIDENTIAL = {
    "en": "Withheld: the producer shares {label} with no one but its facilitator.",
    "es": "No compartido: el productor no comparte {label} con nadie más que su facilitador.",
    "fr": "Non partagé : le producteur ne partage {label} qu'avec son facilitateur.",
}
_NOT_PROSPECTIVE = {
    "en": "Withheld: {org} holds a prospective-partner grant, and only actual partners and verifiers see {label}.",
    "es": "No compartido: {org} tiene acceso de socio potencial, y solo los socios actuales y los verificadores "
    "ven {label}.",
    "fr": "Non partagé : {org} dispose d'un accès de partenaire potentiel, et seuls les partenaires actuels "
    "et les vérificateurs voient {label}.",
}
_PUBLIC_ONLY = {
    "en": "Withheld: {org} holds an authority grant, which shows public information only; authorities receive "
    "statistics as aggregates.",
    "es": "No compartido: {org} tiene acceso de autoridad, que solo muestra la información pública; las autoridades "
    "reciben las estadísticas como agregados.",
    "fr": "Non partagé : {org} dispose d'un accès d'autorité, qui ne montre que les informations publiques ; les "
    "autorités reçoivent les statistiques sous forme agrégée.",
}
_PARTNERS_ONLY = {
    "en": "Withheld: only organisations the producer has granted access see {label}.",
    "es": "No compartido: solo las organizaciones a las que el productor dio acceso ven {label}.",
    "fr": "Non partagé : seules les organisations auxquelles le producteur a donné accès voient {label}.",
}
_NO_GRANT = {
    "en": "Withheld: only organisations the producer has granted access see {label}, and {org} holds no grant.",
    "es": "No compartido: solo las organizaciones a las que el productor dio acceso ven {label}, y {org} no tiene "
    "acceso.",
    "fr": "Non partagé : seules les organisations auxquelles le producteur a donné accès voient {label}, et {org} n'a "
    "aucun accès.",
}
_OTHER_PURPOSE = {
    "en": "Withheld: the grant to {org} covers {purposes}, not {purpose}.",
    "es": "No compartido: el acceso de {org} cubre {purposes}, no {purpose}.",
    "fr": "Non partagé : l'accès de {org} couvre {purposes}, pas {purpose}.",
}
_NOT_YET = {
    "en": "Withheld: the grant to {org} starts on {day}.",
    "es": "No compartido: el acceso de {org} empieza el {day}.",
    "fr": "Non partagé : l'accès de {org} commence le {day}.",
}
_ENDED = {
    "en": "Withheld: the grant to {org} ended on {day}.",
    "es": "No compartido: el acceso de {org} terminó el {day}.",
    "fr": "Non partagé : l'accès de {org} a pris fin le {day}.",
}
_REVOKED = {
    "en": "Withheld: the producer revoked the grant to {org} on {day}.",
    "es": "No compartido: el productor revocó el acceso de {org} el {day}.",
    "fr": "Non partagé : le producteur a révoqué l'accès de {org} le {day}.",
}


__all__ = [
    "PLATFORM_FIELDS",
    "Audience",
    "Decision",
    "FieldRule",
    "Grant",
    "Purpose",
    "Viewer",
    "audience_of",
    "decide",
    "tightened",
]
