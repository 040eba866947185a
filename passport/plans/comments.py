"""Comments and proposed changes on a plan. Every party to it, from member up, comments
(viewers, and organisations that only read the plan through a grant, read only); comments
change nothing in the plan, so they keep its signatures. The other side is told (``telling``)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from passport.accounts.access import Actor, NotAllowed, person_behind, require_role, require_scope
from passport.accounts.models import Role
from passport.audit.services import record

from . import telling
from .access import WRITE, plan_for
from .models import Comment, CommentKind, PlanAction
from .versions import MAX_TEXT, latest_version


def add_comment(
    *, actor: Actor, plan_uuid: object, text: str, requirement_id: str = "", kind: str = CommentKind.COMMENT
) -> Comment:
    """A comment or a proposed change on the plan's latest version, about the whole plan or one
    action. Comments change nothing in the plan, so they keep its signatures."""
    require_scope(actor, WRITE)
    plan, seat = plan_for(actor, plan_uuid)
    if not seat.role.party:
        raise NotAllowed(_("You may read this plan but not comment on it: the producer shared it with you to read."))
    require_role(actor, Role.MEMBER)
    author = person_behind(actor)
    version = latest_version(plan)
    errors: dict[str, list[str]] = {}
    text = (text or "").strip()
    if not text:
        errors["text"] = [_("Write something.")]
    elif len(text) > MAX_TEXT:
        errors["text"] = [_("Keep it under %(n)d characters.") % {"n": MAX_TEXT}]
    if kind not in CommentKind.values:
        errors["kind"] = [_("Choose one of: %(values)s.") % {"values": ", ".join(CommentKind.values)}]
    requirement_id = (requirement_id or "").strip()
    if requirement_id and not PlanAction.objects.filter(version=version, requirement_id=requirement_id).exists():
        errors["requirement_id"] = [_("Choose an action of this plan, or none for the whole plan.")]
    if errors:
        raise ValidationError(errors)
    assert actor.organisation is not None
    with transaction.atomic():
        comment = Comment.objects.create(
            version=version,
            requirement_id=requirement_id,
            kind=kind,
            text=text,
            author=author,
            organisation=actor.organisation,
        )
        record(
            actor=actor,
            action="plan.comment_added",
            object_type="plan_comment",
            object_id=comment.uuid,
            producer=plan.producer.uuid,
            detail={"plan": str(plan.uuid), "version": version.number, "kind": kind, "requirement": requirement_id},
        )
        telling.tell_comment(actor=actor, plan=plan, comment=comment)
    return comment
