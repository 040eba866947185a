"""Conditions in plain words, in each language of the standard.

The words come from the standard itself (each indicator's short ``label`` and each choice's
label); only the connectives ("and", "yes", "is more than") live here, one small table per
language. A language without a table falls back to English connectives.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from .conditions import And, Arith, Compare, Expr, In, Literal, Lookup, Name, Not, Or, Today, evaluate
from .model import Cell, Indicator, text_in


@dataclass(frozen=True, slots=True)
class Words:
    yes: str
    no: str
    and_: str
    or_: str
    not_: str
    is_: str
    is_not: str
    either: str
    today: str
    otherwise: str
    compare: Mapping[str, str]
    arith: Mapping[str, str]


WORDS: Mapping[str, Words] = {
    "en": Words(
        yes="yes",
        no="no",
        and_="and",
        or_="or",
        not_="it is not the case that",
        is_="is",
        is_not="is not",
        either="either",
        today="the assessment date",
        otherwise="none of the other cases applies",
        compare={
            "==": "is",
            "!=": "is not",
            "<": "is less than",
            "<=": "is at most",
            ">": "is more than",
            ">=": "is at least",
        },
        arith={"+": "plus", "-": "minus", "*": "×", "/": "÷"},
    ),
    "es": Words(
        yes="sí",
        no="no",
        and_="y",
        or_="o",
        not_="no se cumple que",
        is_="es",
        is_not="no es",
        either="o bien",
        today="la fecha de la evaluación",
        otherwise="no se da ninguno de los otros casos",
        compare={
            "==": "es",
            "!=": "no es",
            "<": "es menor que",
            "<=": "es como máximo",
            ">": "es mayor que",
            ">=": "es al menos",
        },
        arith={"+": "más", "-": "menos", "*": "×", "/": "÷"},
    ),
    "fr": Words(
        yes="oui",
        no="non",
        and_="et",
        or_="ou",
        not_="il n'est pas vrai que",
        is_="est",
        is_not="n'est pas",
        either="soit",
        today="la date de l'évaluation",
        otherwise="aucun des autres cas ne s'applique",
        compare={
            "==": "est",
            "!=": "n'est pas",
            "<": "est inférieur à",
            "<=": "est au plus",
            ">": "est supérieur à",
            ">=": "est au moins",
        },
        arith={"+": "plus", "-": "moins", "*": "×", "/": "÷"},
    ),
}


def explain(expr: Expr, indicators: Mapping[str, Indicator], lang: str) -> str:
    """``expr`` as a sentence fragment, e.g. "mercury use: whole ore and plan adopted: no"."""
    words = WORDS.get(lang, WORDS["en"])
    return _explain(expr, indicators, lang, words)


def explain_otherwise(lang: str) -> str:
    return WORDS.get(lang, WORDS["en"]).otherwise


EXPIRED: Mapping[str, str] = {
    "en": "The window to mitigate ended on {due} without the finding improving.",
    "es": "El plazo para mitigar terminó el {due} sin que la situación mejorara.",
    "fr": "Le délai d'atténuation a pris fin le {due} sans amélioration de la situation.",
}
UNDECIDED: Mapping[str, str] = {
    "en": "Not decided yet: answer the missing questions.",
    "es": "Aún sin decidir: responda las preguntas que faltan.",
    "fr": "Pas encore décidé : répondez aux questions manquantes.",
}


def cell_reason(
    cell: Cell,
    indicators: Mapping[str, Indicator],
    lang: str,
    answers: Lookup | None = None,
    today: dt.date | None = None,
    expired_on: dt.date | None = None,
) -> str:
    """Why ``cell`` matched, in plain words: its label, then its condition.

    With the (asked) ``answers``, only the alternatives of an ``or`` that are true are named,
    so a producer reads what applies to it rather than the whole rule. With ``expired_on``, the
    sentence that the mitigation window ended comes first.
    """
    if cell.condition is None:
        because = explain_otherwise(lang)
    elif answers is None:
        because = text_in(cell.explanation, lang)
    else:
        because = explain(prune(cell.condition, answers, today or dt.date.today()), indicators, lang)
    text = f"{text_in(cell.label, lang)} — {because}"
    if expired_on is not None:
        text = f"{EXPIRED.get(lang, EXPIRED['en']).format(due=expired_on.isoformat())} {text}"
    return text


def prune(expr: Expr, answers: Lookup, today: dt.date) -> Expr:
    """``expr`` without the alternatives of each ``or`` that are not true for ``answers``."""
    match expr:
        case Or(operands=ops):
            true = [prune(o, answers, today) for o in ops if evaluate(o, answers, today) is True]
            if not true:
                return expr
            return true[0] if len(true) == 1 else Or(tuple(true))
        case And(operands=ops):
            return And(tuple(prune(o, answers, today) for o in ops))
        case _:
            return expr


def _label(name: Name, indicators: Mapping[str, Indicator], lang: str) -> str:
    return text_in(indicators[name.id].label, lang)


def _explain(expr: Expr, ind: Mapping[str, Indicator], lang: str, w: Words) -> str:
    match expr:
        case Name() as name:
            return f"{_label(name, ind, lang)}: {w.yes}"
        case Not(operand=Name() as name):
            return f"{_label(name, ind, lang)}: {w.no}"
        case Not(operand=operand):
            return f"{w.not_} {_nested(operand, ind, lang, w)}"
        case And(operands=ops):
            return f" {w.and_} ".join(_nested(o, ind, lang, w) for o in ops)
        case Or(operands=ops):
            return f" {w.or_} ".join(_nested(o, ind, lang, w) for o in ops)
        case In(subject=Name() as name, options=options, negated=negated):
            label = _label(name, ind, lang)
            values = f" {w.or_} ".join(_term(o, name, ind, lang, w) for o in options)
            return f"{label} {w.is_not if negated else w.is_} {values}"
        case Compare(op=op, left=Name() as name, right=Literal() as lit) if op in ("==", "!="):
            value = _term(lit, name, ind, lang, w)
            if op == "==":
                return f"{_label(name, ind, lang)}: {value}"
            return f"{_label(name, ind, lang)} {w.is_not} {value}"
        case Compare(op=op, left=left, right=right):
            return f"{_term(left, None, ind, lang, w)} {w.compare[op]} {_term(right, None, ind, lang, w)}"
        case _:
            return _term(expr, None, ind, lang, w)


def _nested(expr: Expr, ind: Mapping[str, Indicator], lang: str, w: Words) -> str:
    text = _explain(expr, ind, lang, w)
    if isinstance(expr, And | Or):
        return f"({text})"
    return text


def _term(expr: Expr, subject: Name | None, ind: Mapping[str, Indicator], lang: str, w: Words) -> str:
    match expr:
        case Name() as name:
            return _label(name, ind, lang)
        case Today():
            return w.today
        case Literal(value=bool() as b):
            return w.yes if b else w.no
        case Literal(value=Decimal() as d):
            return _number(d)
        case Literal(value=dt.date() as day):
            return day.isoformat()
        case Literal(value=str() as s):
            if subject is not None:
                return f"“{ind[subject.id].choice_label(s, lang)}”"
            return f"“{s}”"
        case Arith(op=op, left=left, right=right):
            return f"{_term(left, None, ind, lang, w)} {w.arith[op]} {_term(right, None, ind, lang, w)}"
        case _:
            return f"({_explain(expr, ind, lang, w)})"


def _number(d: Decimal) -> str:
    text = format(d, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text
