"""Who is told about activity on a plan, and what they are told.

A plan has two sides: its producer and its partner. When someone acts on it — signs a version,
comments or proposes a change, records progress on an action — the owners and managers of the
*other* side are told (of both sides when the producer's facilitator acts, being neither), and
when a version is adopted both sides are. Only active people; never the person who acted; the
partner only while it is a party to the plan — while the producer still authorises it. An
organisation that only reads the producer's plans through a grant is not a party and is not told.

Each notification is written in its recipient's language (``language_of``), in the inbox and
by e-mail with the same words. The notifications are made in the caller's transaction and
e-mailed once it commits (``transaction.on_commit``): a change rolled back leaves no
notification and mails nobody. Each key reaches a person once (``notify``).

Members' names (an action's owner) are personal data: only those whom the sharing policy shows
``members.personal`` read them — the producer's people, and a partner only when it is the
producer's authorised facilitator (``preview_lens``: the producer's data as the partner sees it
today, nothing logged); a buyer partner is told that an action has an owner, never who. The
texts name organisations, not people.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from passport.accounts.access import Actor, person_behind
from passport.accounts.models import Membership, Role, User
from passport.engine import PassportError, get_standard, text_in
from passport.notifications.models import Notification
from passport.notifications.services import language_of, notify, send_email
from passport.producers.models import AssessorAuthorisation
from passport.sharing.policy import preview_lens

from .models import ActionStatus, Comment, CommentKind, Plan, PlanAction, PlanVersion, ProgressNote

QUOTE_MAX = 300
"""How much of a comment or a progress note a notification quotes."""


@dataclass(frozen=True)
class Recipient:
    user: User
    sees_names: bool
    """Reads members' names: the producer's people, and the partner when the sharing policy shows
    it ``members.personal`` (its authorised facilitator)."""


# --- Who ---------------------------------------------------------------------------------------


def _sides(plan: Plan) -> tuple[int, int]:
    return plan.producer.organisation_id, plan.partner_id


def other_sides(plan: Plan, actor: Actor) -> set[int]:
    """The organisations to tell when ``actor`` acts: the sides of the plan that are not its own
    (both when the producer's facilitator, which is neither, acts)."""
    acting = actor.organisation.pk if actor.organisation is not None else None
    return {org for org in _sides(plan) if org != acting}


def recipients(plan: Plan, organisations: Iterable[int], actor: Actor) -> list[Recipient]:
    """The active owners and managers of ``organisations`` (sides of ``plan``, its producer and
    partner loaded), except the person who acted; the partner's only while the producer still
    authorises it. A few queries, whatever the number of people."""
    wanted = set(organisations) & set(_sides(plan))
    producer_org, partner = _sides(plan)
    acting = actor.organisation.pk if actor.organisation is not None else None
    if partner in wanted and acting != partner and not _authorised(plan):
        wanted.discard(partner)  # revoked: the partner may no longer read the plan
    if not wanted:
        return []
    acted_by = person_behind(actor).pk
    memberships = (
        Membership.objects.filter(organisation_id__in=wanted, role__in=(Role.OWNER, Role.MANAGER), user__is_active=True)
        .exclude(user_id=acted_by)
        .select_related("user")
        .order_by("user_id", "id")
    )
    partner_sees_names = partner in wanted and preview_lens(plan.producer, plan.partner).shows("members.personal")
    found: dict[int, Recipient] = {}
    for m in memberships:
        sees = m.organisation_id == producer_org or partner_sees_names
        known = found.get(m.user_id)
        found[m.user_id] = Recipient(m.user, sees or (known is not None and known.sees_names))
    return list(found.values())


def _authorised(plan: Plan) -> bool:
    return AssessorAuthorisation.objects.filter(
        producer_id=plan.producer_id, organisation_id=plan.partner_id, revoked_at__isnull=True
    ).exists()


# --- Telling -----------------------------------------------------------------------------------


def tell(
    people: Sequence[Recipient], *, key: str, link: str, write: Callable[[Recipient, str], tuple[str, str]]
) -> list[Notification]:
    """Notify each of ``people`` once per ``key``: ``write(recipient, language)`` gives the
    subject and body, called with the recipient's language active. The e-mails go once the
    current transaction commits (at once outside one); a rollback sends nothing."""
    made: list[Notification] = []
    for person in people:
        lang = language_of(person.user)
        with translation.override(lang):
            subject, body = write(person, lang)
        notification = notify(recipient=person.user, key=key, subject=subject, body=body, link=link, email=False)
        if notification is not None:
            made.append(notification)
    if made:
        transaction.on_commit(lambda: _send(made))
    return made


def _send(notifications: Sequence[Notification]) -> None:
    for notification in notifications:
        send_email(notification)


def quote(text: str, limit: int = QUOTE_MAX) -> str:
    """``text`` in quotation marks, cut to ``limit`` characters (an ellipsis says it was cut)."""
    text = text.strip()
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return f"“{text}”"


def _requirement(plan: Plan, requirement_id: str, lang: str) -> str:
    """The requirement's id and title in ``lang`` ("MES-SEC-01 Title"); the id alone when the
    standard does not know it."""
    try:
        title = text_in(get_standard(plan.standard_ref).requirement(requirement_id).title, lang)
    except (PassportError, KeyError):
        return requirement_id
    return f"{requirement_id} {title}"


def _names(plan: Plan) -> dict[str, str]:
    return {"producer": plan.producer.organisation.name, "partner": plan.partner.name}


def _plan_link(plan: Plan, anchor: str = "") -> str:
    return reverse("plans:detail", kwargs={"plan_uuid": plan.uuid}) + (f"#{anchor}" if anchor else "")


# --- What: one function per event --------------------------------------------------------------


def tell_signature(*, actor: Actor, plan: Plan, version: PlanVersion) -> list[Notification]:
    """One side signed ``version`` and the other has not yet: the other side's owners and
    managers, who sign for it, are asked to. Once per version, revision and signing side."""
    assert actor.organisation is not None
    signer = actor.organisation.name

    def write(_person: Recipient, _lang: str) -> tuple[str, str]:
        words = {**_names(plan), "organisation": signer, "n": version.number, "revision": version.revision}
        subject = _("%(organisation)s signed version %(n)d of the plan; your signature is awaited") % words
        body = [
            _(
                "%(organisation)s signed version %(n)d (revision %(revision)d) of the plan of %(producer)s "
                "with %(partner)s; your signature is awaited."
            )
            % words,
            "",
            _("Read the version, then sign it for your side: it is adopted when both sides have signed it."),
        ]
        return subject, "\n".join(body)

    return tell(
        recipients(plan, other_sides(plan, actor), actor),
        key=f"plan:{plan.uuid}:v{version.number}:r{version.revision}:signed:{actor.organisation.uuid}",
        link=_plan_link(plan, "signatures"),
        write=write,
    )


def tell_adoption(*, actor: Actor, plan: Plan, version: PlanVersion) -> list[Notification]:
    """Both sides signed: everyone of both sides who decides (owners and managers) hears that the
    version is adopted and from when mandatory deadlines run — except the one who signed last."""
    assert plan.first_adopted_on is not None
    day = plan.first_adopted_on.isoformat()

    def write(_person: Recipient, _lang: str) -> tuple[str, str]:
        words = {**_names(plan), "n": version.number, "day": day}
        subject = _("Version %(n)d of the plan of %(producer)s with %(partner)s is adopted") % words
        body = _("Version %(n)d of the plan is adopted; mandatory deadlines run from %(day)s.") % words
        return subject, body

    return tell(
        recipients(plan, _sides(plan), actor),
        key=f"plan:{plan.uuid}:v{version.number}:adopted",
        link=_plan_link(plan),
        write=write,
    )


def tell_comment(*, actor: Actor, plan: Plan, comment: Comment) -> list[Notification]:
    """A comment or a proposed change: the other side hears it, quoted (the first 300
    characters)."""
    assert actor.organisation is not None
    author = actor.organisation.name

    def write(_person: Recipient, lang: str) -> tuple[str, str]:
        words = {**_names(plan), "organisation": author}
        if comment.kind == CommentKind.PROPOSAL:
            subject = _("%(organisation)s proposed a change to the plan of %(producer)s with %(partner)s") % words
        else:
            subject = _("%(organisation)s commented on the plan of %(producer)s with %(partner)s") % words
        about = _requirement(plan, comment.requirement_id, lang) if comment.requirement_id else _("the whole plan")
        body = [_("About: %(about)s") % {"about": about}, "", quote(comment.text)]
        return subject, "\n".join(body)

    return tell(
        recipients(plan, other_sides(plan, actor), actor),
        key=f"comment:{comment.uuid}",
        link=_plan_link(plan, f"c-{comment.uuid}"),
        write=write,
    )


def tell_progress(
    *, actor: Actor, plan: Plan, action: PlanAction, note: ProgressNote, files: int = 0
) -> list[Notification]:
    """Progress on an action of the adopted plan: the partner hears it when the producer or the
    facilitator records it, the producer when the facilitator does. The action's owner is named
    only to those who read members' names."""
    assert actor.organisation is not None
    recorder = actor.organisation.name

    def write(person: Recipient, lang: str) -> tuple[str, str]:
        status = str(dict(ActionStatus.choices).get(note.status, note.status))
        words = {**_names(plan), "organisation": recorder, "status": status}
        words["requirement"] = _requirement(plan, action.requirement_id, lang)
        subject = _("Progress on %(requirement)s: %(status)s (%(producer)s)") % words
        body = [
            _("%(organisation)s recorded progress on an action of the plan of %(producer)s with %(partner)s.") % words,
            _("Status: %(status)s") % words,
        ]
        if note.note:
            body += ["", quote(note.note), ""]
        if files:
            body.append(
                ngettext("%(n)d file attached as evidence.", "%(n)d files attached as evidence.", files) % {"n": files}
            )
        if action.owner is None:
            body.append(_("No one is named yet to carry out this action."))
        else:
            owner = action.owner.name if person.sees_names else _("a member of the producer")
            body.append(_("Carried out by: %(owner)s") % {"owner": owner})
        return subject, "\n".join(body)

    return tell(
        recipients(plan, other_sides(plan, actor), actor),
        key=f"progress:{note.uuid}",
        link=reverse("plans:action", kwargs={"plan_uuid": plan.uuid, "requirement_id": action.requirement_id}),
        write=write,
    )
