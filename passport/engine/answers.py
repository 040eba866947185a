"""Answers files: one producer's answers to one standard version, with its profile and plans.

The format is documented in ``docs/answers-format.md``. Loading checks every value against the
standard and reports each problem as ``PATH:LINE: message``; a file with any problem is
rejected whole.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import AnswersError, InvalidFileError, Problem
from .model import INCOMPLETE, OUTCOME_IDS, Standard
from .result import PlanState, Producer
from .source import Located, load_file
from .validate import value_problem

_TOP_KEYS = frozenset({"standard", "assessed_on", "producer", "plans", "answers", "expected", "notes"})
_PRODUCER_KEYS = frozenset(
    {"name", "type", "subtype", "commodities", "methods", "country", "subdivision", "municipality"}
)
_PLAN_KEYS = frozenset({"adopted_on", "first_identified_on"})
_EXPECTED_KEYS = frozenset({"outcome", "edd"})
_STANDARD_REF = re.compile(r"^[A-Za-z][A-Za-z0-9_.-]*@\d+\.\d+(\.\d+)?$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")


@dataclass(frozen=True)
class Expected:
    outcome: str
    edd: tuple[str, ...] | None = None


@dataclass(frozen=True)
class AnswersFile:
    """A parsed answers file. ``standard_ref`` is the ``id@version`` it was answered against."""

    path: str
    standard_ref: str
    producer: Producer
    answers: Mapping[str, Any]
    plans: Mapping[str, PlanState] = field(default_factory=dict)
    assessed_on: dt.date | None = None
    expected: Expected | None = None
    notes: str | None = None
    located: Located | None = field(default=None, repr=False, compare=False)


def read_answers(path: Path | str) -> AnswersFile:
    """Parse an answers file's structure (no standard needed yet)."""
    try:
        src = load_file(path)
    except InvalidFileError as exc:
        raise AnswersError(exc.problems) from None
    problems: list[Problem] = []

    def bad(where: tuple[str | int, ...], message: str) -> None:
        problems.append(src.problem(where, message))

    data = src.data
    if not isinstance(data, dict):
        raise AnswersError(
            [src.problem((), "an answers file is a mapping with `standard:`, `producer:` and `answers:`")]
        )
    for key in data:
        if key not in _TOP_KEYS:
            bad((str(key),), f"unknown field '{key}' (expected one of: {', '.join(sorted(_TOP_KEYS))})")
    ref = data.get("standard")
    if not isinstance(ref, str) or not _STANDARD_REF.match(ref):
        bad(("standard",), "`standard` must name the standard as id@version, e.g. mes@1.0")
        ref = ""
    assessed_on = _date(data.get("assessed_on"))
    if assessed_on is _NOT_A_DATE:
        bad(("assessed_on",), "`assessed_on` must be a date (YYYY-MM-DD)")
        assessed_on = None
    producer = _producer(data.get("producer"), bad)
    plans = _plans(data.get("plans"), bad)
    answers = data.get("answers")
    if answers is None:
        answers = {}
    if not isinstance(answers, dict):
        bad(("answers",), "`answers` must map question ids to answers")
        answers = {}
    expected = _expected(data.get("expected"), bad)
    notes = data.get("notes")
    if notes is not None and not isinstance(notes, str):
        bad(("notes",), "`notes` must be text")
        notes = None
    if problems:
        raise AnswersError(problems)
    assert producer is not None
    return AnswersFile(
        path=str(path),
        standard_ref=ref,
        producer=producer,
        answers=answers,
        plans=plans,
        assessed_on=assessed_on,
        expected=expected,
        notes=notes,
        located=src,
    )


def check_against(answers_file: AnswersFile, standard: Standard) -> None:
    """Check every answer, plan and profile value against ``standard``; raise ``AnswersError``."""
    src = answers_file.located
    problems: list[Problem] = []

    def bad(where: tuple[str | int, ...], message: str) -> None:
        if src is not None:
            problems.append(src.problem(where, message))
        else:
            problems.append(Problem(answers_file.path, 0, message))

    producer = answers_file.producer
    if producer.type not in standard.producer_types or standard.producer_types[producer.type].parent is not None:
        top = [t.id for t in standard.producer_types.values() if t.parent is None]
        bad(("producer", "type"), f"unknown producer type '{producer.type}' (one of: {', '.join(top)})")
    if producer.subtype is not None:
        term = standard.producer_types.get(producer.subtype)
        if term is None or term.parent != producer.type:
            subs = [t.id for t in standard.producer_types.values() if t.parent == producer.type]
            bad(
                ("producer", "subtype"),
                f"'{producer.subtype}' is not a subtype of '{producer.type}' (subtypes: {', '.join(subs) or 'none'})",
            )
    for key, vocabulary, values in (
        ("commodities", standard.commodities, producer.commodities),
        ("methods", standard.methods, producer.methods),
    ):
        for value in sorted(values - set(vocabulary)):
            bad(
                ("producer", key),
                f"unknown {key[:-1] if key != 'commodities' else 'commodity'} '{value}' "
                f"(one of: {', '.join(vocabulary)})",
            )
    for ident, value in answers_file.answers.items():
        indicator = standard.indicators.get(ident) if isinstance(ident, str) else None
        if indicator is None:
            bad(("answers", str(ident)), f"unknown question '{ident}' (not an indicator of {standard.ref})")
            continue
        message = value_problem(indicator, value)
        if message is not None:
            bad(("answers", ident), f"{ident}: {message}")
    known = {r.id for r in standard.requirements}
    for requirement_id in answers_file.plans:
        if requirement_id not in known:
            bad(("plans", requirement_id), f"unknown requirement '{requirement_id}' in plans")
    if problems:
        raise AnswersError(problems)


