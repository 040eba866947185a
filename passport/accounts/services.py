"""Account use cases: registering, signing in (throttled), organisations and switching between
them, invitations, memberships and API tokens."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Case, OuterRef, QuerySet, Subquery, Value, When
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from passport.audit.services import record

from .access import Actor, NotAllowed, NotFound, require_organisation, require_role
from .languages import LANGUAGE_CODES
from .models import (
    ROLE_RANK,
    ApiToken,
    Invitation,
    LoginFailure,
    Membership,
    Organisation,
    OrganisationKind,
    Role,
    User,
)
from .tokens import SCOPES, hash_secret, new_invitation_token, new_secret, prefix_of


class TooManyAttempts(Exception):
    """Sign-in refused until the throttling window has passed."""


def register_user(*, email: str, name: str, password: str, language: str = "") -> User:
    """A new person. Raises ValidationError naming the field: ``email`` when an account already
    uses the address, ``password`` when the configured validators refuse it."""
    email = email.strip().lower()
    candidate = User(email=email, name=name.strip(), language=language)
    try:
        validate_password(password, user=candidate)
    except ValidationError as exc:
        raise ValidationError({"password": exc.error_list}) from exc
    taken = ValidationError({"email": _("An account already uses this e-mail address. Sign in instead.")})
    if User.objects.filter(email=email).exists():
        raise taken
    try:
        with transaction.atomic():
            user = _create_user(email=email, password=password, name=name, language=language)
    except IntegrityError as exc:  # registered by a parallel request since the check above
        raise taken from exc
    return user


def _create_user(*, email: str, password: str, name: str, language: str) -> User:
    """Call inside a transaction (the audit entry and the user land together)."""
    user = User.objects.create_user(email=email, password=password, name=name.strip(), language=language)
    record(
        actor=Actor(user=user, organisation=None, role=None),
        action="user.registered",
        object_type="user",
        object_id=user.uuid,
    )
    return user


def sign_in(*, email: str, password: str, ip: str | None) -> User | None:
    """The user for these credentials, or None. Raises TooManyAttempts after too many recent
    failures for this e-mail or from this address (counted in the database, across workers).

    The attempt is written down before the password is checked and counted with the others, so
    parallel attempts all see each other and together never get past the limit; a successful
    attempt then deletes its row and the e-mail's earlier failures."""
    email = email.strip().lower()
    since = timezone.now() - dt.timedelta(seconds=settings.PASSPORT_LOGIN_WINDOW_SECONDS)
    limit = settings.PASSPORT_LOGIN_MAX_FAILURES
    # Rows older than the window no longer count; dropping them here keeps the table small.
    LoginFailure.objects.filter(at__lt=since).delete()
    attempt = LoginFailure.objects.create(email=email, ip=ip)
    recent = LoginFailure.objects.filter(at__gte=since)
    if recent.filter(email=email).count() > limit or (ip and recent.filter(ip=ip).count() > limit * 4):
        # A refused attempt is not a failed password: it must not extend the lock-out.
        LoginFailure.objects.filter(pk=attempt.pk).delete()
        raise TooManyAttempts
    user = authenticate(username=email, password=password)
    if not isinstance(user, User):
        return None  # the attempt's row stays: it is this failure
    with transaction.atomic():
        LoginFailure.objects.filter(email=email, pk__lte=attempt.pk).delete()
        record(
            actor=Actor(user=user, organisation=None, role=None, ip=ip),
            action="user.signed_in",
            object_type="user",
            object_id=user.uuid,
        )
    return user


def record_sign_out(*, user: User, ip: str | None) -> None:
    """Write the sign-out into the audit log (the view ends the session)."""
    record(
        actor=Actor(user=user, organisation=None, role=None, ip=ip),
        action="user.signed_out",
        object_type="user",
        object_id=user.uuid,
    )


def record_password_reset(*, user: User, ip: str | None) -> None:
    """Write a completed password reset into the audit log; call in the transaction that saves
    the new password."""
    record(
        actor=Actor(user=user, organisation=None, role=None, ip=ip),
        action="user.password_reset",
        object_type="user",
        object_id=user.uuid,
    )


