"""The registry's input rules, shared by every service that writes registry rows.

Each check returns the cleaned value or adds a message under the field's name to ``errors``;
services collect every problem first and raise one ``ValidationError`` naming all fields, so
nothing is written when any value is wrong.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

Errors = dict[str, list[str]]

_COUNTRY = re.compile(r"[A-Z]{2}")
# ISO 3166-2: the country code, a hyphen, then one to three letters or digits.
_SUBDIVISION = re.compile(r"([A-Z]{2})-[A-Z0-9]{1,3}")
_SIX_PLACES = Decimal("0.000001")


def raise_if_any(errors: Errors) -> None:
    if errors:
        raise ValidationError(dict(errors))


def add(errors: Errors, field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


def choice(errors: Errors, field: str, value: str, allowed: Iterable[str], *, blank: bool = False) -> str:
    value = (value or "").strip()
    if blank and not value:
        return ""
    if value not in set(allowed):
        add(errors, field, _("Choose one of the listed values (got “%(value)s”).") % {"value": value})
    return value


def choices(errors: Errors, field: str, values: Iterable[str], allowed: Iterable[str]) -> list[str]:
    """A non-empty list of distinct allowed values, kept in the order of ``allowed``."""
    allowed_list = list(allowed)
    given = {(v or "").strip() for v in values}
    unknown = sorted(given - set(allowed_list))
    if unknown:
        add(errors, field, _("Unknown values: %(values)s.") % {"values": ", ".join(unknown)})
    elif not given:
        add(errors, field, _("Choose at least one."))
    return [v for v in allowed_list if v in given]


def text(errors: Errors, field: str, value: str, *, max_length: int, required: bool = False) -> str:
    value = (value or "").strip()
    if required and not value:
        add(errors, field, _("This field is required."))
    elif len(value) > max_length:
        add(errors, field, _("At most %(n)d characters.") % {"n": max_length})
    return value


def country(errors: Errors, field: str, value: str) -> str:
    value = (value or "").strip().upper()
    if not _COUNTRY.fullmatch(value):
        add(errors, field, _("Give the ISO 3166-1 alpha-2 code: two letters, e.g. CO."))
    return value


def subdivision(errors: Errors, field: str, value: str, *, country_code: str) -> str:
    """Optional; when given it must have the ISO 3166-2 shape and belong to ``country_code``."""
    value = (value or "").strip().upper()
    if not value:
        return ""
    found = _SUBDIVISION.fullmatch(value)
    if not found:
        add(errors, field, _("Give the ISO 3166-2 code, e.g. CO-CAU."))
    elif found.group(1) != country_code:
        add(errors, field, _("The subdivision must be in %(country)s.") % {"country": country_code})
    return value


def coordinate(errors: Errors, field: str, value: object, *, limit: int) -> Decimal | None:
    """Decimal degrees within ±limit, rounded to six places (about 10 cm), or None when absent."""
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        add(errors, field, _("Give a number in decimal degrees."))
        return None
    if not number.is_finite() or not -limit <= number <= limit:
        add(errors, field, _("Must be between -%(n)d and %(n)d.") % {"n": limit})
        return None
    return number.quantize(_SIX_PLACES, rounding=ROUND_HALF_EVEN)


def dates_ordered(errors: Errors, start: dt.date | None, end: dt.date | None, *, end_field: str) -> None:
    if start is not None and end is not None and end < start:
        add(errors, end_field, _("Must not be before the start date."))
