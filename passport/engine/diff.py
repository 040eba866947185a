"""What changed between two standard versions, and what that does to one producer's result."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .classify import classify
from .model import Cell, Indicator, Requirement, Standard
from .result import Classification, PlanState, Producer


@dataclass(frozen=True, slots=True)
class RequirementChange:
    requirement_id: str
    changes: tuple[str, ...]
    """One line per change, e.g. "cell whole_ore: level L1 → L2"."""


@dataclass(frozen=True, slots=True)
class StandardDiff:
    old: str
    new: str
    added: tuple[str, ...]
    removed: tuple[str, ...]
    changed: tuple[RequirementChange, ...]
    edd_added: tuple[str, ...]
    edd_removed: tuple[str, ...]
    edd_changed: tuple[str, ...]
    general: tuple[str, ...] = ()
    """Changes outside requirements and triggers: header, levels, vocabularies, modules."""

    @property
    def empty(self) -> bool:
        parts = (self.added, self.removed, self.changed, self.edd_added, self.edd_removed, self.edd_changed)
        return not (any(parts) or self.general)


def diff_standards(old: Standard, new: Standard) -> StandardDiff:
    old_reqs = {r.id: r for r in old.requirements}
    new_reqs = {r.id: r for r in new.requirements}
    changed = []
    for ident in old_reqs.keys() & new_reqs.keys():
        lines = _requirement_changes(old_reqs[ident], new_reqs[ident])
        if lines:
            changed.append(RequirementChange(ident, tuple(lines)))
    old_t = {t.id: t for t in old.edd_triggers}
    new_t = {t.id: t for t in new.edd_triggers}
    order = {r.id: i for i, r in enumerate(new.requirements)}
    general = [
        f"{name} changed"
        for name in ("title", "description", "licence", "languages", "status")
        if getattr(old, name) != getattr(new, name)
    ]
    for name in ("outcome_classes", "levels", "producer_types", "commodities", "methods"):
        before, after = getattr(old, name), getattr(new, name)
        general += [f"{name}: {k} added" for k in after if k not in before]
        general += [f"{name}: {k} removed" for k in before if k not in after]
        general += [f"{name}: {k} changed" for k in before if k in after and before[k] != after[k]]
    old_modules = {m.id: m for m in old.modules}
    new_modules = {m.id: m for m in new.modules}
    general += [f"module {k} added" for k in new_modules if k not in old_modules]
    general += [f"module {k} removed" for k in old_modules if k not in new_modules]
    general += [f"module {k} changed" for k in old_modules if k in new_modules and old_modules[k] != new_modules[k]]
    return StandardDiff(
        old=old.ref,
        new=new.ref,
        added=tuple(r.id for r in new.requirements if r.id not in old_reqs),
        removed=tuple(r.id for r in old.requirements if r.id not in new_reqs),
        changed=tuple(sorted(changed, key=lambda c: order[c.requirement_id])),
        edd_added=tuple(sorted(new_t.keys() - old_t.keys())),
        edd_removed=tuple(sorted(old_t.keys() - new_t.keys())),
        edd_changed=tuple(
            sorted(
                k
                for k in old_t.keys() & new_t.keys()
                if (old_t[k].condition, old_t[k].label, old_t[k].reason)
                != (new_t[k].condition, new_t[k].label, new_t[k].reason)
            )
        ),
        general=tuple(general),
    )


def _requirement_changes(old: Requirement, new: Requirement) -> list[str]:
    lines: list[str] = []
    if old.module.id != new.module.id:
        lines.append(f"module: {old.module.id} → {new.module.id}")
    for attr in ("title", "intent", "applies_to", "sequencing", "references", "evidence"):
        if getattr(old, attr) != getattr(new, attr):
            lines.append(f"{attr} changed")
    old_i = {i.id: i for i in old.indicators}
    new_i = {i.id: i for i in new.indicators}
    lines += [f"indicator {i} added" for i in new_i if i not in old_i]
    lines += [f"indicator {i} removed" for i in old_i if i not in new_i]
    for ident in old_i.keys() & new_i.keys():
        lines += [f"indicator {ident}: {c}" for c in _indicator_changes(old_i[ident], new_i[ident])]
    old_c = {c.id: c for c in old.cells}
    new_c = {c.id: c for c in new.cells}
    lines += [f"cell {c} added" for c in new_c if c not in old_c]
    lines += [f"cell {c} removed" for c in old_c if c not in new_c]
    for ident in old_c.keys() & new_c.keys():
        lines += [f"cell {ident}: {c}" for c in _cell_changes(old_c[ident], new_c[ident])]
    return sorted(lines)


def _indicator_changes(old: Indicator, new: Indicator) -> list[str]:
    out = []
    if old.type != new.type:
        out.append(f"type {old.type.value} → {new.type.value}")
    if [c.id for c in old.choices] != [c.id for c in new.choices]:
        out.append(f"values {[c.id for c in old.choices]} → {[c.id for c in new.choices]}")
    if old.required != new.required:
        out.append(f"required {old.required} → {new.required}")
    if old.relevant != new.relevant:
        out.append(f"asked when `{old.relevant_source}` → `{new.relevant_source}`")
    if old.visibility != new.visibility:
        out.append(f"visibility {old.visibility.value} → {new.visibility.value}")
    if (old.question, old.label, old.help) != (new.question, new.label, new.help):
        out.append("wording changed")
    return out


def _cell_changes(old: Cell, new: Cell) -> list[str]:
    out = []
    if old.condition != new.condition or old.otherwise != new.otherwise:
        out.append(f"condition `{old.condition_source or 'otherwise'}` → `{new.condition_source or 'otherwise'}`")
    if old.level.id != new.level.id:
        out.append(f"level {old.level.id} → {new.level.id}")
    if old.action != new.action:
        out.append(f"action {old.action.value} → {new.action.value}")
    old_window = old.window.text if old.window else None
    new_window = new.window.text if new.window else None
    if old_window != new_window:
        out.append(f"window {old_window} → {new_window}")
    if old.on_expiry != new.on_expiry:
        out.append(f"on expiry {_v(old.on_expiry)} → {_v(new.on_expiry)}")
    if old.label != new.label:
        out.append("wording changed")
    return out


def _v(value: Any) -> str:
    return "none" if value is None else str(value.value)


@dataclass(frozen=True, slots=True)
class FindingChange:
    requirement_id: str
    before: str | None
    """``cell (level, action)`` under the old version, ``None`` if it did not apply or exist."""
    after: str | None


@dataclass(frozen=True, slots=True)
class Reevaluation:
    """Old answers classified under a newer version, and what that changed."""

    before: Classification
    after: Classification
    changes: tuple[FindingChange, ...]
    ignored_answers: tuple[str, ...]
    """Answers to questions the new version no longer asks."""

    @property
    def outcome_changed(self) -> bool:
        return self.before.outcome != self.after.outcome


def reevaluate(
    old: Standard,
    new: Standard,
    producer: Producer,
    answers: Mapping[str, Any],
    plan_state: Mapping[str, PlanState] | None = None,
    as_of: dt.date | None = None,
) -> Reevaluation:
    """Classify ``answers`` (given against ``old``) under ``new`` and report every change."""
    before = classify(old, producer, answers, plan_state, as_of)
    kept = {k: v for k, v in answers.items() if k in new.indicators}
    after = classify(new, producer, kept, plan_state, as_of)
    b = {f.requirement_id: f for f in before.findings}
    a = {f.requirement_id: f for f in after.findings}
    order = [f.requirement_id for f in after.findings] + [r for r in b if r not in a]
    changes = []
    for ident in order:
        was, now = _describe(b.get(ident)), _describe(a.get(ident))
        if was != now:
            changes.append(FindingChange(ident, was, now))
    return Reevaluation(
        before=before,
        after=after,
        changes=tuple(changes),
        ignored_answers=tuple(sorted(k for k in answers if k not in new.indicators)),
    )


def _describe(finding: Any) -> str | None:
    if finding is None:
        return None
    if finding.cell_id is None:
        return "undecided"
    return f"{finding.cell_id} ({finding.level}, {finding.action.value})"
