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
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from .conditions import And, Arith, Compare, Expr, In, Literal, Name, Not, Or, Today, names
from .model import ELIGIBLE, NOT_ELIGIBLE, OUTCOME_IDS, Indicator, Requirement, Standard
from .result import Finding, Producer
from .schema import IndicatorType

FastResult = tuple[list[Finding | None], int, list[int], list[int], tuple[Any, ...]]
"""(finding per requirement or ``None`` when the interpreter must decide, worst outcome rank,
triggers that fired, triggers the interpreter must decide, the checked and masked answers)."""

FastFunction = Callable[[Mapping[str, Any], dt.date], "FastResult | None"]

_BAD = object()


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
    triggers_fast: tuple[int, ...]
    fast: FastFunction = field(repr=False)

    @property
    def indicator_ids(self) -> tuple[str, ...]:
        return tuple(i.id for i in self.indicators)


@dataclass
class Runtime:
    """Per-standard compiled state: templates and a cache of plans by producer kind."""

    standard: Standard
    known_ids: frozenset[str]
    templates: Mapping[tuple[str, str], Finding]
    plans: dict[tuple[Any, ...], Plan] = field(default_factory=dict)

    @classmethod
    def build(cls, standard: Standard) -> Runtime:
        templates = {(r.id, c.id): Finding.for_cell(r, c) for r in standard.requirements for c in r.cells}
        return cls(standard, frozenset(standard.indicators), templates)

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
        available = {i.id for i in indicators}
        triggers = tuple(k for k, t in enumerate(self.standard.edd_triggers) if names(t.condition) <= available)
        fast = _FunctionBuilder(self, requirements, indicators, triggers).build()
        return Plan(requirements, indicators, triggers, fast)


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
        triggers: Sequence[int],
    ) -> None:
        self.runtime = runtime
        self.requirements = requirements
        self.indicators = indicators
        self.triggers = triggers
        self.local = {ind.id: f"v{k}" for k, ind in enumerate(indicators)}
        self.namespace: dict[str, Any] = {
            "KNOWN": runtime.known_ids,
            "type": type,
            "bool": bool,
            "int": int,
            "str": str,
            "DATE": dt.date,
            "NUMBERS": (int, float, Decimal),
            "as_date": _as_date,
            "BAD": _BAD,
        }
        self.constants = 0

    def const(self, value: object) -> ast.expr:
        if isinstance(value, bool | int | float | str) or value is None:
            return ast.Constant(value)
        name = f"K{self.constants}"
        self.constants += 1
        self.namespace[name] = value
        return ast.Name(name, ast.Load())

    def var(self, ident: str) -> ast.expr:
        return ast.Name(self.local[ident], ast.Load())

    def build(self) -> FastFunction:
        body: list[ast.stmt] = [
            # Any answer the standard does not know: let the caller report it.
            ast.If(_call("KNOWN.issuperset", [_name("a")], negate=True), [ast.Return(ast.Constant(None))], []),
            _assign("g", ast.Attribute(_name("a"), "get", ast.Load())),
        ]
        bad_checks: list[ast.expr] = []
        for ind in self.indicators:
            body.append(_assign(self.local[ind.id], ast.Call(_name("g"), [ast.Constant(ind.id)], [])))
            if ind.type is IndicatorType.DATE:
                body.append(
                    ast.If(
                        _is_type(self.var(ind.id), "str"),
                        [_assign(self.local[ind.id], ast.Call(_name("as_date"), [self.var(ind.id)], []))],
                        [],
                    )
                )
            bad_checks.append(self.invalid(ind))
        if bad_checks:
            body.append(
                ast.If(
                    ast.BoolOp(ast.Or(), bad_checks) if len(bad_checks) > 1 else bad_checks[0],
                    [ast.Return(ast.Constant(None))],
                    [],
                )
            )
        for ind in self.indicators:
            if ind.relevant is not None:
                body.append(self.mask(ind))
        body.append(_assign("worst", ast.Constant(OUTCOME_IDS.index(ELIGIBLE))))
        results: list[ast.expr] = []
        for k, req in enumerate(self.requirements):
            body.extend(self.requirement_block(k, req))
            results.append(_name(f"f{k}"))
        body.append(_assign("edd", ast.List([], ast.Load())))
        # Triggers that read questions this producer is not asked are left to the interpreter.
        others = [k for k in range(len(self.runtime.standard.edd_triggers)) if k not in self.triggers]
        body.append(_assign("pending", ast.List([ast.Constant(k) for k in others], ast.Load())))
        for k in self.triggers:
            body.append(self.trigger_block(k))
        values = ast.Tuple([self.var(i.id) for i in self.indicators], ast.Load())
        outputs = [ast.List(results, ast.Load()), _name("worst"), _name("edd"), _name("pending"), values]
        body.append(ast.Return(ast.Tuple(outputs, ast.Load())))
        function = ast.FunctionDef(
            name="classify_fast",
            args=ast.arguments(
                posonlyargs=[],
                args=[ast.arg("a"), ast.arg("today")],
                kwonlyargs=[],
                kw_defaults=[],
                defaults=[],
            ),
            body=body,
            decorator_list=[],
            returns=None,
        )
        module = ast.fix_missing_locations(ast.Module([function], type_ignores=[]))
        code = compile(module, filename=f"<compiled {self.runtime.standard.ref}>", mode="exec")
        scope: dict[str, Any] = {}
        exec(code, self.namespace, scope)  # noqa: S102 - code built from ast nodes above, no text
        fast: FastFunction = scope["classify_fast"]
        return fast

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
                else ast.Compare(ast.Call(_name("type"), [v], []), [ast.NotIn()], [_name("NUMBERS")])
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
        complete: list[ast.expr] = [
            ast.Compare(self.var(i.id), [ast.IsNot()], [ast.Constant(None)]) for i in req.indicators
        ]
        uses_division = any(_divides(c.condition) for c in req.cells if c.condition is not None)
        if uses_division or not statements:
            return chain  # the interpreter decides (it treats division by zero as unknown)
        test = ast.BoolOp(ast.And(), complete) if len(complete) > 1 else complete[0]
        chain.append(ast.If(test, statements, []))
        return chain

    def trigger_block(self, k: int) -> ast.stmt:
        trigger = self.runtime.standard.edd_triggers[k]
        later = ast.Expr(ast.Call(ast.Attribute(_name("pending"), "append", ast.Load()), [ast.Constant(k)], []))
        if _divides(trigger.condition):
            return later
        fire = ast.Expr(ast.Call(ast.Attribute(_name("edd"), "append", ast.Load()), [ast.Constant(k)], []))
        present: list[ast.expr] = [
            ast.Compare(self.var(n), [ast.IsNot()], [ast.Constant(None)]) for n in sorted(names(trigger.condition))
        ]
        decide = ast.If(self.expr(trigger.condition), [fire], [])
        if not present:
            return decide
        return ast.If(ast.BoolOp(ast.And(), present) if len(present) > 1 else present[0], [decide], [later])

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
    match expr:
        case Arith(op=op, left=left, right=right):
            return op == "/" or _divides(left) or _divides(right)
        case Compare(left=left, right=right):
            return _divides(left) or _divides(right)
        case In(subject=s):
            return _divides(s)
        case Not(operand=o):
            return _divides(o)
        case And(operands=ops) | Or(operands=ops):
            return any(_divides(o) for o in ops)
        case _:
            return False


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
