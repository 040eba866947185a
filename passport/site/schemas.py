"""What every API endpoint shares: strict inputs and the one error body."""

from __future__ import annotations

from typing import Any

from ninja import Schema
from pydantic import ConfigDict


class Strict(Schema):
    """An input schema that refuses fields it does not know (a typo is an error, not ignored)."""

    model_config = ConfigDict(extra="forbid")


class ErrorField(Schema):
    field: str
    message: str


class ErrorDetail(Schema):
    code: str
    message: str
    fields: list[ErrorField]


class ErrorOut(Schema):
    """``{"error": {"code": ..., "message": ..., "fields": [{"field": ..., "message": ...}]}}``"""

    error: ErrorDetail


def error_body(code: str, message: str, fields: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "fields": fields or []}}
