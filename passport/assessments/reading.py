"""Who opens a producer's assessments, and what each reader sees of them (docs/assessments.md).

``Reader``: someone who may know the producer, with the sharing lens it sees it through, and
which assessments it opens. ``Sight``: how it sees one assessment — everything, or each value
through the lens, a withheld value given as the decision that withholds it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from passport.accounts.access import Actor, NotFound
from passport.engine import Cell, Decision, FieldRule, Indicator, Standard, text_in, tightened
from passport.engine.explain import EXPIRED
from passport.engine.schema import Visibility
from passport.producers.access import Access
from passport.producers.models import Producer
from passport.sharing.policy import Lens, lens_for, reason_text

from .models import Assessment, AssessmentStatus

# The platform fields (``passport.engine.PLATFORM_FIELDS``) assessments show.
ANSWERS = "assessment.answers"
FINDINGS = "assessment.findings"
OUTCOME = "producer.outcome"
EVIDENCE = "evidence.files"
UNIT_NAMES = "units.names"


@dataclass(frozen=True)
class Sight:
    """What one reader sees of one assessment: everything (``full``) for the producer's own
    people, its authorised facilitator and the organisation conducting the assessment (it is its
    own work); otherwise each value through the sharing lens. A withheld value is given as the
    decision that withholds it, so pages and the API show it as withheld with its reason."""

    lens: Lens
    full: bool

    def withheld(self, key: str) -> Decision | None:
        """None when the reader sees the platform field ``key``; otherwise the decision (and its
        reason) that withholds it."""
        if self.full:
            return None
        decision = self.lens.decision(key)
        return None if decision.visible else decision

    def shows(self, key: str) -> bool:
        return self.withheld(key) is None

    def log(self, actor: Actor, *, object_type: str, object_id: object, what: Iterable[str]) -> None:
        """The lens's access-log entry; when the reader saw it all as the organisation conducting
        the assessment (not through a grant), the entry says so, for the producer's log."""
        extra = {"basis": "conducting_organisation"} if self.full and not self.lens.inside else None
        self.lens.log(actor, object_type=object_type, object_id=object_id, what=what, extra=extra)

    def answer_withheld(self, indicator: Indicator) -> Decision | None:
        """``withheld`` for one answer: the indicator's sensitivity from the standard file,
        tightened by the producer's setting for ``assessment.answers``."""
        if self.full:
            return None
        decision = self.lens.answer(indicator.id, indicator.visibility)
        return None if decision.visible else decision

    def answer_is_public(self, indicator: Indicator) -> bool:
        rule = tightened(FieldRule(f"answers.{indicator.id}", indicator.visibility), self.lens.settings.get(ANSWERS))
        return rule.sensitivity is Visibility.PUBLIC

    def shown(self, keys: Iterable[str]) -> list[str]:
        """Those of ``keys`` (platform fields) the reader sees and that are not public: what a
        read that showed them writes to the access log."""
        return [k for k in keys if self.shows(k) and self.lens.rule(k).sensitivity is not Visibility.PUBLIC]

    def outcome_key(self, unit_id: int | None) -> str:
        """The platform field a result's outcome falls under: the producer's outcome is
        ``producer.outcome``; a unit's outcome is one of the organisation's findings (the roll-up
        judges the organisation from them), so it is ``assessment.findings``."""
        return FINDINGS if unit_id is not None else OUTCOME

    def outcome_withheld(self, unit_id: int | None) -> Decision | None:
        """``withheld`` for the outcome of a result of the producer (``unit_id`` None) or of one
        of its units."""
        return self.withheld(self.outcome_key(unit_id))

    def assessor_withheld(self, conducted_by_id: int) -> Decision | None:
        """``withheld`` for who conducted an assessment. The producer itself is named (its name is
        public); another organisation (a buyer, a verifier, a facilitator) tells who assesses the
        producer, which is shown with the findings (``assessment.findings``)."""
        if conducted_by_id == self.lens.producer.organisation_id:
            return None
        return self.withheld(FINDINGS)

    def answers_withheld_in(self, standard: Standard | None) -> frozenset[str] | None:
        """The requirements of ``standard`` some of whose answers the reader does not see: their
        findings' reasons are shown without the answers (``finding_reason``). Empty for a full
        sight; None (every requirement) when the standard file is gone."""
        if self.full:
            return frozenset()
        if standard is None:
            return None
        return frozenset(
            r.id for r in standard.requirements if any(self.answer_withheld(i) is not None for i in r.indicators)
        )

    def reasons(self, keys: Iterable[str], lang: str | None = None) -> dict[str, str]:
        """``{key: reason}`` of the withheld ones among ``keys`` (API responses), the reason in
        ``lang`` (default: the active language)."""
        return {k: reason_in(d, lang) for k in keys if (d := self.withheld(k)) is not None}


