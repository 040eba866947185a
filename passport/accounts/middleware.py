"""Per-request: the user's language and the organisation they are acting for."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import translation

from .languages import LANGUAGE_CODES
from .models import Membership

SESSION_KEY = "passport_organisation"


def user_language(get_response: Callable[[HttpRequest], HttpResponse]) -> Callable[[HttpRequest], HttpResponse]:
    """A signed-in user's chosen language wins over the browser's (LocaleMiddleware's choice)."""

    def middleware(request: HttpRequest) -> HttpResponse:
        user = request.user
        language = getattr(user, "language", "") if user.is_authenticated else ""
        if language in LANGUAGE_CODES:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return get_response(request)

    return middleware


def membership_for(request: HttpRequest) -> Membership | None:
    """The membership the user acts through: the one chosen in the session, else their first.

    Looked up once per request (cached on the request)."""
    if hasattr(request, "_passport_membership"):
        return request._passport_membership  # type: ignore[no-any-return]
    user = request.user
    found = None
    if user.is_authenticated:
        chosen = request.session.get(SESSION_KEY)
        loaded = getattr(user, "loaded_memberships", None)  # see backends.AccountBackend
        if loaded is not None:
            found = next((m for m in loaded if str(m.organisation.uuid) == chosen), loaded[0] if loaded else None)
        else:
            memberships = Membership.objects.select_related("organisation").filter(user=user)
            if chosen:
                found = memberships.filter(organisation__uuid=chosen).first()
            if found is None:
                found = memberships.order_by("created_at", "id").first()
    request._passport_membership = found  # type: ignore[attr-defined]
    return found
