"""The condition language: a small, typed, safe expression grammar.

Conditions decide which graduated cell of a requirement matches, when a question is asked,
and when an enhanced-due-diligence trigger fires. They are parsed with Lark into our own
frozen syntax tree, type-checked against the indicators they name, and then either
interpreted with three-valued logic, explained in plain words, translated to XLSForm XPath,
or compiled to Python bytecode (``compiled.py``). No text is ever handed to ``eval``.

Grammar (precedence low to high)::

    expr    := or
    or      := and ("or" and)*
    and     := not ("and" not)*
    not     := "not" not | compare
    compare := sum (("=="|"!="|"<"|"<="|">"|">=") sum)? | sum ["not"] "in" "[" literal, ... "]"
    sum     := product (("+"|"-") product)*
    product := unary (("*"|"/") unary)*
    unary   := "-" unary | atom
    atom    := NAME | NUMBER | STRING | "true" | "false" | "today" | "(" expr ")"
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from functools import cache
from typing import Union

from lark import Lark, Token, Transformer, v_args
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken, VisitError

from .errors import ConditionError

_GRAMMAR = r"""
?start: or_
?or_: and_ ("or" and_)*  -> or_
?and_: not_ ("and" not_)* -> and_
?not_: "not" not_ -> not_
     | compare
?compare: sum COMPARE sum -> compare
        | sum "in" list -> in_
        | sum "not" "in" list -> not_in
        | sum
list: "[" [literal ("," literal)*] "]"
?literal: NUMBER -> number
        | STRING -> string
        | "-" NUMBER -> negative
        | TRUE -> true
        | FALSE -> false
?sum: product (ADDOP product)* -> arith
?product: unary (MULOP unary)* -> arith
?unary: "-" unary -> neg
      | atom
?atom: NUMBER -> number
     | STRING -> string
     | TRUE -> true
     | FALSE -> false
     | TODAY -> today
     | NAME -> name
     | "(" or_ ")"