def create_organisation(*, user: User, name: str, kind: str, country: str = "") -> Organisation:
    """A new organisation with ``user`` as its owner."""
    if kind not in OrganisationKind.values:
        raise NotAllowed(f"unknown organisation kind {kind!r}")
    with transaction.atomic():
        org = Organisation.objects.create(name=name.strip(), kind=kind, country=country.upper())
        Membership.objects.create(user=user, organisation=org, role=Role.OWNER)
        record(
            actor=Actor(user=user, organisation=org, role=Role.OWNER),
            action="organisation.created",
            object_type="organisation",
            object_id=org.uuid,
            detail={"name": org.name, "kind": kind},
        )
    return org


def membership_to_switch_to(*, user: User, organisation_uuid: str) -> Membership:
    """The user's membership of that organisation (NotFound if they have none)."""
    found = (
        Membership.objects.select_related("organisation")
        .filter(user=user, organisation__uuid=organisation_uuid)
        .first()
    )
    if found is None:
        raise NotFound("no such organisation among yours")
    return found


def set_language(*, user: User, language: str) -> None:
    if language not in LANGUAGE_CODES:
        raise NotAllowed(f"unsupported language {language!r}")
    User.objects.filter(pk=user.pk).update(language=language)
    user.language = language


# --- Invitations ---------------------------------------------------------------------------------

INVITATION_DAYS = 14


class InvitationUnusable(Exception):
    """The invitation exists but was accepted, revoked or has expired (the message says which)."""


def _require_person_with_role(actor: Actor, role: str) -> Organisation:
    org = require_organisation(actor)
    if actor.user is None:
        raise NotAllowed("only a person may do this, not an API token")
    require_role(actor, role)
    return org


def _check_role_value(role: str, *, field: str = "role") -> None:
    if role not in Role.values:
        raise ValidationError({field: _("Choose one of the roles offered.")})


def _check_may_grant(actor: Actor, role: str) -> None:
    """Owners may hand out any role; managers every role but owner."""
    if role == Role.OWNER and not actor.has_role(Role.OWNER):
        raise NotAllowed("only an owner may make someone an owner")


def invite_member(*, actor: Actor, email: str, role: str, site_url: str, language: str | None = None) -> Invitation:
    """E-mail ``email`` a link that makes its holder a member of the actor's organisation with
    ``role``. Owners and managers may invite; a manager cannot invite an owner. A new invitation
    to the same address replaces (withdraws) a pending one, except that a manager cannot replace
    an owner invitation (NotAllowed). The e-mail is written in ``language`` (default:
    the inviter's own language), and the link starts with ``site_url``."""
    org = _require_person_with_role(actor, Role.MANAGER)
    assert actor.user is not None
    _check_role_value(role)
    _check_may_grant(actor, role)
    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError as exc:
        raise ValidationError({"email": _("Enter a valid e-mail address.")}) from exc
    if Membership.objects.filter(organisation=org, user__email=email).exists():
        raise ValidationError({"email": _("This person is already a member.")})
    token = new_invitation_token()
    now = timezone.now()
    with transaction.atomic():
        _withdraw_pending_invitations(actor, org, email, now=now)
        invitation = Invitation.objects.create(
            organisation=org,
            email=email,
            role=role,
            token_hash=hash_secret(token),
            invited_by=actor.user,
            created_at=now,
            expires_at=now + dt.timedelta(days=INVITATION_DAYS),
        )
        record(
            actor=actor,
            action="invitation.sent",
            object_type="invitation",
            object_id=invitation.uuid,
            detail={"email": email, "role": role},
        )
        link = site_url.rstrip("/") + reverse("accounts:invitation", args=[token])
        _send_invitation(invitation, link=link, inviter=actor.user, language=language or actor.user.language)
    return invitation


