"""Checking answers against the indicators they answer, one message per bad answer."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import Any

from .model import Indicator, Standard
from .schema import IndicatorType


def answer_problems(standard: Standard, answers: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    """(indicator id, message) for every answer that is unknown or not valid."""
    for ident, value in answers.items():
        indicator = standard.indicators.get(ident) if isinstance(ident, str) else None
        if indicator is None:
            yield str(ident), "unknown question (not an indicator of " + standard.ref + ")"
            continue
        message = value_problem(indicator, value)
        if message is not None:
            yield ident, message


def value_problem(indicator: Indicator, value: Any) -> str | None:
    """Why ``value`` is not a valid answer to ``indicator``, or ``None`` if it is."""
    if value is None:
        return None
    kind = indicator.type
    if kind is IndicatorType.BOOL:
        return None if type(value) is bool else f"expected yes/no (true or false), got {value!r}"
    if kind is IndicatorType.ENUM:
        allowed = [c.id for c in indicator.choices]
        if isinstance(value, str) and value in allowed:
            return None
        return f"{value!r} is not one of: {', '.join(allowed)}"
    if kind is IndicatorType.TEXT:
        return None if isinstance(value, str) else f"expected text, got {value!r}"
    if kind is IndicatorType.DATE:
        if type(value) is dt.date:
            return None
        if isinstance(value, str):
            try:
                dt.date.fromisoformat(value)
            except ValueError:
                return f"{value!r} is not a date (write YYYY-MM-DD)"
            return None
        return f"expected a date (YYYY-MM-DD), got {value!r}"
    if kind is IndicatorType.INTEGER and type(value) is not int:
        return f"expected a whole number, got {value!r}"
    if kind is IndicatorType.DECIMAL and type(value) not in (int, float, Decimal):
        return f"expected a number, got {value!r}"
    if not math.isfinite(value):
        return f"expected a finite number, got {value!r}"
    if indicator.minimum is not None and value < indicator.minimum:
        return f"{value} is below the minimum {_n(indicator.minimum)}"
    if indicator.maximum is not None and value > indicator.maximum:
        return f"{value} is above the maximum {_n(indicator.maximum)}"
    return None


def _n(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)