COMPARE: "==" | "!=" | "<=" | ">=" | "<" | ">"
ADDOP: "+" | "-"
MULOP: "*" | "/"
TRUE.2: /true\b/
FALSE.2: /false\b/
TODAY.2: /today\b/
NAME: /(?!(and|or|not|in|true|false|today)\b)[A-Za-z_][A-Za-z0-9_]*/
NUMBER: /\d+(\.\d+)?/
STRING: /'[^'\n]*'/ | /"[^"\n]*"/
%import common.WS
%ignore WS
"""


class Kind(StrEnum):
    """The type of a value in a condition."""

    BOOL = "bool"
    ENUM = "enum"
    NUMBER = "number"
    DATE = "date"
    TEXT = "text"
    STRING = "string"  # a literal not yet matched with what it is compared to


# --- syntax tree ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Name:
    id: str
    column: int


@dataclass(frozen=True, slots=True)
class Literal:
    value: bool | Decimal | str | dt.date


@dataclass(frozen=True, slots=True)
class Today:
    pass


@dataclass(frozen=True, slots=True)
class Arith:
    op: str  # + - * /
    left: Expr
    right: Expr


@dataclass(frozen=True, slots=True)
class Compare:
    op: str  # == != < <= > >=
    left: Expr
    right: Expr


@dataclass(frozen=True, slots=True)
class In:
    subject: Expr
    options: tuple[Literal, ...]
    negated: bool


@dataclass(frozen=True, slots=True)
class Not:
    operand: Expr


@dataclass(frozen=True, slots=True)
class And:
    operands: tuple[Expr, ...]


@dataclass(frozen=True, slots=True)
class Or:
    operands: tuple[Expr, ...]


Expr = Union[Name, Literal, Today, Arith, Compare, In, Not, And, Or]  # noqa: UP007 (recursive alias)


@v_args(inline=True)
class _ToTree(Transformer[Token, Expr]):
    def or_(self, *operands: Expr) -> Expr:
        return operands[0] if len(operands) == 1 else Or(tuple(operands))

    def and_(self, *operands: Expr) -> Expr:
        return operands[0] if len(operands) == 1 else And(tuple(operands))

    def not_(self, operand: Expr) -> Expr:
        return Not(operand)

    def compare(self, left: Expr, op: Token, right: Expr) -> Expr:
        return Compare(str(op), left, right)

    def in_(self, subject: Expr, options: tuple[Literal, ...]) -> Expr:
        return In(subject, options, negated=False)

    def not_in(self, subject: Expr, options: tuple[Literal, ...]) -> Expr:
        return In(subject, options, negated=True)

    def list(self, *items: Literal | None) -> tuple[Literal, ...]:
        return tuple(i for i in items if i is not None)

    def arith(self, first: Expr, *rest: Token | Expr) -> Expr:  # left-associative
        result = first
        for i in range(0, len(rest), 2):
            op, operand = rest[i], rest[i + 1]
            assert isinstance(op, Token)
            assert not isinstance(operand, Token)
            result = Arith(str(op), result, operand)
        return result

    def neg(self, operand: Expr) -> Expr:
        if isinstance(operand, Literal) and isinstance(operand.value, Decimal):
            return Literal(-operand.value)
        return Arith("-", Literal(Decimal(0)), operand)

    def number(self, token: Token) -> Literal:
        return Literal(Decimal(str(token)))

    def negative(self, token: Token) -> Literal:
        return Literal(-Decimal(str(token)))

    def string(self, token: Token) -> Literal:
        return Literal(str(token)[1:-1])

    def true(self, _token: Token) -> Literal:
        return Literal(True)

    def false(self, _token: Token) -> Literal:
        return Literal(False)

    def today(self, _token: Token) -> Today:
        return Today()

    def name(self, token: Token) -> Name:
        return Name(str(token), (token.column or 1) - 1)


@cache
def _parser() -> Lark:
    return Lark(_GRAMMAR, parser="lalr", maybe_placeholders=False)


def parse(text: str) -> Expr:
    """Parse ``text`` into a syntax tree; ``ConditionError`` says what and where (column)."""
    if not text.strip():
        raise ConditionError("the condition is empty")
    try:
        tree = _parser().parse(text)
        return _ToTree().transform(tree)
    except UnexpectedEOF:
        raise ConditionError("the condition ends too early", len(text)) from None
    except UnexpectedCharacters as exc:
        raise ConditionError(f"unexpected character {exc.char!r}", exc.column - 1) from None
    except UnexpectedToken as exc:
        if exc.token.type == "$END":
            raise ConditionError("the condition ends too early", len(text.rstrip())) from None
        raise ConditionError(f"unexpected {str(exc.token)!r}", max(exc.column - 1, 0)) from None
    except UnexpectedInput as exc:  # pragma: no cover - other Lark input errors
        raise ConditionError(str(exc), max(exc.column - 1, 0)) from None
    except VisitError as exc:  # pragma: no cover - a transformer bug
        raise ConditionError(str(exc.orig_exc)) from None


# --- types ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Variable:
    """What a condition needs to know about an indicator it names."""

    id: str
    kind: Kind
    values: tuple[str, ...] = ()  # enum ids


def nodes(expr: Expr) -> Iterator[Expr]:
    """Every node of ``expr``, depth first, left to right (the list after ``in`` included)."""
    yield expr
    match expr:
        case Arith(left=left, right=right) | Compare(left=left, right=right):
            yield from nodes(left)
            yield from nodes(right)
        case In(subject=s, options=options):
            yield from nodes(s)
            yield from options
        case Not(operand=o):
            yield from nodes(o)
        case And(operands=ops) | Or(operands=ops):
            for o in ops:
                yield from nodes(o)
        case _:
            pass


def names(expr: Expr) -> frozenset[str]:
    """The indicator ids ``expr`` reads."""
    return frozenset(n.id for n in nodes(expr) if isinstance(n, Name))


def check(expr: Expr, variables: Mapping[str, Variable], scope: str) -> Expr:
    """Type-check ``expr`` as a condition; return it with string literals made into dates.

    ``scope`` names where the variables come from, for messages ("this requirement").
    """
    checked, kind = _check(expr, variables, scope)
    if kind is not Kind.BOOL:
        raise ConditionError(f"a condition must be true or false, but this is {_a(kind)}")
    return checked


def _kind_name(kind: Kind) -> str:
    return {Kind.STRING: "text"}.get(kind, kind.value)


def _a(kind: Kind) -> str:
    name = _kind_name(kind)
    return f"an {name}" if name[0] in "aeiou" else f"a {name}"


def _check(expr: Expr, variables: Mapping[str, Variable], scope: str) -> tuple[Expr, Kind]:
    try:
        return _check_node(expr, variables, scope)
    except ConditionError as exc:
        # Point a type error at the first indicator of the expression it is about.
        if exc.column == 0 and (column := _first_column(expr)) is not None:
            raise ConditionError(str(exc), column) from None
        raise


def _first_column(expr: Expr) -> int | None:
    return next((n.column for n in nodes(expr) if isinstance(n, Name)), None)


def _check_node(expr: Expr, variables: Mapping[str, Variable], scope: str) -> tuple[Expr, Kind]:
    match expr:
        case Name(id=ident, column=col):
            var = variables.get(ident)
            if var is None:
                raise ConditionError(f"unknown indicator '{ident}' (not declared in {scope})", col)
            return expr, var.kind
        case Literal(value=v):
            if isinstance(v, bool):
                return expr, Kind.BOOL
            if isinstance(v, Decimal):
                return expr, Kind.NUMBER
            return expr, Kind.STRING
        case Today():
            return expr, Kind.DATE
        case Arith(op=op, left=left, right=right):
            left_c, lk = _check(left, variables, scope)
            right_c, rk = _check(right, variables, scope)
            if lk is not Kind.NUMBER or rk is not Kind.NUMBER:
                raise ConditionError(f"'{op}' works on numbers, not on {_kind_name(lk)} and {_kind_name(rk)}")
            return Arith(op, left_c, right_c), Kind.NUMBER
        case Compare(op=op, left=left, right=right):
            left_c, lk = _check(left, variables, scope)
            right_c, rk = _check(right, variables, scope)
            left_c, right_c, kind = _unify(op, left_c, lk, right_c, rk, variables)
            if op not in ("==", "!=") and kind not in (Kind.NUMBER, Kind.DATE):
                raise ConditionError(f"'{op}' compares numbers or dates, not {_kind_name(kind)} values")
            if kind is Kind.BOOL:
                raise ConditionError("use a yes/no indicator directly ('x' or 'not x'), not with '=='")
            return Compare(op, left_c, right_c), Kind.BOOL
        case In(subject=subject, options=options, negated=negated):
            subject_c, sk = _check(subject, variables, scope)
            if sk is Kind.BOOL:
                raise ConditionError("use a yes/no indicator directly ('x' or 'not x'), not with 'in'")
            if not options:
                raise ConditionError("the list after 'in' is empty")
            checked: list[Literal] = []
            for option in options:
                _, ok = _check(option, variables, scope)
                _, _, kind = _unify("in", subject_c, sk, option, ok, variables)
                checked.append(_coerce_literal(option, kind))
            return In(subject_c, tuple(checked), negated), Kind.BOOL
        case Not(operand=operand):
            operand_c, k = _check(operand, variables, scope)
            if k is not Kind.BOOL:
                raise ConditionError(f"'not' needs a yes/no value, not {_a(k)}")
            return Not(operand_c), Kind.BOOL
        case And(operands=ops) | Or(operands=ops):
            out: list[Expr] = []
            for o in ops:
                oc, k = _check(o, variables, scope)
                if k is not Kind.BOOL:
                    word = "and" if isinstance(expr, And) else "or"
                    raise ConditionError(f"'{word}' joins yes/no values, not {_a(k)}", _first_column(o) or 0)
                out.append(oc)
            return (And(tuple(out)) if isinstance(expr, And) else Or(tuple(out))), Kind.BOOL
    raise ConditionError(f"unsupported expression {expr!r}")  # pragma: no cover


def _unify(
    op: str, left: Expr, lk: Kind, right: Expr, rk: Kind, variables: Mapping[str, Variable]
) -> tuple[Expr, Expr, Kind]:
    """Make both sides of a comparison one kind, checking enum values and dates."""
    if lk is Kind.STRING and rk is not Kind.STRING:
        right2, left2, kind = _unify(op, right, rk, left, lk, variables)
        return left2, right2, kind
    if rk is Kind.STRING and isinstance(right, Literal):
        assert isinstance(right.value, str)
        if lk is Kind.ENUM:
            var = _enum_var(left, variables)
            if right.value not in var.values:
                raise ConditionError(
                    f"'{right.value}' is not a value of '{var.id}' (expected one of: {', '.join(var.values)})"
                )
            return left, right, Kind.ENUM
        if lk is Kind.DATE:
            return left, _coerce_literal(right, Kind.DATE), Kind.DATE
        if lk in (Kind.TEXT, Kind.STRING):
            return left, right, Kind.TEXT
        raise ConditionError(f"cannot compare {_a(lk)} with the text '{right.value}' ('{op}')")
    if lk is Kind.ENUM and rk is Kind.ENUM:
        raise ConditionError("compare an enum indicator with one of its values, not with another indicator")
    if lk != rk:
        raise ConditionError(f"cannot compare {_a(lk)} with {_a(rk)} ('{op}')")
    return left, right, lk


def _enum_var(expr: Expr, variables: Mapping[str, Variable]) -> Variable:
    assert isinstance(expr, Name)
    return variables[expr.id]


def _coerce_literal(literal: Literal, kind: Kind) -> Literal:
    if kind is Kind.DATE and isinstance(literal.value, str):
        try:
            return Literal(dt.date.fromisoformat(literal.value))
        except ValueError:
            raise ConditionError(f"'{literal.value}' is not a date (write YYYY-MM-DD)") from None
    return literal


# --- three-valued evaluation ------------------------------------------------------------------

Value = bool | int | float | Decimal | str | dt.date
Lookup = Callable[[str], "Value | None"]


def evaluate(expr: Expr, lookup: Lookup, today: dt.date) -> bool | None:
    """Evaluate with Kleene logic: ``None`` is unknown (unanswered or not asked)."""
    result = _value(expr, lookup, today)
    assert result is None or isinstance(result, bool)
    return result


def _value(expr: Expr, lookup: Lookup, today: dt.date) -> Value | None:
    match expr:
        case Name(id=ident):
            return lookup(ident)
        case Literal(value=constant):
            return constant
        case Today():
            return today
        case Not(operand=o):
            v = _value(o, lookup, today)
            return None if v is None else not v
        case And(operands=ops):
            unknown = False
            for o in ops:
                v = _value(o, lookup, today)
                if v is False:
                    return False
                unknown = unknown or v is None
            return None if unknown else True
        case Or(operands=ops):
            unknown = False
            for o in ops:
                v = _value(o, lookup, today)
                if v is True:
                    return True
                unknown = unknown or v is None
            return None if unknown else False
        case In(subject=s, options=options, negated=negated):
            v = _value(s, lookup, today)
            if v is None:
                return None
            return (_num(v) in {_num(o.value) for o in options}) != negated
        case Compare(op=op, left=left, right=right):
            a, b = _value(left, lookup, today), _value(right, lookup, today)
            if a is None or b is None:
                return None
            return _COMPARE[op](_num(a), _num(b))
        case Arith(op=op, left=left, right=right):
            a, b = _value(left, lookup, today), _value(right, lookup, today)
            if a is None or b is None:
                return None
            x, y = _num(a), _num(b)
            if op == "/" and y == 0:
                return None
            return _ARITH[op](x, y)
    raise AssertionError(expr)  # pragma: no cover


def _num(v: Value) -> Value:
    # Literals are Decimal in the tree (exact text for explanations); answers are int or float.
    # Both evaluators compare numbers as int/float so that they always agree.
    if isinstance(v, Decimal):
        return int(v) if v == v.to_integral_value() else float(v)
    return v


_COMPARE: dict[str, Callable[[object, object], bool]] = {
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
    "<": lambda a, b: a < b,  # type: ignore[operator]
    "<=": lambda a, b: a <= b,  # type: ignore[operator]
    ">": lambda a, b: a > b,  # type: ignore[operator]
    ">=": lambda a, b: a >= b,  # type: ignore[operator]
}
_ARITH: dict[str, Callable[[object, object], Value]] = {
    "+": lambda a, b: a + b,  # type: ignore[operator]
    "-": lambda a, b: a - b,  # type: ignore[operator]
    "*": lambda a, b: a * b,  # type: ignore[operator]
    "/": lambda a, b: a / b,  # type: ignore[operator]
}


# --- XLSForm / XPath ----------------------------------------------------------------------------


def to_xpath(expr: Expr, variables: Mapping[str, Variable]) -> str:
    """The same condition as an XLSForm ``relevant``/``calculate`` expression.

    Yes/no indicators become ``select_one yes_no`` questions, so ``x`` is ``${x} = 'yes'``.
    """
    return _xpath(expr, variables, top=True)


def _xpath(expr: Expr, variables: Mapping[str, Variable], top: bool = False) -> str:
    match expr:
        case Name(id=ident):
            if variables[ident].kind is Kind.BOOL:
                return f"${{{ident}}} = 'yes'"
            if variables[ident].kind is Kind.DATE:
                return f"date(${{{ident}}})"
            return f"${{{ident}}}"
        case Literal(value=v):
            if isinstance(v, bool):
                return "true()" if v else "false()"
            if isinstance(v, Decimal):
                return str(v)
            if isinstance(v, dt.date):
                return f"date('{v.isoformat()}')"
            return "'" + v + "'"
        case Today():
            return "today()"
        case Not(operand=o):
            return f"not({_xpath(o, variables, top=True)})"
        case And(operands=ops) | Or(operands=ops):
            word = " and " if isinstance(expr, And) else " or "
            text = word.join(_xpath(o, variables) for o in ops)
            return text if top else f"({text})"
        case In(subject=s, options=options, negated=negated):
            subject = _xpath(s, variables)
            text = " or ".join(f"{subject} = {_xpath(o, variables)}" for o in options)
            return f"not({text})" if negated else (text if top or len(options) == 1 else f"({text})")
        case Compare(op=op, left=left, right=right):
            xop = {"==": "=", "!=": "!="}.get(op, op)
            return f"{_xpath(left, variables)} {xop} {_xpath(right, variables)}"
        case Arith(op=op, left=left, right=right):
            xop = "div" if op == "/" else op
            return f"({_xpath(left, variables)} {xop} {_xpath(right, variables)})"
    raise AssertionError(expr)  # pragma: no cover
