"""Conditions compiled to Python bytecode, once per standard and kind of producer.

Why: classifying must cost no more than parsing the answers (``make bench``). Walking syntax
trees for 40 requirements per producer does not meet that, so for each applicability pattern
(producer type, subtype, commodities, methods) we build one Python function that reads each
answer once, checks its type, blanks questions that are not asked, and picks every
requirement's worst matching cell with plain comparisons.

How, safely: the function is assembled from ``ast`` nodes, never from text. Indicator ids
become positional locals (``v0``, ``v1``…), literals become constants, and values that are not
plain constants (sets of choices, dates, findings) are passed in a read-only namespace. No
author text reaches ``compile``; the only names the code can touch are the ones built here.

The compiled function implements the two-valued fast path only: a requirement with any
unanswered or unasked indicator (and every trigger with one) is handed back to the
three-valued interpreter in ``cells.py``/``conditions.py``, which is the reference semantics.
A property test checks that both agree.
"""

from __future__ import annotations

import ast
import datetime as dt
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial
from typing import Any

from .cells import REFERENCE_DAY, combinations, count_combinations
from .conditions import And, Arith, Compare, Expr, In, Literal, Name, Not, Or, Today, names, nodes
from .findings import decide
from .model import ELIGIBLE, NOT_ELIGIBLE, OUTCOME_IDS, Indicator, Requirement, Standard
from .result import EddFlag, Finding, Producer
from .schema import IndicatorType
from .validate import value_problem

FastResult = tuple[tuple[Finding | None, ...], int, tuple[EddFlag, ...], list[int], tuple[Any, ...] | None, bool, bool]
"""(finding per requirement or ``None`` when the interpreter must decide, worst outcome rank,
flags of the triggers that fired, indexes of triggers the interpreter must decide, the checked
and masked answers, whether any requirement is left to the interpreter, whether a finding lists
unanswered questions)."""

FastFunction = Callable[[Mapping[str, Any], dt.date], "FastResult | None"]

_BAD = object()


def _others_valid(indicators: Mapping[str, Indicator], asked: frozenset[str], answers: Mapping[str, Any]) -> bool:
    """Answers to questions this producer is not asked are ignored, but must still be valid."""
    for ident, value in answers.items():
        if ident in asked:
            continue
        indicator = indicators.get(ident) if isinstance(ident, str) else None
        if indicator is None or value_problem(indicator, value) is not None:
            return False
    return True


def _as_date(value: str) -> object:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return _BAD


@dataclass(frozen=True)
class Plan:
    """What one kind of producer is assessed on, with its compiled fast path."""

    requirements: tuple[Requirement, ...]
    indicators: tuple[Indicator, ...]
    """The indicators of ``requirements``, in order: the positions of ``FastResult`` values."""
    indicator_ids: tuple[str, ...]
    fast: FastFunction = field(repr=False)
    source: str = field(repr=False, default="")
    """The compiled function as Python text, for reading and debugging (never executed)."""


@dataclass
class Runtime:
    """Per-standard compiled state: templates and a cache of plans by producer kind."""

    standard: Standard
    templates: Mapping[tuple[str, str], Finding]
    tables: Mapping[str, Mapping[tuple[Any, ...], Finding]]
    """For requirements whose questions are all yes/no or choices: the finding for every
    complete set of answers (unasked questions as ``None``), computed with the reference rule."""
    nested: Mapping[str, Mapping[Any, Any]]
    """The same tables as nested dicts, one level per question, for plain subscripting."""
    partial: Mapping[str, Mapping[tuple[Any, ...], Finding]]
    """The same requirements' findings for every set of answers given so far (asked questions
    may be unanswered), so that an incomplete self-assessment needs no interpreter either."""
    ref: str
    module_order: tuple[str, ...]
    edd_flags: tuple[EddFlag, ...]
    plans: dict[tuple[Any, ...], Plan] = field(default_factory=dict)

    @classmethod
    def build(cls, standard: Standard) -> Runtime:
        templates = {(r.id, c.id): Finding.for_cell(r, c) for r in standard.requirements for c in r.cells}
        tables = {
            r.id: _table(r, templates, standard.languages)
            for r in standard.requirements
            if all(i.type in (IndicatorType.BOOL, IndicatorType.ENUM) for i in r.indicators)
            and not _reads_today(r)
            and count_combinations(r) <= TABLE_LIMIT
        }
        flags = tuple(EddFlag(t.id, t.label, t.reason, t.extra_evidence, t.notify) for t in standard.edd_triggers)
        partial = {
            r.id: _table(r, templates, standard.languages, unanswered=True)
            for r in standard.requirements
            if r.id in tables and count_combinations(r, unanswered=True) <= TABLE_LIMIT
        }
        return cls(
            standard=standard,
            templates=templates,
            tables=tables,
            nested={ident: _nest(table) for ident, table in tables.items()},
            partial=partial,
            ref=standard.ref,
            module_order=tuple(m.id for m in standard.modules),
            edd_flags=flags,
        )

    def plan_for(self, producer: Producer) -> Plan:
        key = producer.key
        plan = self.plans.get(key)
        if plan is None:
            plan = self._build_plan(producer)
            self.plans[key] = plan
        return plan

    def _build_plan(self, producer: Producer) -> Plan:
        requirements = tuple(r for r in self.standard.requirements if applies(r, producer))
        indicators = tuple(i for r in requirements for i in r.indicators)
        builder = _FunctionBuilder(self, requirements, indicators)
        fast = builder.build()
        return Plan(requirements, indicators, tuple(i.id for i in indicators), fast, builder.source)


