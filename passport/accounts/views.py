"""Account pages: sign up, sign in and out, settings, organisations and switching, language."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from . import services
from .access import Actor
from .forms import OrganisationForm, SignInForm, SignUpForm
from .middleware import SESSION_KEY
from .models import Membership
from .web import client_ip, page


def _next_url(request: HttpRequest, default: str = "/") -> str:
    target = request.POST.get("next") or request.GET.get("next") or default
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return default


@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    form = SignInForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            user = services.sign_in(
                email=form.cleaned_data["email"], password=form.cleaned_data["password"], ip=client_ip(request)
            )
        except services.TooManyAttempts:
            form.add_error(None, _("Too many failed attempts. Wait a few minutes and try again."))
            status = 429
        else:
            if user is not None:
                login(request, user)
                return redirect(_next_url(request))
            form.add_error(None, _("That e-mail and password do not match an account."))
            status = 400
    return render(request, "accounts/login.html", {"form": form, "next": _next_url(request, "")}, status=status)


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("site:home")


@require_http_methods(["GET", "POST"])
def sign_up(request: HttpRequest) -> HttpResponse:
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.register_user(
                email=form.cleaned_data["email"],
                name=form.cleaned_data["name"],
                password=form.cleaned_data["password"],
                language=getattr(request, "LANGUAGE_CODE", ""),
            )
        except ValidationError as exc:
            form.add_error("password", exc)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return redirect("accounts:new_organisation")
    return render(request, "accounts/signup.html", {"form": form})


@page
def new_organisation(request: HttpRequest, actor: Actor) -> HttpResponse:
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        assert actor.user is not None
        org = services.create_organisation(user=actor.user, **form.cleaned_data)
        request.session[SESSION_KEY] = str(org.uuid)
        messages.success(request, _("Organisation registered."))
        if org.kind == "producer":
            return redirect("producers:new")
        return redirect("site:home")
    return render(request, "accounts/new_organisation.html", {"form": form})


@page
def switch(request: HttpRequest, actor: Actor) -> HttpResponse:
    """GET lists the user's organisations; POST switches to one."""
    if request.method == "POST":
        assert actor.user is not None
        chosen = services.membership_to_switch_to(
            user=actor.user, organisation_uuid=request.POST.get("organisation", "")
        )
        request.session[SESSION_KEY] = str(chosen.organisation.uuid)
        return redirect(_next_url(request, "/"))
    memberships = Membership.objects.select_related("organisation").filter(user=request.user)
    return render(request, "accounts/switch.html", {"memberships": memberships})


@page
def account_settings(request: HttpRequest, actor: Actor) -> HttpResponse:
    return render(request, "accounts/settings.html", {"languages": settings.LANGUAGES})


@require_POST
def language(request: HttpRequest) -> HttpResponse:
    """Choose the interface language: saved on the account when signed in, in a cookie always."""
    code = request.POST.get("language", "")
    codes = {c for c, _name in settings.LANGUAGES}
    response = redirect(_next_url(request))
    if code in codes:
        if request.user.is_authenticated:
            services.set_language(user=request.user, language=code)  # type: ignore[arg-type]
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            code,
            max_age=365 * 24 * 3600,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
        )
    return response
