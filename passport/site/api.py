"""The JSON API under /api/v1/: one NinjaAPI assembling each app's router.

Every error has one shape, ``{"error": {"code": ..., "message": ..., "fields": [...]}}``;
clients authenticate with a per-organisation bearer token (see ``passport.accounts.tokens``)
or, from the browser, with their session and CSRF token.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from passport.accounts.access import NotAllowed, NotFound
from passport.accounts.api import router as accounts_router
from passport.accounts.api_auth import BearerToken, SessionActor
from passport.assessments.api import router as assessments_router
from passport.notifications.api import router as notifications_router
from passport.plans.api import router as plans_router
from passport.plans.progress_api import router as progress_router
from passport.producers.api import router as producers_router
from passport.sharing.api import router as sharing_router

from .schemas import ErrorOut, error_body

_ERRORS = {
    "401": "No valid bearer token or session.",
    "403": "Known caller, not allowed (role, scope or organisation kind).",
    "404": "No such object, or one the caller may not know exists.",
    "422": "The input breaks the schema or a rule; `fields` names each field.",
}


class PassportAPI(NinjaAPI):
    """The API, whose OpenAPI document also declares the one error body on every operation."""

    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(*args, **kwargs)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        error_schema = ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}")
        components.update(error_schema.pop("$defs", {}))
        components["ErrorOut"] = error_schema
        reference = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}}
        for operations in schema["paths"].values():
            for operation in operations.values():
                for status, description in _ERRORS.items():
                    operation["responses"].setdefault(status, {"description": description, **reference})
        return schema


api = PassportAPI(
    title="Passport to Markets API",
    version="1",
    description="Organisations, producers, sites, assessments and results. "
    "Authenticate with `Authorization: Bearer <token>` (tokens are per organisation, with scopes).",
    urls_namespace="api",
    auth=[BearerToken(), SessionActor()],
)


@api.exception_handler(NotFound)
def _not_found(request: HttpRequest, exc: NotFound) -> HttpResponse:
    return api.create_response(request, error_body("not_found", str(exc) or "not found"), status=404)


@api.exception_handler(NotAllowed)
def _not_allowed(request: HttpRequest, exc: NotAllowed) -> HttpResponse:
    return api.create_response(request, error_body("forbidden", str(exc)), status=403)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(
        request, error_body("unauthenticated", "a valid bearer token or session is required"), status=401
    )


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    fields = [{"field": _field_name(e.get("loc", ())), "message": e.get("msg", "")} for e in exc.errors]
    return api.create_response(request, error_body("invalid", "the request is not valid", fields), status=422)


def _field_name(loc: tuple[object, ...] | list[object]) -> str:
    """``("body", "payload", "country")`` → ``country``: the same name the services use."""
    parts = [str(p) for p in loc]
    if len(parts) > 2 and parts[0] in {"body", "query", "path"}:
        parts = parts[2:]
    return ".".join(parts)


@api.exception_handler(DjangoValidationError)
def _invalid_in_service(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    """Services raise Django's ValidationError keyed by field; the body names each field."""
    if hasattr(exc, "error_dict"):
        fields = [{"field": name, "message": " ".join(messages)} for name, messages in exc.message_dict.items()]
    else:
        fields = [{"field": "", "message": message} for message in exc.messages]
    return api.create_response(request, error_body("invalid", "the request is not valid", fields), status=422)


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return api.create_response(request, error_body("error", str(exc)), status=exc.status_code)


api.add_router("/", accounts_router)
api.add_router("/", producers_router)
api.add_router("/", assessments_router)
api.add_router("/", plans_router)
api.add_router("/", progress_router)
api.add_router("/", notifications_router)
api.add_router("/", sharing_router)
