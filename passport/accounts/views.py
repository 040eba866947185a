"""Account pages: sign up, sign in and out, settings, organisations and switching, language,
members, invitations and API tokens."""

from __future__ import annotations

import uuid

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from . import services
from .access import Actor, NotAllowed, NotFound
from .forms import AcceptRegisterForm, ApiTokenForm, InviteForm, OrganisationForm, RoleForm, SignInForm, SignUpForm
from .languages import LANGUAGE_CODES
from .middleware import SESSION_KEY
from .models import Membership, Role
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
    if request.user.is_authenticated:
        services.record_sign_out(user=request.user, ip=client_ip(request))  # type: ignore[arg-type]
    logout(request)
    return redirect("site:home")


class PasswordResetConfirm(auth_views.PasswordResetConfirmView):
    """Django's own reset page (its tokens die once the password changes); the new password and
    its audit entry are saved together."""

    def form_valid(self, form: SetPasswordForm) -> HttpResponse:  # type: ignore[override]
        with transaction.atomic():
            response = super().form_valid(form)
            services.record_password_reset(user=form.user, ip=client_ip(self.request))
        return response


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
            form.add_error(None, exc)  # the service names the field (email or password)
        else:
            login(request, user, backend="passport.accounts.backends.AccountBackend")
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
    response = redirect(_next_url(request))
    if code in LANGUAGE_CODES:
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


# --- Members ---------------------------------------------------------------------------------------


def _members_page(request: HttpRequest, actor: Actor, *, errors: list[str] | None = None) -> HttpResponse:
    members = list(services.list_members(actor=actor))
    manages = actor.has_role(Role.MANAGER)
    is_owner = actor.has_role(Role.OWNER)
    roles = [c for c in Role.choices if is_owner or c[0] != Role.OWNER]
    rows = [
        {
            "m": m,
            "is_me": actor.user is not None and m.user_id == actor.user.pk,
            # Managers may change and remove everyone but owners (the service checks it again).
            "manageable": manages and (is_owner or m.role != Role.OWNER),
        }
        for m in members
    ]
    context = {"rows": rows, "roles": roles, "manages": manages, "errors": errors or []}
    return render(request, "accounts/members.html", context, status=400 if errors else 200)


@page
@require_safe
def members(request: HttpRequest, actor: Actor) -> HttpResponse:
    return _members_page(request, actor)


@page
@require_POST
def member_role(request: HttpRequest, actor: Actor, user_uuid: uuid.UUID) -> HttpResponse:
    form = RoleForm(request.POST)
    if not form.is_valid():
        return _members_page(request, actor, errors=_field_errors(form))
    services.change_member_role(actor=actor, user_uuid=user_uuid, role=form.cleaned_data["role"])
    messages.success(request, _("Role changed."))
    return redirect("accounts:members")


@page
@require_POST
def member_remove(request: HttpRequest, actor: Actor, user_uuid: uuid.UUID) -> HttpResponse:
    services.remove_member(actor=actor, user_uuid=user_uuid)
    messages.success(request, _("Member removed."))
    return redirect("accounts:members")


@page
@require_POST
def leave(request: HttpRequest, actor: Actor) -> HttpResponse:
    services.leave_organisation(actor=actor)
    request.session.pop(SESSION_KEY, None)
    messages.success(request, _("You have left the organisation."))
    return redirect("site:home")


def _field_errors(form: forms.Form) -> list[str]:
    return [
        f"{form.fields[name].label if name in form.fields else ''}: {e}" for name, es in form.errors.items() for e in es
    ]


# --- Invitations -----------------------------------------------------------------------------------


@page
@require_http_methods(["GET", "POST"])
def invitations(request: HttpRequest, actor: Actor) -> HttpResponse:
    """Pending invitations, and the form to send one (owners and managers)."""
    pending = services.pending_invitations(actor=actor)  # checks the role before anything else
    form = InviteForm(
        request.POST or None,
        may_invite_owners=actor.has_role(Role.OWNER),
        initial={"language": translation.get_language()},
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.invite_member(actor=actor, site_url=request.build_absolute_uri("/"), **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            except NotAllowed:
                # The form offers managers no owner role, so this is a pending owner invitation.
                form.add_error(
                    "email", _("An owner invitation to this address is pending; only an owner may replace it.")
                )
                status = 403
            else:
                messages.success(request, _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]})
                return redirect("accounts:invitations")
    return render(request, "accounts/invitations.html", {"form": form, "pending": pending}, status=status)


@page
@require_POST
def invitation_revoke(request: HttpRequest, actor: Actor, invitation_uuid: uuid.UUID) -> HttpResponse:
    services.revoke_invitation(actor=actor, invitation_uuid=invitation_uuid)
    messages.success(request, _("Invitation withdrawn."))
    return redirect("accounts:invitations")


@never_cache
@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The page an invitation link opens: a signed-in person accepts; anyone else registers here
    (or signs in first and comes back)."""
    try:
        found = services.invitation_for_token(token=token)
    except NotFound as exc:
        raise Http404(str(exc)) from exc
    except services.InvitationUnusable as exc:
        return render(request, "accounts/invitation_unusable.html", {"reason": str(exc)}, status=410)
    form = None
    if not request.user.is_authenticated:
        form = AcceptRegisterForm(request.POST or None, initial={"email": found.email})
    status = 200
    if request.method == "POST":
        try:
            membership = _accept(request, token, form)
        except services.InvitationUnusable as exc:
            return render(request, "accounts/invitation_unusable.html", {"reason": str(exc)}, status=410)
        if membership is not None:
            request.session[SESSION_KEY] = str(membership.organisation.uuid)
            messages.success(request, _("Welcome to %(name)s.") % {"name": membership.organisation.name})
            return redirect("site:home")
        status = 400
    return render(request, "accounts/invitation.html", {"invitation": found, "form": form}, status=status)


def _accept(request: HttpRequest, token: str, form: AcceptRegisterForm | None) -> Membership | None:
    """Accept as the signed-in user, or register from the form; None when the form has errors."""
    if form is None:
        return services.accept_invitation(user=request.user, token=token, ip=client_ip(request))  # type: ignore[arg-type]
    if not form.is_valid():
        return None
    try:
        membership = services.register_and_accept_invitation(
            token=token, language=getattr(request, "LANGUAGE_CODE", ""), ip=client_ip(request), **form.cleaned_data
        )
    except ValidationError as exc:
        form.add_error(None, exc)
        return None
    login(request, membership.user, backend="passport.accounts.backends.AccountBackend")
    return membership


# --- API tokens ------------------------------------------------------------------------------------


@page
@never_cache  # the page shows a new token's secret once; no cache may keep it
@require_http_methods(["GET", "POST"])
def api_tokens(request: HttpRequest, actor: Actor) -> HttpResponse:
    tokens = services.list_api_tokens(actor=actor)  # checks the role before anything else
    form = ApiTokenForm(request.POST or None)
    created = secret = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                created, secret = services.create_api_token(actor=actor, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
        if secret is None:
            status = 400
        else:
            form = ApiTokenForm()
    context = {"tokens": tokens, "form": form, "created": created, "secret": secret}
    return render(request, "accounts/api_tokens.html", context, status=status)


@page
@require_POST
def api_token_revoke(request: HttpRequest, actor: Actor, token_uuid: uuid.UUID) -> HttpResponse:
    services.revoke_api_token(actor=actor, token_uuid=token_uuid)
    messages.success(request, _("Token revoked. It no longer works."))
    return redirect("accounts:api_tokens")