def _withdraw_pending_invitations(actor: Actor, org: Organisation, email: str, *, now: dt.datetime) -> None:
    """Withdraw the address's pending invitations before a new one replaces them, with the same
    rule and audit entry as ``revoke_invitation``: a manager cannot replace an owner invitation."""
    pending = list(
        Invitation.objects.select_for_update().filter(
            organisation=org, email=email, accepted_at__isnull=True, revoked_at__isnull=True
        )
    )
    for old in pending:
        if old.expires_at > now:  # an expired invitation can no longer make anyone an owner
            _check_may_grant(actor, old.role)
    for old in pending:
        Invitation.objects.filter(pk=old.pk).update(revoked_at=now)
        record(
            actor=actor,
            action="invitation.revoked",
            object_type="invitation",
            object_id=old.uuid,
            detail={"email": old.email, "reason": "replaced"},
        )


def _send_invitation(invitation: Invitation, *, link: str, inviter: User, language: str) -> None:
    if language not in LANGUAGE_CODES:
        language = settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            "invitation": invitation,
            "organisation": invitation.organisation,
            "inviter": inviter,
            "role": invitation.get_role_display(),
            "link": link,
            "days": INVITATION_DAYS,
        }
        subject = render_to_string("accounts/email/invitation_subject.txt", context).strip()
        body = render_to_string("accounts/email/invitation.txt", context)
    send_mail(subject, body, None, [invitation.email])


def invitation_for_token(*, token: str) -> Invitation:
    """The invitation behind a link. NotFound for an unknown token; InvitationUnusable when it
    was accepted, revoked or has expired."""
    invitation = (
        Invitation.objects.select_related("organisation", "invited_by").filter(token_hash=hash_secret(token)).first()
    )
    if invitation is None:
        raise NotFound("no such invitation")
    if invitation.accepted_at is not None:
        raise InvitationUnusable(_("This invitation has already been accepted."))
    if invitation.revoked_at is not None:
        raise InvitationUnusable(_("This invitation was withdrawn."))
    if invitation.expires_at <= timezone.now():
        raise InvitationUnusable(_("This invitation has expired. Ask for a new one."))
    return invitation


def accept_invitation(*, user: User, token: str, ip: str | None = None) -> Membership:
    """Make ``user`` a member through the invitation behind ``token``.

    Whoever holds the link and is signed in may accept it, whatever their e-mail address: the
    link was sent to one address, but people often use another account (a work and a personal
    address). The log records both the invited address and who accepted."""
    with transaction.atomic():
        invitation = invitation_for_token(token=token)
        # Lock the row so the same link cannot be accepted twice by parallel requests.
        Invitation.objects.select_for_update().filter(pk=invitation.pk, accepted_at__isnull=True).get()
        if Membership.objects.filter(user=user, organisation=invitation.organisation).exists():
            raise InvitationUnusable(_("You are already a member of this organisation."))
        membership = Membership.objects.create(user=user, organisation=invitation.organisation, role=invitation.role)
        Invitation.objects.filter(pk=invitation.pk).update(accepted_at=timezone.now(), accepted_by=user)
        record(
            actor=Actor(user=user, organisation=invitation.organisation, role=invitation.role, ip=ip),
            action="invitation.accepted",
            object_type="invitation",
            object_id=invitation.uuid,
            detail={"invited_email": invitation.email, "accepted_by": user.email, "role": invitation.role},
        )
    return membership


def register_and_accept_invitation(
    *, token: str, email: str, name: str, password: str, language: str = "", ip: str | None = None
) -> Membership:
    """A new person registering from an invitation link: the account and the membership are
    created together, or neither (ValidationError naming the field, as ``register_user``)."""
    invitation_for_token(token=token)  # refuse before creating anything
    with transaction.atomic():
        user = register_user(email=email, name=name, password=password, language=language)
        return accept_invitation(user=user, token=token, ip=ip)


def revoke_invitation(*, actor: Actor, invitation_uuid: object) -> Invitation:
    """Withdraw a pending invitation of the actor's organisation (owners and managers; a manager
    cannot withdraw an invitation to become owner)."""
    org = _require_person_with_role(actor, Role.MANAGER)
    invitation = Invitation.objects.filter(organisation=org, uuid=invitation_uuid).first()
    if invitation is None:
        raise NotFound("no such invitation")
    _check_may_grant(actor, invitation.role)
    if invitation.accepted_at is not None or invitation.revoked_at is not None:
        return invitation
    with transaction.atomic():
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        record(
            actor=actor,
            action="invitation.revoked",
            object_type="invitation",
            object_id=invitation.uuid,
            detail={"email": invitation.email},
        )
    return invitation


