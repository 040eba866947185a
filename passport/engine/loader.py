"""The one loader of standard files.

``load_standard(path)`` reads a YAML file, validates its shape against ``schema.py``, checks
every cross-reference, condition, translation and graduated cell, and returns a compiled
``Standard``, or raises ``StandardError`` listing every problem as ``PATH:LINE: message``.
A file with any error is rejected whole: nothing half-loaded ever reaches the engine.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import Any

from pydantic import ValidationError

from . import schema as s
from .cells import check_cells
from .compiled import Runtime
from .conditions import Expr, Kind, Variable, check, names, parse
from .errors import ConditionError, InvalidFileError, Problem, Severity, StandardError
from .explain import explain, explain_otherwise
from .model import (
    ACTION_SEVERITY,
    OUTCOME_IDS,
    Applicability,
    Cell,
    Choice,
    EddTrigger,
    Evidence,
    Indicator,
    Module,
    Reference,
    Requirement,
    Sequencing,
    Standard,
    Term,
    Window,
)
from .source import Located, PathKey, load_yaml, read_text

SUPERSEDES = re.compile(r"^[A-Za-z][A-Za-z0-9_.-]*@\d+\.\d+(\.\d+)?$")
CONDITION_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
RESERVED_WORDS = frozenset({"and", "or", "not", "in", "true", "false", "today"})
TEXT_FIELDS = frozenset({"title", "description", "label", "question", "help", "intent", "reason", "attribution"})
KIND_OF_TYPE: Mapping[s.IndicatorType, Kind] = {
    s.IndicatorType.BOOL: Kind.BOOL,
    s.IndicatorType.ENUM: Kind.ENUM,
    s.IndicatorType.INTEGER: Kind.NUMBER,
    s.IndicatorType.DECIMAL: Kind.NUMBER,
    s.IndicatorType.DATE: Kind.DATE,
    s.IndicatorType.TEXT: Kind.TEXT,
}


def load_standard(path: Path | str) -> Standard:
    """Load and compile one standard file; raise ``StandardError`` if anything is wrong."""
    standard, problems = check_standard(path)
    if standard is None:
        raise StandardError(problems)
    return standard


def check_standard(path: Path | str) -> tuple[Standard | None, tuple[Problem, ...]]:
    """Load ``path`` and return the standard (``None`` on any error) and all problems found."""
    path_text = str(path)
    try:
        raw = read_text(path)
        located = load_yaml(raw, path_text)
    except InvalidFileError as exc:
        return None, exc.problems
    builder = _Builder(located, hashlib.sha256(raw.encode("utf-8")).hexdigest())
    standard = builder.build()
    problems = tuple(sorted(builder.problems, key=lambda p: (p.line, p.message)))
    if any(p.severity is Severity.ERROR for p in problems):
        return None, problems
    return standard, problems


def field_path(data: Any, loc: Sequence[str | int]) -> str:
    """A readable field path, naming list items by their ``id``: ``requirements.MES-HG-01.cells``."""
    parts: list[str] = []
    node = data
    for key in loc:
        if isinstance(key, int) and isinstance(node, list):
            item = node[key] if 0 <= key < len(node) else None
            ident = item.get("id") if isinstance(item, dict) else None
            parts.append(str(ident) if isinstance(ident, str) else f"[{key}]")
            node = item
        else:
            parts.append(str(key))
            node = node.get(key) if isinstance(node, dict) else None
    return ".".join(parts)


class _Builder:
    def __init__(self, located: Located, digest: str) -> None:
        self.src = located
        self.digest = digest
        self.problems: list[Problem] = []

    # -- reporting -------------------------------------------------------------------------

    def error(self, where: PathKey, message: str, severity: Severity = Severity.ERROR) -> None:
        prefix = field_path(self.src.data, where)
        text = f"{prefix}: {message}" if prefix else message
        self.problems.append(Problem(self.src.path, self.src.line(where), text, severity))

    # -- building --------------------------------------------------------------------------

    def build(self) -> Standard | None:
        data = self.src.data
        if not isinstance(data, dict):
            self.error((), "a standard file must be a mapping with `standard:`, `modules:`, `requirements:` …")
            return None
        try:
            doc = s.StandardDocument.model_validate(data)
        except ValidationError as exc:
            for err in exc.errors():
                loc = tuple(k for k in err["loc"] if isinstance(k, str | int))
                self.error(loc, _pydantic_message(err))
            return None
        self.check_translations(doc)
        self.check_header(doc.standard)
        self.check_unique(data)
        outcome_classes = self.outcome_classes(doc)
        levels = {lv.id: Term(lv.id, lv.label, lv.rank, None, lv.description) for lv in doc.levels}
        vocab = {
            "producer_types": self.vocabulary(doc.producer_types, "producer_types"),
            "commodities": self.vocabulary(doc.commodities, "commodities"),
            "methods": self.vocabulary(doc.methods, "methods"),
        }
        modules = {m.id: self.module(i, m) for i, m in enumerate(doc.modules)}
        requirements: list[Requirement] = []
        all_indicators: dict[str, Indicator] = {}
        for i, req in enumerate(doc.requirements):
            built = self.requirement(i, req, modules, levels, vocab, doc.standard.languages)
            if built is not None:
                requirements.append(built)
                for ind in built.indicators:
                    all_indicators[ind.id] = ind
        # Triggers see every declared indicator, even of a requirement with errors of its own,
        # so that one mistake is reported once rather than again in every trigger that reads it.
        declared = {ind.id: _variable(ind) for req in doc.requirements for ind in req.indicators}
        triggers = [self.trigger(i, t, declared) for i, t in enumerate(doc.edd_triggers)]
        if any(p.severity is Severity.ERROR for p in self.problems):
            return None
        position = {r.id: i for i, r in enumerate(doc.requirements)}
        requirements.sort(key=lambda r: (r.module.order, position[r.id]))
        header = doc.standard
        standard = Standard(
            id=header.id,
            version=header.version,
            status=header.status,
            title=header.title,
            description=header.description,
            licence=header.licence,
            attribution=header.attribution,
            derived_from=tuple(src.model_dump() for src in header.derived_from),
            supersedes=header.supersedes,
            published_on=header.published_on,
            languages=tuple(header.languages),
            outcome_classes=MappingProxyType(outcome_classes),
            levels=MappingProxyType(levels),
            producer_types=MappingProxyType(vocab["producer_types"]),
            commodities=MappingProxyType(vocab["commodities"]),
            methods=MappingProxyType(vocab["methods"]),
            modules=tuple(sorted(modules.values(), key=lambda m: m.order)),
            requirements=tuple(requirements),
            edd_triggers=tuple(t for t in triggers if t is not None),
            indicators=MappingProxyType(all_indicators),
            path=self.src.path,
            digest=self.digest,
        )
        for index, req in enumerate(doc.requirements):
            compiled = next(r for r in requirements if r.id == req.id)
            for where, message in check_cells(compiled):
                self.error(("requirements", index, *where), message)
        if any(p.severity is Severity.ERROR for p in self.problems):
            return None
        object.__setattr__(standard, "runtime", Runtime.build(standard))
        return standard

    def check_translations(self, doc: s.StandardDocument) -> None:
        languages = doc.standard.languages
        severity = Severity.ERROR if doc.standard.status is s.Status.PUBLISHED else Severity.WARNING
        for where, text in _texts(self.src.data, ()):
            for lang in languages:
                if lang not in text:
                    self.error(where, f"missing translation '{lang}'", severity)
            for lang in text:
                if lang not in languages:
                    self.error(
                        (*where, lang), f"'{lang}' is not one of the standard's languages ({', '.join(languages)})"
                    )

    def check_header(self, header: s.StandardHeader) -> None:
        if header.status is s.Status.PUBLISHED and header.published_on is None:
            self.error(("standard", "status"), "a published standard needs `published_on` (the date it was published)")
        if header.supersedes is not None and not SUPERSEDES.match(header.supersedes):
            self.error(("standard", "supersedes"), f"'{header.supersedes}' is not an id@version such as mes@1.0")

    def check_unique(self, data: dict[str, Any]) -> None:
        def unique(items: Any, where: PathKey, what: str, seen: dict[str, PathKey]) -> None:
            if not isinstance(items, list):
                return
            for i, item in enumerate(items):
                ident = item.get("id") if isinstance(item, dict) else None
                if not isinstance(ident, str):
                    continue
                if ident in seen:
                    first = self.src.line((*seen[ident], "id"))
                    self.error((*where, i, "id"), f"duplicate {what} id '{ident}' (first at line {first})")
                else:
                    seen[ident] = (*where, i)

        for key, what in [
            ("outcome_classes", "outcome class"),
            ("levels", "level"),
            ("modules", "module"),
            ("requirements", "requirement"),
            ("edd_triggers", "trigger"),
        ]:
            unique(data.get(key), (key,), what, {})
        terms: dict[str, PathKey] = {}
        for key in ("producer_types", "commodities", "methods"):
            unique(data.get(key), (key,), "vocabulary", {} if key != "producer_types" else terms)
        indicator_ids: dict[str, PathKey] = {}
        for i, req in enumerate(data.get("requirements") or []):
            if not isinstance(req, dict):
                continue
            unique(req.get("indicators"), ("requirements", i, "indicators"), "indicator", indicator_ids)
            unique(req.get("cells"), ("requirements", i, "cells"), "cell", {})
            for j, ind in enumerate(req.get("indicators") or []):
                if isinstance(ind, dict):
                    unique(ind.get("values"), ("requirements", i, "indicators", j, "values"), "value", {})

    def outcome_classes(self, doc: s.StandardDocument) -> dict[str, Term]:
        declared = sorted(doc.outcome_classes, key=lambda c: c.rank)
        ids = tuple(c.id for c in declared)
        if ids != OUTCOME_IDS:
            self.error(
                ("outcome_classes",),
                f"outcome classes must be, from rank 0 upward: {', '.join(OUTCOME_IDS)} (found {', '.join(ids)})",
            )
        return {c.id: Term(c.id, c.label, c.rank, None, c.description) for c in declared}

    def vocabulary(self, terms: list[s.VocabularyTerm], key: str) -> dict[str, Term]:
        ids = {t.id for t in terms}
        for i, t in enumerate(terms):
            if t.parent is not None and t.parent not in ids:
                self.error((key, i, "parent"), f"unknown parent '{t.parent}'")
        return {t.id: Term(t.id, t.label, 0, t.parent) for t in terms}

    def module(self, index: int, m: s.Module) -> Module:
        window = Window.parse(m.default_window) if m.default_window else None
        return Module(m.id, m.order, m.kind, m.title, m.description, window)

    def requirement(
        self,
        index: int,
        req: s.Requirement,
        modules: Mapping[str, Module],
        levels: Mapping[str, Term],
        vocab: Mapping[str, Mapping[str, Term]],
        languages: Sequence[str],
    ) -> Requirement | None:
        here: PathKey = ("requirements", index)
        module = modules.get(req.module)
        if module is None:
            self.error((*here, "module"), f"unknown module '{req.module}' (declared: {', '.join(modules)})")
            return None
        applies = self.applicability(here, req.applies_to, vocab)
        indicators: list[Indicator] = []
        variables: dict[str, Variable] = {}
        for j, ind in enumerate(req.indicators):
            built = self.indicator((*here, "indicators", j), req.id, ind, variables)
            if built is not None:
                indicators.append(built)
            # Declared even when it has errors of its own, so they are not repeated in every
            # condition that names it.
            variables[ind.id] = _variable(ind)
        by_id = {i.id: i for i in indicators}
        cells: list[Cell] = []
        for j, cell in enumerate(req.cells):
            built_cell = self.cell((*here, "cells", j), req.id, cell, module, levels, variables, by_id, languages)
            if built_cell is not None:
                cells.append(built_cell)
        if sum(1 for c in cells if c.otherwise) > 1:
            self.error((*here, "cells"), "at most one cell may be `otherwise`")
        if module.kind is s.ModuleKind.LEGITIMACY_GATE:
            if not any(c.action is s.Action.DISENGAGE_IMMEDIATELY for c in cells):
                self.error(
                    (*here, "cells"), "a legitimacy gate needs a cell for 'no option met' (disengage_immediately)"
                )
            if all(c.action is s.Action.DISENGAGE_IMMEDIATELY for c in cells):
                self.error((*here, "cells"), "a legitimacy gate needs at least one option that passes")
        if len(indicators) != len(req.indicators) or len(cells) != len(req.cells):
            return None
        ordered = sorted(
            cells,
            key=lambda c: (c.otherwise, ACTION_SEVERITY[c.action], c.level.rank),
        )
        return Requirement(
            id=req.id,
            module=module,
            title=req.title,
            intent=req.intent,
            references=tuple(Reference(r.scheme.value, r.ref, r.note) for r in req.references),
            applies_to=applies,
            sequencing=Sequencing(req.sequencing.effort, req.sequencing.cost, tuple(req.sequencing.benefits)),
            indicators=tuple(indicators),
            cells=tuple(ordered),
            evidence=tuple(Evidence(e.kind, e.description, e.visibility) for e in req.evidence),
            line=self.src.line(here),
        )

    def applicability(
        self, here: PathKey, applies: s.AppliesTo, vocab: Mapping[str, Mapping[str, Term]]
    ) -> Applicability:
        def terms(key: str, values: list[str] | None) -> frozenset[str] | None:
            if values is None:
                return None
            for k, v in enumerate(values):
                if v not in vocab[key]:
                    self.error(
                        (*here, "applies_to", key, k), f"unknown {key} '{v}' (declared: {', '.join(vocab[key])})"
                    )
            return frozenset(values)

        return Applicability(
            terms("producer_types", applies.producer_types),
            terms("commodities", applies.commodities),
            terms("methods", applies.methods),
        )

    def indicator(
        self, here: PathKey, requirement_id: str, ind: s.Indicator, earlier: Mapping[str, Variable]
    ) -> Indicator | None:
        ok = True
        if not CONDITION_NAME.match(ind.id) or ind.id in RESERVED_WORDS:
            self.error(
                (*here, "id"),
                f"'{ind.id}' cannot be named in conditions: use letters, digits and _ "
                f"(not starting with a digit) and none of: {', '.join(sorted(RESERVED_WORDS))}",
            )
            ok = False
        if ind.type is s.IndicatorType.ENUM:
            if not ind.values or len(ind.values) < 2:
                self.error((*here, "values"), "an enum indicator needs at least two values")
                ok = False
        elif ind.values is not None:
            self.error((*here, "values"), f"only enum indicators have values (this one is {ind.type.value})")
            ok = False
        numeric = ind.type in (s.IndicatorType.INTEGER, s.IndicatorType.DECIMAL)
        for bound in ("minimum", "maximum"):
            if getattr(ind, bound) is not None and not numeric:
                self.error((*here, bound), f"only numeric indicators have a {bound}")
                ok = False
        if ind.minimum is not None and ind.maximum is not None and ind.minimum > ind.maximum:
            self.error((*here, "minimum"), "minimum is greater than maximum")
            ok = False
        relevant: Expr | None = None
        if ind.relevant is not None:
            relevant = self.condition((*here, "relevant"), ind.relevant, earlier, "the indicators listed before it")
            ok = ok and relevant is not None
        if not ok:
            return None
        return Indicator(
            id=ind.id,
            requirement_id=requirement_id,
            type=ind.type,
            question=ind.question,
            label=ind.label,
            help=ind.help,
            unit=ind.unit,
            choices=tuple(Choice(v.id, v.label) for v in ind.values or ()),
            minimum=ind.minimum,
            maximum=ind.maximum,
            required=ind.required,
            visibility=ind.visibility,
            relevant=relevant,
            relevant_source=ind.relevant,
            line=self.src.line(here),
        )

    def cell(
        self,
        here: PathKey,
        requirement_id: str,
        cell: s.Cell,
        module: Module,
        levels: Mapping[str, Term],
        variables: Mapping[str, Variable],
        indicators: Mapping[str, Indicator],
        languages: Sequence[str],
    ) -> Cell | None:
        ok = True
        condition: Expr | None = None
        if cell.otherwise and cell.when is not None:
            self.error((*here, "when"), "an `otherwise` cell has no `when`")
            ok = False
        elif not cell.otherwise and cell.when is None:
            self.error(here, "a cell needs `when` (or `otherwise: true`)")
            ok = False
        elif cell.when is not None:
            condition = self.condition((*here, "when"), cell.when, variables, "this requirement")
            ok = condition is not None
            if condition is not None:
                for ident in sorted(names(condition)):
                    if ident in indicators and not indicators[ident].required:
                        self.error((*here, "when"), f"'{ident}' is optional; a cell may only use required indicators")
                        ok = False
        level = levels.get(cell.level)
        if level is None:
            self.error((*here, "level"), f"unknown level '{cell.level}' (declared: {', '.join(levels)})")
            ok = False
        window = Window.parse(cell.window) if cell.window else None
        if cell.action is s.Action.MITIGATE and window is None:
            window = module.default_window
            if window is None:
                self.error(here, f"a mitigate cell needs a `window` (module {module.id} has no default_window)")
                ok = False
        if cell.action is s.Action.DISENGAGE_IMMEDIATELY and module.kind is s.ModuleKind.PROGRESSIVE:
            self.error((*here, "action"), f"module {module.id} is progressive: its cells cannot require disengagement")
            ok = False
        if cell.on_expiry is not None and window is None:
            self.error((*here, "on_expiry"), "`on_expiry` needs a `window`")
            ok = False
        if cell.on_expiry is s.ExpiryAction.DISENGAGE_IMMEDIATELY and cell.action is not s.Action.MITIGATE:
            self.error((*here, "on_expiry"), "only a mitigate cell may lead to disengagement when its window expires")
            ok = False
        if cell.action in (s.Action.NONE, s.Action.DISENGAGE_IMMEDIATELY) and cell.window is not None:
            self.error((*here, "window"), f"a cell with action '{cell.action.value}' has no window")
            ok = False
        if not ok or level is None or (condition is not None and not names(condition) <= indicators.keys()):
            return None
        explanation = {
            lang: (explain(condition, indicators, lang) if condition is not None else explain_otherwise(lang))
            for lang in languages
        }
        return Cell(
            id=cell.id,
            requirement_id=requirement_id,
            condition=condition,
            condition_source=cell.when,
            otherwise=cell.otherwise,
            label=cell.label,
            level=level,
            action=cell.action,
            window=window,
            window_anchor=cell.window_anchor,
            on_expiry=cell.on_expiry,
            explanation=MappingProxyType(explanation),
            line=self.src.line(here),
        )

    def trigger(self, index: int, t: s.EddTrigger, variables: Mapping[str, Variable]) -> EddTrigger | None:
        here: PathKey = ("edd_triggers", index)
        condition = self.condition((*here, "when"), t.when, variables, "this standard")
        if condition is None:
            return None
        return EddTrigger(
            t.id, condition, t.when, t.label, t.reason, tuple(t.extra_evidence), tuple(t.notify), self.src.line(here)
        )

    def condition(self, where: PathKey, text: str, variables: Mapping[str, Variable], scope: str) -> Expr | None:
        try:
            return check(parse(text), variables, scope)
        except ConditionError as exc:
            self.error(where, f"{exc} (in `{text.strip()}`, column {exc.column + 1})")
            return None


def _variable(ind: s.Indicator) -> Variable:
    """What conditions need to know of a declared indicator (even one with errors of its own)."""
    return Variable(ind.id, KIND_OF_TYPE[ind.type], tuple(v.id for v in ind.values or ()))


def _texts(node: Any, where: PathKey) -> Iterable[tuple[PathKey, Mapping[str, Any]]]:
    if isinstance(node, dict):
        for key, value in node.items():
            child = (*where, key)
            if key in TEXT_FIELDS and isinstance(value, dict):
                yield child, value
            else:
                yield from _texts(value, child)
    elif isinstance(node, list):
        for i, item in enumerate(node):
            yield from _texts(item, (*where, i))


def _pydantic_message(err: Mapping[str, Any]) -> str:
    kind = err.get("type", "")
    if kind == "extra_forbidden":
        return "unknown field (not part of the standard format)"
    if kind == "missing":
        return "this field is required"
    if kind == "enum":
        expected = err.get("ctx", {}).get("expected", "")
        return f"{err.get('input')!r} is not allowed; expected {expected}"
    if kind == "string_pattern_mismatch":
        return f"{err.get('input')!r} does not have the expected form ({err['ctx']['pattern']})"
    return f"{err.get('msg', 'invalid value')} (got {err.get('input')!r})"
