"""The pages of a cooperative's roll-up and benchmark. The services in ``rollup.py`` decide who
sees what through the sharing lens (names, reasons, findings), and say what they withhold; the
views read the query string, call one service and render."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from passport.accounts.access import Actor
from passport.accounts.web import page
from passport.producers.units import RECORDED_LATER_DAYS

from . import reading
from . import rollup as services


def _lang() -> str:
    return (translation.get_language() or "en").split("-")[0]


def _query(params: QueryDict) -> tuple[str | None, dt.date | None, list[str]]:
    """The standard version and the day asked for; a malformed day is an error naming the field."""
    errors: list[str] = []
    day = None
    if params.get("as_of"):
        try:
            day = dt.date.fromisoformat(params["as_of"])
        except ValueError:
            errors.append(_("As of: give a date as YYYY-MM-DD."))
    return params.get("standard") or None, day, errors


def _lines(units: services.UnitResults, lang: str) -> list[dict[str, Any]]:
    return [
        {"line": line, "outcome_label": services.outcome_label(units.standard, line.outcome, lang)}
        for line in units.lines
    ]


def _withheld(units: services.UnitResults) -> dict[str, Any]:
    """The decisions withholding parts of the page, for ``{% withheld_because %}``."""
    withheld = units.withheld
    return {
        "outcome_withheld": withheld.get(reading.OUTCOME),
        "findings_withheld": withheld.get(reading.FINDINGS),
        "names_withheld": withheld.get(reading.UNIT_NAMES),
        "reasons_withheld": withheld.get(services.EXCLUSION_REASONS),
    }


@require_safe
@page
def rollup(request: HttpRequest, actor: Actor, producer_uuid: str) -> HttpResponse:
    standard_ref, as_of, errors = _query(request.GET)
    try:
        found = services.rollup_for(actor=actor, producer_uuid=producer_uuid, standard_ref=standard_ref, as_of=as_of)
    except ValidationError as exc:
        errors += [m for ms in exc.message_dict.values() for m in ms]
        found = services.rollup_for(actor=actor, producer_uuid=producer_uuid, as_of=as_of)
    lang = _lang()
    units = found.units
    requirements = []
    if found.rollup is not None:
        requirements = [
            {
                "id": rid,
                "title": services.requirement_title(units.standard, rid, lang),
                "level": services.level_label(units.standard, worst.standing.level, lang),
                "outcome": worst.standing.outcome,
                "units": [units.label(key) for key in worst.units],
            }
            for rid, worst in found.rollup.by_requirement.items()
        ]
    context = {
        "producer": units.producer,
        "found": found,
        "units": units,
        "lines": _lines(units, lang),
        "outcome_label": services.outcome_label(units.standard, found.outcome, lang) if found.outcome else "",
        "reasons": services.reasons_in(found.rollup, lang) if found.rollup else [],
        "requirements": requirements,
        **_withheld(units),
        "recorded_later_days": RECORDED_LATER_DAYS,
        "errors": errors,
    }
    return render(request, "assessments/rollup.html", context, status=400 if errors else 200)


@require_safe
@page
def benchmark(request: HttpRequest, actor: Actor, producer_uuid: str) -> HttpResponse:
    standard_ref, as_of, errors = _query(request.GET)
    try:
        found = services.benchmark_for(actor=actor, producer_uuid=producer_uuid, standard_ref=standard_ref, as_of=as_of)
    except ValidationError as exc:
        errors += [m for ms in exc.message_dict.values() for m in ms]
        found = services.benchmark_for(actor=actor, producer_uuid=producer_uuid, as_of=as_of)
    lang = _lang()
    units, standard = found.units, found.units.standard
    lagging_count: dict[str, int] = {}
    requirements = []
    for b in found.requirements:
        for key in b.lagging:
            lagging_count[key] = lagging_count.get(key, 0) + 1
        requirements.append(
            {
                "id": b.requirement_id,
                "title": services.requirement_title(standard, b.requirement_id, lang),
                "lagging": [units.label(key) for key in b.lagging],
                "leading": [units.label(key) for key in b.leading],
                "lagging_level": services.level_label(standard, b.lagging_standing.level, lang),
                "leading_level": services.level_label(standard, b.leading_standing.level, lang),
                "pairings": [
                    {
                        "lagging": units.label(p.lagging),
                        "leading": units.label(p.leading),
                        "why": p.why.get(lang) or p.why["en"],
                    }
                    for p in b.pairings
                ],
            }
        )
    behind = sorted(((units.label(key), n) for key, n in lagging_count.items()), key=lambda pair: (-pair[1], pair[0]))
    context = {
        "producer": units.producer,
        "found": found,
        "units": units,
        "requirements": requirements,
        "behind": behind,
        **_withheld(units),
        "errors": errors,
    }
    return render(request, "assessments/benchmark.html", context, status=400 if errors else 200)