def pending_invitations(*, actor: Actor) -> QuerySet[Invitation]:
    """Invitations of the actor's organisation not yet accepted, withdrawn or expired (owners and
    managers)."""
    org = _require_person_with_role(actor, Role.MANAGER)
    return Invitation.objects.select_related("invited_by").filter(
        organisation=org, accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
    )


# --- Memberships ---------------------------------------------------------------------------------


def list_members(*, actor: Actor) -> QuerySet[Membership]:
    """Everyone in the actor's organisation with their role, owners first (any member)."""
    org = require_organisation(actor)
    if actor.user is None or actor.role is None:
        raise NotAllowed("only members may list members")
    return (
        Membership.objects.select_related("user")
        .filter(organisation=org)
        .order_by(_role_order(), "user__name", "user__email", "id")
    )


def _role_order() -> Case:
    return Case(*(When(role=role, then=Value(-rank)) for role, rank in ROLE_RANK.items()))


def _member(org: Organisation, user_uuid: object) -> Membership:
    found = Membership.objects.select_related("user").filter(organisation=org, user__uuid=user_uuid).first()
    if found is None:
        raise NotFound("no such member")
    return found


def _lock_organisation(org: Organisation) -> None:
    """Serialise membership changes per organisation, so two owners demoting each other at once
    cannot leave it without an owner."""
    Organisation.objects.select_for_update().filter(pk=org.pk).first()


def _check_not_last_owner(membership: Membership) -> None:
    if membership.role != Role.OWNER:
        return
    owners = Membership.objects.filter(organisation_id=membership.organisation_id, role=Role.OWNER).count()
    if owners <= 1:
        raise NotAllowed("an organisation always keeps at least one owner")


def change_member_role(*, actor: Actor, user_uuid: object, role: str) -> Membership:
    """Give a member another role (owners and managers). A manager can neither make nor unmake
    owners; the last owner is never demoted."""
    org = _require_person_with_role(actor, Role.MANAGER)
    _check_role_value(role)
    with transaction.atomic():
        _lock_organisation(org)
        membership = _member(org, user_uuid)
        if membership.role == role:
            return membership
        _check_may_grant(actor, role)
        if membership.role == Role.OWNER:
            _check_may_grant(actor, Role.OWNER)
            _check_not_last_owner(membership)
        before = membership.role
        membership.role = role
        membership.save(update_fields=["role"])
        record(
            actor=actor,
            action="membership.role_changed",
            object_type="user",
            object_id=membership.user.uuid,
            detail={"email": membership.user.email, "from": before, "to": role},
        )
        if not membership.at_least(Role.MANAGER):
            _revoke_tokens_created_by(actor, membership, reason="creator_demoted")
    return membership


def remove_member(*, actor: Actor, user_uuid: object) -> None:
    """Take someone out of the actor's organisation (owners and managers; a manager cannot remove
    an owner; the last owner is never removed)."""
    org = _require_person_with_role(actor, Role.MANAGER)
    with transaction.atomic():
        _lock_organisation(org)
        membership = _member(org, user_uuid)
        if membership.role == Role.OWNER:
            _check_may_grant(actor, Role.OWNER)
            _check_not_last_owner(membership)
        _delete_membership(actor, membership, action="membership.removed")


def leave_organisation(*, actor: Actor) -> None:
    """The actor leaves the organisation they act for (any member but its last owner)."""
    org = require_organisation(actor)
    if actor.user is None:
        raise NotAllowed("an API token cannot leave an organisation")
    with transaction.atomic():
        _lock_organisation(org)
        membership = _member(org, actor.user.uuid)
        _check_not_last_owner(membership)
        _delete_membership(actor, membership, action="membership.left")


def _delete_membership(actor: Actor, membership: Membership, *, action: str) -> None:
    record(
        actor=actor,
        action=action,
        object_type="user",
        object_id=membership.user.uuid,
        detail={"email": membership.user.email, "role": membership.role},
    )
    _revoke_tokens_created_by(
        actor, membership, reason="creator_left" if action == "membership.left" else "creator_removed"
    )
    membership.delete()