TABLE_LIMIT = 4096


def _nest(table: Mapping[tuple[Any, ...], Finding]) -> dict[Any, Any]:
    nested: dict[Any, Any] = {}
    for key, finding in table.items():
        level = nested
        for value in key[:-1]:
            level = level.setdefault(value, {})
        level[key[-1]] = finding
    return nested


def _reads_today(requirement: Requirement) -> bool:
    """A table is computed for one date; conditions that read ``today`` must be evaluated."""
    conditions = [c.condition for c in requirement.cells] + [i.relevant for i in requirement.indicators]
    return any(_mentions_today(c) for c in conditions if c is not None)


def _mentions_today(expr: Expr) -> bool:
    return any(isinstance(n, Today) for n in nodes(expr))


def _table(
    requirement: Requirement,
    templates: Mapping[tuple[str, str], Finding],
    languages: Sequence[str],
    *,
    unanswered: bool = False,
) -> dict[tuple[Any, ...], Finding]:
    """The finding for every complete set of answers (every set given so far, with
    ``unanswered``), keyed by the answers in the requirement's question order."""
    table = {}
    for answers in combinations(requirement, unanswered=unanswered):
        finding = decide(requirement, answers, REFERENCE_DAY, templates, languages)
        if unanswered or finding.cell_id is not None:
            table[tuple(answers[i.id] for i in requirement.indicators)] = finding
    return table


def applies(requirement: Requirement, producer: Producer) -> bool:
    """Whether ``requirement`` applies to ``producer`` (each given list must match)."""
    rule = requirement.applies_to
    if rule.producer_types is not None and not (
        producer.type in rule.producer_types
        or (producer.subtype is not None and producer.subtype in rule.producer_types)
    ):
        return False
    if rule.commodities is not None and rule.commodities.isdisjoint(producer.commodities):
        return False
    return rule.methods is None or not rule.methods.isdisjoint(producer.methods)


