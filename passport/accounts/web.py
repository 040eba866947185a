"""What pages share: building the actor for a request and mapping access errors to responses."""

from __future__ import annotations

import functools
import ipaddress
from collections.abc import Callable
from typing import Concatenate, ParamSpec

from django import forms
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse

from .access import Actor, NotAllowed, NotFound
from .middleware import membership_for

P = ParamSpec("P")


def client_ip(request: HttpRequest) -> str | None:
    """The address the request came from: sign-in throttling counts per address, and the audit
    log records it.

    Behind ``PASSPORT_TRUSTED_PROXIES`` proxies every request arrives from the last proxy, so
    the client is read from X-Forwarded-For, where each proxy appends the address it saw. Only
    the entry that many hops from the right can be trusted: anything left of it was written by
    the client. When that entry is missing or is not an address, REMOTE_ADDR is used."""
    remote = request.META.get("REMOTE_ADDR") or None
    hops: int = settings.PASSPORT_TRUSTED_PROXIES
    if hops <= 0:
        return remote
    entries = [e.strip() for e in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if len(entries) < hops:
        return remote
    try:
        return str(ipaddress.ip_address(entries[-hops]))
    except ValueError:
        return remote


def actor_for(request: HttpRequest) -> Actor:
    """The actor for a signed-in request (the view must require sign-in first)."""
    user = request.user
    assert user.is_authenticated
    return Actor.for_membership(membership_for(request), user=user, ip=client_ip(request))  # type: ignore[arg-type]


def page(
    view: Callable[Concatenate[HttpRequest, Actor, P], HttpResponse],
) -> Callable[Concatenate[HttpRequest, P], HttpResponse]:
    """A page for signed-in people: passes the actor, sends others to sign in, and turns the
    services' ``NotAllowed`` into 403 and ``NotFound`` into 404."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        try:
            return view(request, actor_for(request), *args, **kwargs)
        except NotFound as exc:
            raise Http404(str(exc)) from exc
        except NotAllowed as exc:
            raise PermissionDenied(str(exc)) from exc

    return wrapper


def apply_errors(form: forms.Form, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form fields it names (others on the form itself)."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for name, errors in exc.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)