def finding_reason(standard: Standard | None, finding: Mapping[str, Any], lang: str) -> str:
    """A stored finding's reason without the answers: the matched cell's label, in the words of
    the standard (after the sentence that a mitigation window ended, if it did), without the
    rule narrowed to what the answers made true ("torture or cruel treatment: yes"), which
    repeats answers. The engine has no function for it: its reasons without answers
    (``explain.cell_reason``) give the whole rule, which for a rule of one question is the answer
    all the same."""
    stored = str(finding.get("reason") or "")
    cell_id = finding.get("cell")
    if cell_id is None:  # undecided: the engine's "answer the missing questions", no answer in it
        return stored
    cell = _cell(standard, finding["requirement"], cell_id)
    if cell is None:  # the standard file is gone: the label is what comes before the rule
        return stored.split(" — ", 1)[0]
    text = text_in(cell.label, lang)
    if finding.get("expired") and finding.get("escalation") == "disengage_immediately" and finding.get("due"):
        text = f"{EXPIRED.get(lang, EXPIRED['en']).format(due=finding['due'])} {text}"
    return text


def _cell(standard: Standard | None, requirement_id: str, cell_id: str) -> Cell | None:
    if standard is None:
        return None
    try:
        requirement = standard.requirement(requirement_id)
    except KeyError:
        return None
    return next((c for c in requirement.cells if c.id == cell_id), None)


def findings_seen(
    standard: Standard | None, findings: Iterable[Mapping[str, Any]], withheld_in: frozenset[str] | None, lang: str
) -> list[dict[str, Any]]:
    """Stored findings (``classification[lang]["findings"]``) as a reader sees them: the reason of
    each finding of a requirement in ``withheld_in`` (``Sight.answers_withheld_in``; None: all)
    given without the answers."""
    return [
        {**f, "reason": finding_reason(standard, f, lang)}
        if withheld_in is None or f["requirement"] in withheld_in
        else dict(f)
        for f in findings
    ]


def reason_in(decision: Decision, lang: str | None = None) -> str:
    """A decision's reason in ``lang`` (an API's ``?lang=``), else in the active language."""
    if lang is None:
        return reason_text(decision)
    return decision.reason.get(lang) or decision.reason["en"]


@dataclass(frozen=True)
class Reader:
    """Someone who may open a producer (``Access`` is not ``NONE``), with the lens they see it
    through."""

    access: Access
    lens: Lens
    organisation_id: int | None

    def sight(self, assessment: Assessment | None = None) -> Sight:
        """How the reader sees ``assessment`` (``None``: the producer's data in general)."""
        conducting = assessment is not None and assessment.conducted_by_id == self.organisation_id
        return Sight(self.lens, self.lens.inside or conducting)

    def may_open(self, assessment: Assessment) -> bool:
        """Every assessment inside the producer, the organisation's own (drafts included), and
        the submitted ones; never someone else's draft."""
        return self.lens.inside or not assessment.is_draft or assessment.conducted_by_id == self.organisation_id

    def openable(self) -> Q:
        """``may_open`` as a filter on the producer's assessments."""
        if self.lens.inside:
            return Q()
        return Q(status=AssessmentStatus.SUBMITTED) | Q(conducted_by_id=self.organisation_id)


def reader_of(actor: Actor, producer: Producer, access: Access) -> Reader:
    """The reader of a producer the actor may open (two queries: its grants, the tightenings)."""
    if access is Access.NONE:
        raise NotFound(_("No such producer."))
    organisation_id = actor.organisation.pk if actor.organisation is not None else None
    return Reader(access, lens_for(actor, producer, access), organisation_id)