_NOT_A_DATE: Any = object()


def _date(value: Any) -> Any:
    """A date from YAML (already a date) or JSON (ISO text); ``_NOT_A_DATE`` otherwise."""
    if value is None or type(value) is dt.date:
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return _NOT_A_DATE
    return _NOT_A_DATE


def _producer(raw: Any, bad: Any) -> Producer | None:
    if not isinstance(raw, dict):
        bad(("producer",), "`producer` must describe the producer (type, commodities, methods …)")
        return Producer(type="")
    for key in raw:
        if key not in _PRODUCER_KEYS:
            bad(
                ("producer", str(key)),
                f"unknown producer field '{key}' (expected: {', '.join(sorted(_PRODUCER_KEYS))})",
            )
    kind = raw.get("type")
    if not isinstance(kind, str):
        bad(("producer", "type"), "`producer.type` is required (e.g. cooperative, individual)")
        kind = ""
    subtype = raw.get("subtype")
    if subtype is not None and not isinstance(subtype, str):
        bad(("producer", "subtype"), "`producer.subtype` must be text")
        subtype = None
    lists: dict[str, frozenset[str]] = {}
    for key in ("commodities", "methods"):
        value = raw.get(key)
        if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
            bad(("producer", key), f"`producer.{key}` must be a non-empty list of ids")
            value = []
        lists[key] = frozenset(value)
    country = raw.get("country")
    if country is not None and (not isinstance(country, str) or not _COUNTRY.match(country)):
        bad(("producer", "country"), '`producer.country` must be an ISO 3166-1 alpha-2 code, e.g. CO (quote "NO")')
        country = None
    text: dict[str, str | None] = {}
    for key in ("name", "subdivision", "municipality"):
        value = raw.get(key)
        if value is not None and not isinstance(value, str):
            bad(("producer", key), f"`producer.{key}` must be text")
        text[key] = value if isinstance(value, str) else None
    return Producer(
        type=kind,
        subtype=subtype,
        commodities=lists["commodities"],
        methods=lists["methods"],
        country=country,
        name=text["name"],
        subdivision=text["subdivision"],
        municipality=text["municipality"],
    )


def _plans(raw: Any, bad: Any) -> dict[str, PlanState]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        bad(("plans",), "`plans` maps requirement ids to {adopted_on: DATE}")
        return {}
    plans: dict[str, PlanState] = {}
    for requirement_id, state in raw.items():
        where = ("plans", str(requirement_id))
        if not isinstance(state, dict):
            bad(where, "a plan entry is {adopted_on: DATE, first_identified_on: DATE}")
            continue
        dates: dict[str, dt.date | None] = {}
        for key, value in state.items():
            if key not in _PLAN_KEYS:
                bad((*where, str(key)), f"unknown plan field '{key}' (expected: adopted_on, first_identified_on)")
            elif (day := _date(value)) is _NOT_A_DATE or day is None:
                bad((*where, key), f"`{key}` must be a date (YYYY-MM-DD)")
            else:
                dates[key] = day
        plans[str(requirement_id)] = PlanState(dates.get("adopted_on"), dates.get("first_identified_on"))
    return plans


def _expected(raw: Any, bad: Any) -> Expected | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        bad(("expected",), "`expected` is {outcome: ..., edd: [...]}")
        return None
    for key in raw:
        if key not in _EXPECTED_KEYS:
            bad(("expected", str(key)), f"unknown field '{key}' in expected")
    outcome = raw.get("outcome")
    if outcome not in (*OUTCOME_IDS, INCOMPLETE):
        bad(("expected", "outcome"), f"`expected.outcome` must be one of: {', '.join((*OUTCOME_IDS, INCOMPLETE))}")
        return None
    edd = raw.get("edd")
    if edd is not None and (not isinstance(edd, list) or not all(isinstance(e, str) for e in edd)):
        bad(("expected", "edd"), "`expected.edd` must be a list of trigger ids")
        edd = None
    return Expected(outcome=str(outcome), edd=tuple(edd) if edd is not None else None)
