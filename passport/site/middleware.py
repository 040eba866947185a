"""Site-wide response headers."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse

from .schemas import error_body


def content_security_policy(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    """Send the Content Security Policy and a permissions policy on every response.

    Pages use no inline script or style, so the policy allows only our own origin."""

    policy = settings.PASSPORT_CSP

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        response.headers.setdefault("Content-Security-Policy", policy)
        response.headers.setdefault("Permissions-Policy", "camera=(self), geolocation=(self), microphone=()")
        return response

    return middleware


_API_ERRORS = {404: ("not_found", "no such endpoint or object"), 405: ("method_not_allowed", "method not allowed")}


def api_errors_as_json(get_response: Callable[[HttpRequest], HttpResponse]) -> Callable[[HttpRequest], HttpResponse]:
    """Under /api/, answer an unknown path or method with the API's one error body, not a page."""

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        known = _API_ERRORS.get(response.status_code)
        if known and request.path.startswith("/api/") and "json" not in response.get("Content-Type", ""):
            replaced = JsonResponse(error_body(*known), status=response.status_code)
            if "Allow" in response:
                replaced["Allow"] = response["Allow"]
            return replaced
        return response

    return middleware
