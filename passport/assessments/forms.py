"""Reading a module page's answers from a form post, and preparing questions for display.

The page's fields come from the standard, so there is no Django ``Form`` class: each question
is read by its type, and a blank field means "no answer" (which clears a stored one).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from passport.engine import Decision, ModuleQuestions, Question, text_in

TEXT_MAX = 2000

# Units the standard files use that are words, shown in the reader's language. Symbols (g, kg,
# m) read the same in every language; an unknown unit is shown as the standard file writes it.
UNIT_WORDS = {"people": gettext_lazy("people")}


def unit_label(unit: str | None) -> str:
    """How a question's unit is shown to the reader."""
    if not unit:
        return ""
    return str(UNIT_WORDS.get(unit, unit))


@dataclass(frozen=True)
class Field:
    """One question as the template shows it, in the reader's language."""

    id: str
    type: str
    question: str
    help: str
    unit: str
    required: bool
    value: str
    """The current answer as the form shows it (``yes``/``no``, a choice id, text)."""
    choices: Sequence[tuple[str, str]]
    minimum: float | None
    maximum: float | None
    errors: Sequence[str]
    withheld: Decision | None = None
    """The decision withholding the answer from this reader (then ``value`` is empty): the page
    shows the question and "Withheld" with the reason, never an empty or "no" answer."""


def _shown(question: Question) -> str:
    value = question.value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def fields_for(
    questions: Sequence[Question],
    lang: str,
    *,
    posted: Mapping[str, str] | None = None,
    errors: Mapping[str, Sequence[str]] | None = None,
    withheld: Mapping[str, Decision] | None = None,
) -> list[Field]:
    """Display data for ``questions``; after a refused post, the values the person typed;
    ``withheld``: the decisions withholding answers from this reader, by question."""
    shown = []
    for q in questions:
        ind = q.indicator
        hidden = (withheld or {}).get(ind.id)
        yes_no = [("yes", _("Yes")), ("no", _("No"))]
        choices = yes_no if ind.type.value == "bool" else [(c.id, text_in(c.label, lang)) for c in ind.choices]
        shown.append(
            Field(
                id=ind.id,
                type=ind.type.value,
                question=text_in(ind.question, lang),
                help=text_in(ind.help, lang) if ind.help else "",
                unit=unit_label(ind.unit),
                required=ind.required,
                value="" if hidden else posted.get(ind.id, "") if posted is not None else _shown(q),
                choices=choices,
                minimum=ind.minimum,
                maximum=ind.maximum,
                errors=list((errors or {}).get(ind.id, ())),
                withheld=hidden,
            )
        )
    return shown


def read_module_answers(
    module: ModuleQuestions, data: Mapping[str, str]
) -> tuple[dict[str, object], dict[str, list[str]]]:
    """The answers posted for the questions shown in ``module`` (blank → ``None``), and the
    errors by question id."""
    values: dict[str, object] = {}
    errors: dict[str, list[str]] = {}
    for requirement in module.requirements:
        for q in requirement.questions:
            raw = (data.get(q.id) or "").strip()
            try:
                values[q.id] = _parse(q, raw)
            except ValueError as exc:
                errors[q.id] = [str(exc)]
    return values, errors


def _parse(question: Question, raw: str) -> Any:
    ind = question.indicator
    kind = ind.type.value
    if raw == "":
        return None
    if kind == "bool":
        if raw not in ("yes", "no"):
            raise ValueError(_("Choose yes or no."))
        return raw == "yes"
    if kind == "enum":
        if raw not in {c.id for c in ind.choices}:
            raise ValueError(_("Choose one of the options."))
        return raw
    if kind == "date":
        try:
            return dt.date.fromisoformat(raw)
        except ValueError:
            raise ValueError(_("Enter a date as YYYY-MM-DD.")) from None
    if kind == "text":
        if len(raw) > TEXT_MAX:
            raise ValueError(_("Keep the answer under %(n)d characters.") % {"n": TEXT_MAX})
        return raw
    return _number(kind, raw, ind.minimum, ind.maximum)


def _number(kind: str, raw: str, minimum: float | None, maximum: float | None) -> int | float:
    text = raw.replace(" ", "").replace(",", ".")  # "2,5" is how much of the world writes 2.5
    try:
        number: int | float = int(text) if kind == "integer" else float(text)
    except ValueError:
        message = _("Enter a whole number.") if kind == "integer" else _("Enter a number.")
        raise ValueError(message) from None
    if not math.isfinite(number):
        raise ValueError(_("Enter a number."))
    if minimum is not None and number < minimum:
        raise ValueError(_("Enter a number of at least %(min)s.") % {"min": _plain(minimum)})
    if maximum is not None and number > maximum:
        raise ValueError(_("Enter a number of at most %(max)s.") % {"max": _plain(maximum)})
    return number


def _plain(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)