def _revoke_tokens_created_by(actor: Actor, membership: Membership, *, reason: str) -> None:
    """Revoke the API tokens this member created for the organisation: a token acts on its
    creator's authority, which ends when they leave or are no longer a manager. Call inside the
    transaction that changes the membership."""
    tokens = list(
        ApiToken.objects.filter(
            organisation_id=membership.organisation_id, created_by_id=membership.user_id, revoked_at__isnull=True
        )
    )
    if not tokens:
        return
    ApiToken.objects.filter(pk__in=[t.pk for t in tokens]).update(revoked_at=timezone.now())
    for token in tokens:
        record(
            actor=actor,
            action="api_token.revoked",
            object_type="api_token",
            object_id=token.uuid,
            detail={"name": token.name, "prefix": token.prefix, "reason": reason},
        )


# --- API tokens ----------------------------------------------------------------------------------


def create_api_token(*, actor: Actor, name: str, scopes: Iterable[str]) -> tuple[ApiToken, str]:
    """A new API token for the actor's organisation (owners and managers). Returns the row and
    the secret, which is shown this once: only its hash is kept."""
    org = _require_person_with_role(actor, Role.MANAGER)
    name = name.strip()
    if not name or len(name) > 100:
        raise ValidationError({"name": _("Give the token a name of at most 100 characters.")})
    chosen = sorted(set(scopes))
    if not chosen or any(scope not in SCOPES for scope in chosen):
        raise ValidationError({"scopes": _("Choose one or more of the scopes offered.")})
    secret = new_secret()
    with transaction.atomic():
        token = ApiToken.objects.create(
            organisation=org,
            name=name,
            prefix=prefix_of(secret),
            token_hash=hash_secret(secret),
            scopes=chosen,
            created_by=actor.user,
        )
        record(
            actor=actor,
            action="api_token.created",
            object_type="api_token",
            object_id=token.uuid,
            detail={"name": name, "prefix": token.prefix, "scopes": chosen},
        )
    return token, secret


def revoke_api_token(*, actor: Actor, token_uuid: object) -> ApiToken:
    """Stop a token of the actor's organisation from working (owners and managers)."""
    org = _require_person_with_role(actor, Role.MANAGER)
    token = ApiToken.objects.filter(organisation=org, uuid=token_uuid).first()
    if token is None:
        raise NotFound("no such API token")
    if token.revoked_at is not None:
        return token
    with transaction.atomic():
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record(
            actor=actor,
            action="api_token.revoked",
            object_type="api_token",
            object_id=token.uuid,
            detail={"name": token.name, "prefix": token.prefix},
        )
    return token


def list_api_tokens(*, actor: Actor) -> QuerySet[ApiToken]:
    """The organisation's tokens, newest first, revoked ones included (owners and managers)."""
    org = _require_person_with_role(actor, Role.MANAGER)
    return ApiToken.objects.select_related("created_by").filter(organisation=org)


# --- Organisations as the API shows them ---------------------------------------------------------


def list_organisations(*, actor: Actor) -> QuerySet[Organisation]:
    """The organisations the actor may act for, each annotated with ``role`` (the actor's role
    in it): a person's memberships, or a token's own organisation."""
    if actor.user is None:
        if actor.organisation is None:
            return Organisation.objects.none()
        return Organisation.objects.filter(pk=actor.organisation.pk).annotate(role=Value(actor.role))
    mine = Membership.objects.filter(organisation=OuterRef("pk"), user=actor.user).values("role")[:1]
    return (
        Organisation.objects.filter(memberships__user=actor.user).annotate(role=Subquery(mine)).order_by("name", "id")
    )


def get_organisation(*, actor: Actor, organisation_uuid: object) -> Organisation:
    """One of the actor's organisations (NotFound for any other, so uuids reveal nothing)."""
    found = list_organisations(actor=actor).filter(uuid=organisation_uuid).first()
    if found is None:
        raise NotFound("no such organisation among yours")
    return found