class _FunctionBuilder:
    def __init__(
        self,
        runtime: Runtime,
        requirements: Sequence[Requirement],
        indicators: Sequence[Indicator],
    ) -> None:
        self.runtime = runtime
        self.requirements = requirements
        self.indicators = indicators
        self.local = {ind.id: f"v{k}" for k, ind in enumerate(indicators)}
        self.namespace: dict[str, Any] = {
            "type": type,
            "bool": bool,
            "int": int,
            "str": str,
            "DATE": dt.date,
            "NUMBERS": (int, float, Decimal),
            "as_date": _as_date,
            "others_valid": partial(_others_valid, runtime.standard.indicators, frozenset(i.id for i in indicators)),
            "ASKED": frozenset(i.id for i in indicators),
            "isfinite": math.isfinite,
            "KeyError": KeyError,
            "TypeError": TypeError,
            "map": map,
            "tuple": tuple,
            "len": len,
            "BOOL_TYPES": frozenset({bool, type(None)}),
        }
        self.constants = 0
        self.source = ""

    def const(self, value: object) -> ast.expr:
        if isinstance(value, bool | int | float | str) or value is None:
            return ast.Constant(value)
        name = f"K{self.constants}"
        self.constants += 1
        self.namespace[name] = value
        return ast.Name(name, ast.Load())

    def var(self, ident: str) -> ast.expr:
        if ident not in self.local:  # a question this producer is not asked
            return ast.Constant(None)
        return ast.Name(self.local[ident], ast.Load())

    def build(self) -> FastFunction:
        body = [*self.read_answers(), *self.check_answers(), *self.mask_unasked()]
        body.append(_assign("worst", ast.Constant(OUTCOME_IDS.index(ELIGIBLE))))
        body.append(_assign("interpret", ast.Constant(False)))
        body.append(_assign("gaps", ast.Constant(False)))
        body.extend(self.table_lookups())
        results: list[ast.expr] = []
        for k, req in enumerate(self.requirements):
            if req.id not in self.runtime.tables:
                body.extend(self.requirement_block(k, req))
            results.append(_name(f"f{k}"))
        body.append(_assign("edd", ast.List([], ast.Load())))
        body.append(_assign("pending", ast.List([], ast.Load())))
        for k in range(len(self.runtime.standard.edd_triggers)):
            body.append(self.trigger_block(k))
        # The (masked) values are only needed when the interpreter has work to do.
        values = ast.IfExp(
            ast.BoolOp(ast.Or(), [_name("interpret"), _name("pending")]),
            ast.Tuple([self.var(i.id) for i in self.indicators], ast.Load()),
            ast.Constant(None),
        )
        outputs = [
            ast.Tuple(results, ast.Load()),
            _name("worst"),
            ast.Call(_name("tuple"), [_name("edd")], []),
            _name("pending"),
            values,
            _name("interpret"),
            _name("gaps"),
        ]
        body.append(ast.Return(ast.Tuple(outputs, ast.Load())))
        arguments = ast.arguments(
            posonlyargs=[], args=[ast.arg("a"), ast.arg("today")], kwonlyargs=[], kw_defaults=[], defaults=[]
        )
        function = ast.FunctionDef(name="classify_fast", args=arguments, body=body, decorator_list=[], returns=None)
        module = ast.fix_missing_locations(ast.Module([function], type_ignores=[]))
        code = compile(module, filename=f"<compiled {self.runtime.standard.ref}>", mode="exec")
        scope: dict[str, Any] = {}
        exec(code, self.namespace, scope)  # noqa: S102 - code built from ast nodes above, no text
        fast: FastFunction = scope["classify_fast"]
        self.source = ast.unparse(module)
        return fast

    def read_answers(self) -> list[ast.stmt]:
        """``values = tuple(map(a.get, IDS)); v0, v1, … = values``, and a check of the others."""
        ids = tuple(ind.id for ind in self.indicators)
        others_invalid = ast.UnaryOp(ast.Not(), ast.Call(_name("others_valid"), [_name("a")], []))
        reject: list[ast.stmt] = [ast.Return(ast.Constant(None))]
        if not ids:
            return [ast.If(others_invalid, reject, [])]
        targets: list[ast.expr] = [ast.Name(self.local[i], ast.Store()) for i in ids]
        getter = ast.Call(_name("map"), [ast.Attribute(_name("a"), "get", ast.Load()), self.const(ids)], [])
        unpack = (
            ast.Assign([ast.Tuple(targets, ast.Store())], _name("values"))
            if len(ids) > 1
            else _assign(self.local[ids[0]], ast.Subscript(_name("values"), ast.Constant(0), ast.Load()))
        )
        # Every answer should be one of this producer's questions; any other must still be a
        # valid answer to a question of the standard (it is then ignored).
        mine = _call("ASKED.issuperset", [_name("a")], negate=True)
        return [
            _assign("values", ast.Call(_name("tuple"), [getter], [])),
            unpack,
            ast.If(mine, [ast.If(others_invalid, reject, [])], []),
        ]

    def check_answers(self) -> list[ast.stmt]:
        """Return ``None`` (the caller then reports every problem) when an answer is invalid."""
        reject: list[ast.stmt] = [ast.Return(ast.Constant(None))]
        body: list[ast.stmt] = []
        bools = [self.var(i.id) for i in self.indicators if i.type is IndicatorType.BOOL]
        if bools:
            # Yes/no answers must be True or False (1 and 0 would pass for them in a table).
            types = ast.Call(_name("map"), [_name("type"), ast.Tuple(bools, ast.Load())], [])
            body.append(ast.If(_call("BOOL_TYPES.issuperset", [types], negate=True), reject, []))
        in_tables = {i.id for r in self.requirements if r.id in self.runtime.tables for i in r.indicators}
        bad_checks: list[ast.expr] = []
        for ind in self.indicators:
            if ind.type is IndicatorType.DATE:
                as_date = ast.Call(_name("as_date"), [self.var(ind.id)], [])
                body.append(ast.If(_is_type(self.var(ind.id), "str"), [_assign(self.local[ind.id], as_date)], []))
            # A bad choice in a table requirement misses the table and is reported by the caller.
            if ind.type is not IndicatorType.BOOL and not (ind.type is IndicatorType.ENUM and ind.id in in_tables):
                bad_checks.append(self.invalid(ind))
        if bad_checks:
            any_bad = ast.BoolOp(ast.Or(), bad_checks) if len(bad_checks) > 1 else bad_checks[0]
            body.append(ast.If(any_bad, reject, []))
        return body

    def mask_unasked(self) -> list[ast.stmt]:
        """Blank answers to questions that are not asked, where chains or triggers read them.

        A table needs no mask: a stray answer misses the table, and the interpreter, which
        masks, decides."""
        read_elsewhere = {n for t in self.runtime.standard.edd_triggers for n in names(t.condition)} | {
            i.id for r in self.requirements if r.id not in self.runtime.tables for i in r.indicators
        }
        return [self.mask(i) for i in self.indicators if i.relevant is not None and i.id in read_elsewhere]

    def invalid(self, ind: Indicator) -> ast.expr:
        """An expression that is true when the answer to ``ind`` is given but not valid."""
        v = self.var(ind.id)
        present = ast.Compare(v, [ast.IsNot()], [ast.Constant(None)])
        wrong: ast.expr
        if ind.type is IndicatorType.BOOL:
            wrong = _is_type(v, "bool", negate=True)
        elif ind.type is IndicatorType.ENUM:
            wrong = ast.BoolOp(
                ast.Or(),
                [
                    _is_type(v, "str", negate=True),
                    ast.Compare(v, [ast.NotIn()], [self.const(frozenset(c.id for c in ind.choices))]),
                ],
            )
        elif ind.type is IndicatorType.TEXT:
            wrong = _is_type(v, "str", negate=True)
        elif ind.type is IndicatorType.DATE:
            wrong = _is_type(v, "DATE", negate=True)
        else:
            kinds = "int" if ind.type is IndicatorType.INTEGER else "NUMBERS"
            checks: list[ast.expr] = [
                _is_type(v, "int", negate=True)
                if kinds == "int"
                else ast.BoolOp(
                    ast.Or(),
                    [
                        ast.Compare(ast.Call(_name("type"), [v], []), [ast.NotIn()], [_name("NUMBERS")]),
                        ast.UnaryOp(ast.Not(), ast.Call(_name("isfinite"), [v], [])),
                    ],
                )
            ]
            if ind.minimum is not None:
                checks.append(ast.Compare(v, [ast.Lt()], [ast.Constant(ind.minimum)]))
            if ind.maximum is not None:
                checks.append(ast.Compare(v, [ast.Gt()], [ast.Constant(ind.maximum)]))
            wrong = ast.BoolOp(ast.Or(), checks) if len(checks) > 1 else checks[0]
        return ast.BoolOp(ast.And(), [present, wrong])

    def mask(self, ind: Indicator) -> ast.stmt:
        """Blank ``ind`` when its question is not asked (its ``relevant`` is not true)."""
        assert ind.relevant is not None
        asked = self.guarded(ind.relevant)
        return ast.If(
            ast.BoolOp(
                ast.And(),
                [ast.Compare(self.var(ind.id), [ast.IsNot()], [ast.Constant(None)]), ast.UnaryOp(ast.Not(), asked)],
            ),
            [_assign(self.local[ind.id], ast.Constant(None))],
            [],
        )

    def guarded(self, expr: Expr) -> ast.expr:
        """``expr`` evaluated two-valued, false when any value it reads is missing."""
        present: list[ast.expr] = [
            ast.Compare(self.var(n), [ast.IsNot()], [ast.Constant(None)]) for n in sorted(names(expr))
        ]
        return ast.BoolOp(ast.And(), [*present, self.expr(expr)]) if present else self.expr(expr)

    def table_lookups(self) -> list[ast.stmt]:
        """``f3 = K7[v5][v6]`` for every tabled requirement, inside one ``try``.

        Plain subscripts on nested dicts are the cheapest look-up Python has. Any miss (an
        unanswered question, an answer to one not asked, a bad choice, an unhashable value)
        raises, and the handler redoes the look-ups one by one with ``.get``, leaving the misses
        to the interpreter."""
        tabled = [(k, r) for k, r in enumerate(self.requirements) if r.id in self.runtime.tables]
        if not tabled:
            return []
        direct: list[ast.stmt] = []
        ranks: list[ast.stmt] = []
        careful: list[ast.stmt] = []
        for k, req in tabled:
            target = f"f{k}"
            lookup: ast.expr = self.const(self.runtime.nested[req.id])
            for ind in req.indicators:
                lookup = ast.Subscript(lookup, self.var(ind.id), ast.Load())
            direct.append(_assign(target, lookup))
            table = self.runtime.tables[req.id]
            if any(f.rank < OUTCOME_IDS.index(ELIGIBLE) for f in table.values()):
                rank = ast.Attribute(_name(target), "rank", ast.Load())
                ranks.append(ast.If(ast.Compare(rank, [ast.Lt()], [_name("worst")]), [_assign("worst", rank)], []))
            careful.extend(self.table_block(k, req, table))
        misses = ast.Tuple([_name("KeyError"), _name("TypeError")], ast.Load())
        handler = ast.ExceptHandler(type=misses, name=None, body=careful)
        return [ast.Try(body=direct, handlers=[handler], orelse=ranks or [ast.Pass()], finalbody=[])]

    def requirement_block(self, k: int, req: Requirement) -> list[ast.stmt]:
        target = f"f{k}"
        chain: list[ast.stmt] = [_assign(target, ast.Constant(None))]
        rank_of = {NOT_ELIGIBLE: 0, ELIGIBLE: 2}
        branches: list[tuple[ast.expr | None, ast.stmt, int]] = []
        for cell in req.cells:
            finding = self.const(self.runtime.templates[(req.id, cell.id)])
            test = None if cell.condition is None else self.expr(cell.condition)
            rank = rank_of.get(cell.outcome, 1)
            branches.append((test, _assign(target, finding), rank))
        statements: list[ast.stmt] = []
        for test, assignment, rank in reversed(branches):
            then: list[ast.stmt] = [assignment]
            if rank < 2:
                then.append(
                    ast.If(
                        ast.Compare(_name("worst"), [ast.Gt()], [ast.Constant(rank)]),
                        [_assign("worst", ast.Constant(rank))],
                        [],
                    )
                )
            statements = then if test is None else [ast.If(test, then, statements)]
        # Cells read only required questions; an unanswered optional one changes nothing here.
        complete: list[ast.expr] = [
            ast.Compare(self.var(i.id), [ast.IsNot()], [ast.Constant(None)]) for i in req.indicators if i.required
        ] or [ast.Constant(True)]
        uses_division = any(_divides(c.condition) for c in req.cells if c.condition is not None)
        later = _assign("interpret", ast.Constant(True))
        if uses_division or not statements:
            return [*chain, later]  # the interpreter decides (it treats division by zero as unknown)
        test = ast.BoolOp(ast.And(), complete) if len(complete) > 1 else complete[0]
        # A chain without `otherwise` may match no cell: the interpreter then says why.
        fallback = (
            []
            if req.cells[-1].otherwise
            else [ast.If(ast.Compare(_name(target), [ast.Is()], [ast.Constant(None)]), [later], [])]
        )
        chain.append(ast.If(test, [*statements, *fallback], [later]))
        return chain

    def table_block(self, k: int, req: Requirement, table: Mapping[tuple[Any, ...], Finding]) -> list[ast.stmt]:
        """Look the answers up one by one, in the table of answers given so far if there is one
        (flagging unanswered questions), else in the complete table; a miss goes to the
        interpreter."""
        partial = self.runtime.partial.get(req.id)
        target = f"f{k}"
        key = ast.Tuple([self.var(i.id) for i in req.indicators], ast.Load())
        lookup = ast.Call(self.const((partial or table).get), [key], [])
        rank = ast.Attribute(_name(target), "rank", ast.Load())
        found: list[ast.stmt] = []
        # Most requirements can only improve or need nothing: no need to track the worst rank.
        if any(f.rank < OUTCOME_IDS.index(ELIGIBLE) for f in table.values()):
            found.append(ast.If(ast.Compare(rank, [ast.Lt()], [_name("worst")]), [_assign("worst", rank)], []))
        if partial is not None:
            unanswered = ast.Attribute(_name(target), "missing", ast.Load())
            found.append(ast.If(unanswered, [_assign("gaps", ast.Constant(True))], []))
        return [
            _assign(target, lookup),
            ast.If(
                ast.Compare(_name(target), [ast.Is()], [ast.Constant(None)]),
                [_assign("interpret", ast.Constant(True))],
                found,
            ),
        ]

    def trigger_block(self, k: int) -> ast.stmt:
        trigger = self.runtime.standard.edd_triggers[k]
        later = ast.Expr(ast.Call(ast.Attribute(_name("pending"), "append", ast.Load()), [ast.Constant(k)], []))
        if _divides(trigger.condition):
            return later
        flag = self.const(self.runtime.edd_flags[k])
        fire = ast.Expr(ast.Call(ast.Attribute(_name("edd"), "append", ast.Load()), [flag], []))
        # `a or b`: any alternative whose answers are all there and true fires the trigger. An
        # alternative with an answer missing is unknown; if it is a single comparison it cannot be
        # true, otherwise (`not`, `and`, `or` inside) only the three-valued interpreter can say.
        alternatives = trigger.condition.operands if isinstance(trigger.condition, Or) else (trigger.condition,)
        if len(alternatives) > 4:
            return later
        statement: ast.stmt = ast.If(_name("unknown"), [later], [])
        for alternative in reversed(alternatives):
            present = self.present(alternative)
            test = self.expr(alternative)
            if present is None:
                statement = ast.If(test, [fire], [statement])
                continue
            atomic = isinstance(alternative, Name | Compare | In)
            missing: list[ast.stmt] = [statement] if atomic else [_assign("unknown", ast.Constant(True)), statement]
            statement = ast.If(present, [ast.If(test, [fire], [statement])], missing)
        return ast.If(ast.Constant(True), [_assign("unknown", ast.Constant(False)), statement], [])

    def present(self, expr: Expr) -> ast.expr | None:
        used = sorted(names(expr))
        if any(n not in self.local for n in used):
            return ast.Constant(False)
        checks: list[ast.expr] = [ast.Compare(self.var(n), [ast.IsNot()], [ast.Constant(None)]) for n in used]
        if not checks:
            return None
        return ast.BoolOp(ast.And(), checks) if len(checks) > 1 else checks[0]

    def expr(self, expr: Expr) -> ast.expr:
        match expr:
            case Name(id=ident):
                return self.var(ident)
            case Literal(value=v):
                return self.const(_plain(v))
            case Today():
                return _name("today")
            case Not(operand=o):
                return ast.UnaryOp(ast.Not(), self.expr(o))
            case And(operands=ops):
                return ast.BoolOp(ast.And(), [self.expr(o) for o in ops])
            case Or(operands=ops):
                return ast.BoolOp(ast.Or(), [self.expr(o) for o in ops])
            case In(subject=s, options=options, negated=negated):
                values = frozenset(_plain(o.value) for o in options)
                return ast.Compare(self.expr(s), [ast.NotIn() if negated else ast.In()], [self.const(values)])
            case Compare(op=op, left=left, right=right):
                return ast.Compare(self.expr(left), [_COMPARE[op]()], [self.expr(right)])
            case Arith(op=op, left=left, right=right):
                return ast.BinOp(self.expr(left), _ARITH[op](), self.expr(right))
        raise AssertionError(expr)  # pragma: no cover


