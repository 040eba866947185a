"""The standard file format, as typed documents.

These pydantic models describe what an author writes in ``standards/*.yaml``. They are the
single source of the committed JSON Schema (``standards/schema/standard.schema.json``) that
gives editors completion. Validation here is structural only (shapes, types, vocabularies);
cross-references, conditions and completeness are checked when the document is compiled
(see ``loader.py`` and ``cells.py``), where every message can name the line it is about.
"""

from __future__ import annotations

import datetime as dt
import json
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, StringConstraints

Identifier = Annotated[str, StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9_.-]*$", max_length=64)]
"""A stable identifier: starts with a letter, then letters, digits, ``_``, ``.`` or ``-``."""

LanguageCode = Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")]

Duration = Annotated[
    str,
    StringConstraints(pattern=r"^P(\d+Y(\d+M)?(\d+W)?(\d+D)?|\d+M(\d+W)?(\d+D)?|\d+W(\d+D)?|\d+D)$"),
    Field(description="ISO 8601 duration in whole years, months, weeks or days, e.g. P6M."),
]

Text = dict[LanguageCode, Annotated[str, StringConstraints(strict=True, min_length=1)]]
"""Human text in several languages, keyed by ISO 639-1 code: ``{en: ..., es: ..., fr: ...}``."""


