"""Who hears about activity on a plan: a signature, an adoption, a comment, progress on an action.

The other side's owners and managers are told once per event, in their own language, in the
inbox and by e-mail once the change commits; never the person who acted, never a member's name
to a buyer partner, and nobody at all when the change is refused or rolled back."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from passport.accounts.models import Membership, User
from passport.engine import get_standard, text_in
from passport.notifications.models import Notification
from passport.plans import progress, services
from passport.plans.models import Plan
from passport.producers.models import AssessorAuthorisation
from tests.world import PASSWORD, World

from . import builders as b
from . import progress_builders as pb

Committing = Callable[..., AbstractContextManager[list[Callable[[], Any]]]]
"""pytest-django's ``django_capture_on_commit_callbacks``: the test's own transaction never
commits, so what waits for the commit (the e-mails) runs when its block ends (``execute=True``)."""


def told() -> Counter[str]:
    """How many notifications each person has, by first name."""
    return Counter(n.recipient.email.split("@")[0] for n in Notification.objects.select_related("recipient"))


def mailed() -> Counter[str]:
    return Counter(m.to[0].split("@")[0] for m in mail.outbox)


def note_of(who: str) -> Notification:
    return Notification.objects.get(recipient__email=f"{who}@example.org")


def rita(world: World) -> User:
    """A second manager at the buyer, so "never the actor" is not "never the actor's side"."""
    user = User.objects.create_user(email="rita@example.org", password=PASSWORD, name="Rita")
    Membership.objects.create(user=user, organisation=world.orgs["refiner"], role="manager")
    return user


def record(world: World, plan: Plan, who: str = "alice", **more: Any) -> None:
    progress.record_progress(
        actor=world.actor(who), plan_uuid=plan.uuid, requirement_id="MES-SEC-01", status="in_progress", **more
    )


# --- Signatures and adoption ---------------------------------------------------------------


def test_a_first_signature_asks_the_other_side_to_sign(
    world: World, django_capture_on_commit_callbacks: Committing
) -> None:
    plan = b.plan(world)
    with django_capture_on_commit_callbacks(execute=True):
        b.sign(world, plan, "alice")
    assert told() == Counter({"bob": 1})  # not alice who signed, nor her own side
    note = note_of("bob")
    assert note.key == f"plan:{plan.uuid}:v1:r1:signed:{world.orgs['esperanza'].uuid}"
    assert note.subject == "Cooperativa Minera La Esperanza signed version 1 of the plan; your signature is awaited"
    assert note.link == reverse("plans:detail", args=[plan.uuid]) + "#signatures"
    assert mailed() == Counter({"bob": 1})
    assert "your signature is awaited" in mail.outbox[0].body


def test_the_adopting_signature_tells_both_sides_except_who_signed_last(
    world: World, django_capture_on_commit_callbacks: Committing
) -> None:
    rita(world)
    plan = b.plan(world)
    with django_capture_on_commit_callbacks(execute=True):
        b.adopt(world, plan)  # alice, then bob
    adopted = {n.recipient.email.split("@")[0] for n in Notification.objects.filter(key__endswith=":adopted")}
    assert adopted == {"alice", "mateo", "rita"}  # bob signed last; maria and victor do not sign
    assert told() == Counter({"alice": 1, "mateo": 1, "rita": 2, "bob": 1})  # rita and bob: alice's signature too
    note = note_of("mateo")
    assert note.key == f"plan:{plan.uuid}:v1:adopted"
    assert note.body == "Version 1 of the plan is adopted; mandatory deadlines run from 2026-11-02."
    assert not Notification.objects.filter(recipient__email="mateo@example.org", key__contains=":signed:").exists()
    assert mailed() == told()


def test_a_signature_at_a_new_revision_asks_again(world: World) -> None:
    plan = b.plan(world)
    b.sign(world, plan, "alice")
    services.mark_priority(actor=world.actor("bob"), action_uuid=b.optional(plan).uuid, priority=True)
    b.sign(world, plan, "alice")  # revision 2: the first signature was removed
    keys = sorted(Notification.objects.filter(recipient=world.users["bob"]).values_list("key", flat=True))
    assert [k.split(":")[3] for k in keys] == ["r1", "r2"]


def test_a_stale_signature_tells_nobody(world: World) -> None:
    plan = b.plan(world)
    version = b.latest(plan)
    services.mark_priority(actor=world.actor("bob"), action_uuid=b.optional(plan).uuid, priority=True)
    with pytest.raises(services.StaleRevision):
        services.sign(actor=world.actor("alice"), version_uuid=version.uuid, revision=1)
    assert told() == Counter()


# --- Comments ------------------------------------------------------------------------------


def test_a_comment_tells_the_other_side_quoted_up_to_300_characters(
    world: World, django_capture_on_commit_callbacks: Committing
) -> None:
    rita(world)
    plan = b.plan(world)
    text = "Retorts for every pit. " + "x" * 400
    with django_capture_on_commit_callbacks(execute=True):
        comment = services.add_comment(actor=world.actor("bob"), plan_uuid=plan.uuid, text=text)
    assert told() == Counter({"alice": 1, "mateo": 1})  # the producer's owner and manager only
    note = note_of("alice")
    assert note.key == f"comment:{comment.uuid}"
    assert note.subject == (
        "Refinería del Sur commented on the plan of Cooperativa Minera La Esperanza with Refinería del Sur"
    )
    assert "About: the whole plan" in note.body
    quoted = note.body.split("“")[1].split("”")[0]
    assert quoted.startswith("Retorts for every pit.")
    assert len(quoted) == 300
    assert quoted.endswith("…")
    assert text not in note.body
    assert note.link == reverse("plans:detail", args=[plan.uuid]) + f"#c-{comment.uuid}"
    assert mailed() == Counter({"alice": 1, "mateo": 1})


def test_a_proposal_from_the_producer_tells_the_partner_but_not_its_author(world: World) -> None:
    rita(world)
    plan = b.plan(world)
    services.add_comment(
        actor=world.actor("mateo"), plan_uuid=plan.uuid, text="Later.", requirement_id="MES-TAX-01", kind="proposal"
    )
    assert told() == Counter({"bob": 1, "rita": 1})
    note = note_of("bob")
    assert note.subject.startswith("Cooperativa Minera La Esperanza proposed a change to the plan")
    assert "About: MES-TAX-01 " in note.body


def test_a_facilitators_comment_tells_both_sides(world: World) -> None:
    plan = b.plan(world)
    services.add_comment(actor=world.actor("fran"), plan_uuid=plan.uuid, text="I can help with the retorts.")
    assert told() == Counter({"alice": 1, "mateo": 1, "bob": 1})


def test_a_partner_no_longer_authorised_is_not_told(world: World) -> None:
    plan = b.plan(world)
    AssessorAuthorisation.objects.filter(organisation=world.orgs["refiner"]).update(revoked_at="2026-12-01T00:00Z")
    services.add_comment(actor=world.actor("fran"), plan_uuid=plan.uuid, text="Still here.")
    assert told() == Counter({"alice": 1, "mateo": 1})


def test_an_inactive_person_is_not_told(world: World) -> None:
    plan = b.plan(world)
    User.objects.filter(pk=world.users["mateo"].pk).update(is_active=False)
    services.add_comment(actor=world.actor("bob"), plan_uuid=plan.uuid, text="Hello.")
    assert told() == Counter({"alice": 1})


# --- Progress ------------------------------------------------------------------------------


def test_progress_by_the_producer_tells_a_buyer_partner_without_the_members_name(
    world: World, django_capture_on_commit_callbacks: Committing
) -> None:
    plan = pb.adopted_plan(world, partner="refiner")
    with django_capture_on_commit_callbacks(execute=True):
        record(world, plan, "maria", note="Rosa Díaz's crew fenced the pit.")
    assert told() == Counter({"bob": 1})
    note = note_of("bob")
    assert note.key.startswith("progress:")
    assert note.subject.startswith("Progress on MES-SEC-01 ")
    assert note.subject.endswith(": In progress (Cooperativa Minera La Esperanza)")
    assert "Status: In progress" in note.body
    assert "Carried out by: a member of the producer" in note.body
    assert "Carried out by: Rosa" not in note.body  # the owner, a member, is personal data
    assert "“Rosa Díaz's crew fenced the pit.”" in note.body  # what the producer wrote, as the page shows it
    assert note.link == reverse("plans:action", args=[plan.uuid, "MES-SEC-01"])
    assert mailed() == Counter({"bob": 1})
    assert "Carried out by: Rosa" not in mail.outbox[0].body


def test_progress_by_the_facilitator_tells_the_producer_with_the_name_and_the_buyer_without(world: World) -> None:
    plan = pb.adopted_plan(world, partner="refiner")
    record(world, plan, "fran")
    assert told() == Counter({"alice": 1, "mateo": 1, "bob": 1})
    assert "Carried out by: Rosa Díaz" in note_of("alice").body
    assert "Rosa Díaz" not in note_of("bob").body


def test_progress_on_a_plan_with_the_facilitator_tells_the_other_side_only(world: World) -> None:
    plan = pb.adopted_plan(world, partner="field")
    record(world, plan, "fran")
    assert told() == Counter({"alice": 1, "mateo": 1})
    Notification.objects.all().delete()
    record(world, plan, "alice")
    assert told() == Counter({"fran": 1})
    assert "Carried out by: Rosa Díaz" in note_of("fran").body  # a facilitator works with the members


def test_each_person_is_told_in_their_own_language(world: World) -> None:
    world.users["mateo"].language = "es"
    world.users["mateo"].save(update_fields=["language"])
    plan = pb.adopted_plan(world, partner="refiner")
    record(world, plan, "fran")
    spanish, english = note_of("mateo"), note_of("alice")
    assert (spanish.language, english.language) == ("es", "en")
    assert "A cargo de: Rosa Díaz" in spanish.body
    assert "En curso" in spanish.subject
    assert "Carried out by: Rosa Díaz" in english.body
    title = get_standard("mes@1.0").requirement("MES-SEC-01").title
    assert f"MES-SEC-01 {text_in(title, 'es')}" in spanish.subject
    assert f"MES-SEC-01 {text_in(title, 'en')}" in english.subject
    assert translation.get_language() == "en"  # telling leaves the active language alone


# --- Nothing for a change that does not happen ----------------------------------------------


class Boom(Exception):
    pass


def test_a_change_rolled_back_tells_nobody_and_mails_nobody(
    world: World, django_capture_on_commit_callbacks: Committing
) -> None:
    plan = b.plan(world)
    adopted = pb.adopted_plan(world, partner="refiner", source=b.submitted(world))

    def changes_then_fails() -> None:
        with transaction.atomic():
            services.add_comment(actor=world.actor("bob"), plan_uuid=plan.uuid, text="Agreed.")
            b.sign(world, plan, "alice")
            record(world, adopted, "alice")
            assert told() == Counter({"alice": 1, "mateo": 1, "bob": 2})  # made, not yet sent
            raise Boom

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Boom):
        changes_then_fails()
    assert told() == Counter()
    assert mail.outbox == []


def test_the_e_mails_wait_for_the_commit(world: World, django_capture_on_commit_callbacks: Committing) -> None:
    plan = b.plan(world)
    with django_capture_on_commit_callbacks() as waiting:
        services.add_comment(actor=world.actor("bob"), plan_uuid=plan.uuid, text="Agreed.")
    assert mail.outbox == []
    assert len(waiting) == 1
    waiting[0]()
    assert mailed() == Counter({"alice": 1, "mateo": 1})


def test_a_refused_comment_or_progress_tells_nobody(world: World) -> None:
    plan = b.plan(world)
    with pytest.raises(ValidationError):
        services.add_comment(actor=world.actor("bob"), plan_uuid=plan.uuid, text="  ")
    adopted = pb.adopted_plan(world, partner="refiner", source=b.submitted(world))
    with pytest.raises(ValidationError):
        progress.record_progress(
            actor=world.actor("alice"), plan_uuid=adopted.uuid, requirement_id="MES-SEC-01", status="finished"
        )
    assert told() == Counter()