_COMPARE: Mapping[str, type[ast.cmpop]] = {
    "==": ast.Eq,
    "!=": ast.NotEq,
    "<": ast.Lt,
    "<=": ast.LtE,
    ">": ast.Gt,
    ">=": ast.GtE,
}
_ARITH: Mapping[str, type[ast.operator]] = {"+": ast.Add, "-": ast.Sub, "*": ast.Mult, "/": ast.Div}


def _plain(value: object) -> object:
    """Literal values as the answers carry them: numbers as int or float."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _divides(expr: Expr | None) -> bool:
    return expr is not None and any(isinstance(n, Arith) and n.op == "/" for n in nodes(expr))


def _name(ident: str) -> ast.Name:
    return ast.Name(ident, ast.Load())


def _assign(target: str, value: ast.expr) -> ast.Assign:
    return ast.Assign([ast.Name(target, ast.Store())], value)


def _is_type(value: ast.expr, type_name: str, negate: bool = False) -> ast.expr:
    call = ast.Call(_name("type"), [value], [])
    return ast.Compare(call, [ast.IsNot() if negate else ast.Is()], [_name(type_name)])


def _call(dotted: str, args: list[ast.expr], negate: bool = False) -> ast.expr:
    obj, attr = dotted.split(".")
    call = ast.Call(ast.Attribute(_name(obj), attr, ast.Load()), args, [])
    return ast.UnaryOp(ast.Not(), call) if negate else call