class _Strict(BaseModel):
    """Unknown fields are errors; text and yes/no fields take no coercion (``no`` is not text)."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Status(StrEnum):
    DRAFT = "draft"
    CONSULTATION = "consultation"
    PUBLISHED = "published"
    RETIRED = "retired"


class ModuleKind(StrEnum):
    AFFILIATION = "affiliation"
    LEGITIMACY_GATE = "legitimacy_gate"
    DISENGAGE_IMMEDIATELY = "disengage_immediately"
    MITIGATE_WITHIN_WINDOW = "mitigate_within_window"
    PROGRESSIVE = "progressive"


class Action(StrEnum):
    """What the finding asks for. The outcome class follows from the action."""

    NONE = "none"
    IMPROVE = "improve"
    MITIGATE = "mitigate"
    DISENGAGE_IMMEDIATELY = "disengage_immediately"


class ExpiryAction(StrEnum):
    DISENGAGE_IMMEDIATELY = "disengage_immediately"
    ESCALATE_REVIEW = "escalate_review"


class WindowAnchor(StrEnum):
    PLAN_ADOPTED = "plan_adopted"
    FIRST_IDENTIFIED = "first_identified"


class IndicatorType(StrEnum):
    BOOL = "bool"
    ENUM = "enum"
    INTEGER = "integer"
    DECIMAL = "decimal"
    DATE = "date"
    TEXT = "text"


class Visibility(StrEnum):
    CONFIDENTIAL = "confidential"
    PARTNERS = "partners"
    PUBLIC = "public"


class Effort(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class CostBand(StrEnum):
    NONE = "none"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class Benefit(StrEnum):
    HEALTH = "health"
    SAFETY = "safety"
    INCOME = "income"
    LEGAL_SECURITY = "legal_security"
    ENVIRONMENT = "environment"
    COMMUNITY = "community"
    MARKET_ACCESS = "market_access"


class ReferenceScheme(StrEnum):
    OECD_ANNEX_II = "oecd_annex_ii"
    OECD_GOLD_SUPPLEMENT = "oecd_gold_supplement"
    CRAFT = "craft"
    ISO_26000 = "iso_26000"
    ILO = "ilo"
    MINAMATA = "minamata"
    VPSHR = "vpshr"
    NATIONAL_LAW = "national_law"


class Source(_Strict):
    name: str
    version: str | None = None
    url: str | None = None


class StandardHeader(_Strict):
    id: Identifier
    version: Annotated[str, StringConstraints(pattern=r"^\d+\.\d+(\.\d+)?$")]
    status: Status
    title: Text
    description: Text | None = None
    licence: str
    attribution: Text | None = None
    derived_from: list[Source] = []
    supersedes: str | None = Field(None, description="id@version of the version this replaces")
    published_on: dt.date | None = None
    languages: list[LanguageCode] = Field(min_length=1)


class OutcomeClass(_Strict):
    id: Identifier
    rank: StrictInt = Field(description="0 is the worst outcome")
    label: Text
    description: Text | None = None


class Level(_Strict):
    id: Identifier
    rank: StrictInt = Field(description="0 is the lowest level of practice")
    label: Text
    description: Text | None = None


class VocabularyTerm(_Strict):
    id: Identifier
    label: Text
    parent: Identifier | None = Field(None, description="for a subtype (e.g. barequero), the type it belongs to")


class Module(_Strict):
    id: Identifier
    order: StrictInt
    kind: ModuleKind
    title: Text
    description: Text | None = None
    default_window: Duration | None = None


class Reference(_Strict):
    scheme: ReferenceScheme
    ref: str
    note: str | None = None


class AppliesTo(_Strict):
    """Who a requirement applies to. An omitted list means "all"; a given list must match."""

    producer_types: list[Identifier] | None = None
    commodities: list[Identifier] | None = None
    methods: list[Identifier] | None = None


class Sequencing(_Strict):
    """What sequencing strategies weigh; never an order imposed by the standard."""

    effort: Effort
    cost: CostBand
    benefits: list[Benefit] = Field(min_length=1)


class EnumValue(_Strict):
    id: Identifier
    label: Text


class Indicator(_Strict):
    id: Identifier
    type: IndicatorType
    question: Text
    label: Text = Field(description="a short phrase used when explaining a finding")
    help: Text | None = None
    unit: str | None = None
    values: list[EnumValue] | None = Field(None, description="the choices of an enum indicator")
    minimum: float | None = None
    maximum: float | None = None
    required: StrictBool = True
    visibility: Visibility
    relevant: str | None = Field(None, description="condition over this requirement's indicators: ask only when true")


class Cell(_Strict):
    id: Identifier
    when: str | None = Field(
        None, description="condition over this requirement's indicators; omit in the one `otherwise` cell"
    )
    otherwise: StrictBool = False
    label: Text = Field(description="what this graduated cell means, in plain words")
    level: Identifier
    action: Action
    window: Duration | None = None
    window_anchor: WindowAnchor = WindowAnchor.PLAN_ADOPTED
    on_expiry: ExpiryAction | None = None


class Evidence(_Strict):
    kind: Identifier
    description: Text
    visibility: Visibility


class Requirement(_Strict):
    id: Identifier
    module: Identifier
    title: Text
    intent: Text
    references: list[Reference] = Field(min_length=1)
    applies_to: AppliesTo = AppliesTo()
    sequencing: Sequencing
    indicators: list[Indicator] = Field(min_length=1)
    cells: list[Cell] = Field(min_length=1)
    evidence: list[Evidence] = []


class EddTrigger(_Strict):
    id: Identifier
    when: str = Field(description="condition over any indicators of the standard")
    label: Text
    reason: Text
    extra_evidence: list[Identifier] = []
    notify: list[Identifier] = []


class StandardDocument(_Strict):
    """One version of a standard: the root of a ``standards/*.yaml`` file."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        title="Passport to Markets standard file",
        json_schema_extra={"$id": "https://passport-to-markets.invalid/schema/standard.schema.json"},
    )

    standard: StandardHeader
    outcome_classes: list[OutcomeClass] = Field(min_length=3, max_length=3)
    levels: list[Level] = Field(min_length=2)
    producer_types: list[VocabularyTerm] = Field(min_length=1)
    commodities: list[VocabularyTerm] = Field(min_length=1)
    methods: list[VocabularyTerm] = Field(min_length=1)
    modules: list[Module] = Field(min_length=1)
    requirements: list[Requirement] = Field(min_length=1)
    edd_triggers: list[EddTrigger] = []


def json_schema() -> dict[str, Any]:
    """The JSON Schema of the standard file format, as committed for editors."""
    schema = StandardDocument.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


def json_schema_text() -> str:
    return json.dumps(json_schema(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
