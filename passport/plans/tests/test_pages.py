"""Plan pages: drafting, reading what is in force and what is being agreed, the forms each
reader gets, and what the page says after a change.

Who gets each route, with exact statuses, is checked from the table in routes.py."""

from __future__ import annotations

import datetime as dt

from django.test import Client
from django.urls import reverse

from passport.assessments.tests import builders as assessed
from passport.plans import deadlines, services
from passport.plans.models import Comment, Plan, PlanVersion, ProgressNote
from passport.standards.models import StandardVersion
from tests.world import World

from . import builders as b
from . import progress_builders as pb


def client_for(world: World, who: str) -> Client:
    client = Client()
    client.force_login(world.users[who])
    return client


def page(world: World, who: str, plan: Plan) -> str:
    response = client_for(world, who).get(reverse("plans:detail", args=[plan.uuid]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_producer_drafts_a_plan_from_a_result_and_lands_on_it(world: World) -> None:
    b.authorise(world)
    result = b.submitted(world)
    client = client_for(world, "alice")
    url = reverse("plans:new", args=[result.uuid])
    form = client.get(url).content.decode()
    assert "Refinería del Sur" in form
    assert "Alianza de Campo" in form  # its facilitator may be the partner too
    response = client.post(url, {"partner": str(world.orgs["refiner"].uuid), "strategy": "benefit_to_miners"})
    plan = Plan.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:detail", args=[plan.uuid])
    assert b.latest(plan).strategy == "benefit_to_miners"
    html = client.get(response["Location"]).content.decode()
    assert "No version is in force yet" in html
    assert "Version 1 is being agreed." in html
    assert "6 months after both sides first sign the plan" in html  # a mandatory deadline before adoption


def test_an_incomplete_result_gets_a_plain_refusal_and_no_form(world: World) -> None:
    b.authorise(world)
    result = assessed.submitted(world)
    html = client_for(world, "mateo").get(reverse("plans:new", args=[result.uuid])).content.decode()
    assert "required answers are missing" in html
    assert "Draft the plan" not in html


def test_a_wrong_partner_is_refused_on_the_form_and_nothing_is_drafted(world: World) -> None:
    b.authorise(world)
    result = b.submitted(world)
    response = client_for(world, "alice").post(
        reverse("plans:new", args=[result.uuid]),
        {"partner": str(world.orgs["checkers"].uuid), "strategy": "quick_wins"},
    )
    assert response.status_code == 400
    assert not Plan.objects.exists()


def test_a_plan_from_a_result_that_must_stop_trade_says_so_in_plain_words(world: World) -> None:
    plan = b.plan(world, result=b.stopping(world))
    html = page(world, "bob", plan)
    assert "Trade must stop" in html
    assert "not negotiable" in html
    assert "Children" in html or "child" in html.lower()


def test_each_reader_gets_only_the_forms_it_may_use(world: World) -> None:
    plan = b.plan(world)
    alice, bob, victor, fran = (page(world, n, plan) for n in ("alice", "bob", "victor", "fran"))
    assert "Change the order" in alice
    assert "Change the order" not in bob
    assert "Mark as priority" in bob
    assert "Mark as priority" not in alice
    assert "Sign version 1" in alice
    assert "Sign version 1" in bob
    for html in (victor, fran):
        assert "Sign version 1" not in html
        assert reverse("plans:action_edit", args=[b.optional(plan).uuid]) not in html
    assert 'action="' + reverse("plans:comment", args=[plan.uuid]) in fran
    assert 'action="' + reverse("plans:comment", args=[plan.uuid]) not in victor


def test_a_buyer_partner_sees_that_an_action_has_an_owner_but_not_who(world: World) -> None:
    plan = b.plan(world)
    services.update_action(
        actor=world.actor("alice"), action_uuid=b.optional(plan).uuid, owner_uuid=b.member(world).uuid
    )
    assert "Rosa Díaz" in page(world, "alice", plan)
    assert "Rosa Díaz" in page(world, "fran", plan)
    bob = page(world, "bob", plan)
    assert "Rosa Díaz" not in bob
    assert "a member of the producer" in bob
    form = client_for(world, "bob").get(reverse("plans:action_edit", args=[b.optional(plan).uuid])).content.decode()
    assert "Rosa" not in form
    assert 'name="owner"' not in form


def test_a_mandatory_actions_edit_form_has_no_due_date(world: World) -> None:
    plan = b.plan(world)
    client = client_for(world, "alice")
    mandatory = client.get(reverse("plans:action_edit", args=[b.action(plan, "MES-SEC-01").uuid])).content.decode()
    optional = client.get(reverse("plans:action_edit", args=[b.optional(plan).uuid])).content.decode()
    assert 'name="due_on"' not in mandatory
    assert "set by the standard" in mandatory
    assert 'name="due_on"' in optional


def test_an_edit_after_a_signature_says_the_signature_was_removed(world: World) -> None:
    plan = b.plan(world)
    b.sign(world, plan, "bob")
    client = client_for(world, "maria")
    response = client.post(
        reverse("plans:action_edit", args=[b.optional(plan).uuid]),
        {"owner": "", "due_on": "", "done_means": "Seen."},
        follow=True,
    )
    html = response.content.decode()
    assert "its signature was removed: both sides sign again" in html
    assert services.get_plan(actor=world.actor("alice"), plan_uuid=plan.uuid).signatures == []


def test_the_page_says_which_version_is_in_force_and_which_is_being_agreed(world: World) -> None:
    plan = b.plan(world)
    b.adopt(world, plan)
    adopted = page(world, "victor", plan)
    assert "Version 1 is in force: adopted on 2026-11-02." in adopted
    assert "2027-05-02" in adopted  # the mandatory deadline: adoption + six months
    response = client_for(world, "alice").post(
        reverse("plans:revise", args=[plan.uuid]), {"summary": "Retorts"}, follow=True
    )
    html = response.content.decode()
    assert "Version 2 started" in html
    assert "Version 1 is in force: adopted on 2026-11-02." in html
    assert "Version 2 is being agreed." in html
    v1 = PlanVersion.objects.get(plan=plan, number=1)
    earlier = client_for(world, "bob").get(reverse("plans:version", args=[v1.uuid])).content.decode()
    assert "an earlier version" in earlier
    assert "Sign version" not in earlier


def test_each_action_shows_its_progress_status_and_links_to_its_progress_page(world: World) -> None:
    plan = b.plan(world)
    ProgressNote.objects.create(
        plan=plan,
        requirement_id="MES-TAX-01",
        status="done",
        author=world.users["alice"],
        organisation=world.orgs["esperanza"],
    )
    html = page(world, "alice", plan)
    assert reverse("plans:action", args=[plan.uuid, "MES-TAX-01"]) in html
    tax = html.split('id="action-MES-TAX-01"')[1].split("</li>")[0]
    sec = html.split('id="action-MES-SEC-01"')[1].split("</li>")[0]
    assert "Done" in tax
    assert "Not started" in sec


def top_and_form(html: str, form_id: str) -> tuple[str, str]:
    """The messages above the page's content, and the form with this id."""
    top = html.split("<main>", maxsplit=1)[0]
    form = html.split(f'id="{form_id}"')[1].split("</form>", maxsplit=1)[0]
    return top, form


def test_an_empty_comment_is_refused_at_the_top_and_by_the_form_which_the_browser_lands_on(world: World) -> None:
    plan = b.plan(world)
    response = client_for(world, "fran").post(
        reverse("plans:comment", args=[plan.uuid]), {"text": "", "kind": "comment"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    top, form = top_and_form(html, "comment")
    assert '<li class="error">The comment was not added. Message: This field is required.</li>' in top
    assert "This field is required." in form  # by the field too
    assert 'action="' + reverse("plans:comment", args=[plan.uuid]) + '#comment"' in html  # lands on the form
    assert not Comment.objects.exists()


def test_a_comment_added_lands_on_the_comment(world: World) -> None:
    plan = b.plan(world)
    client = client_for(world, "fran")
    response = client.post(reverse("plans:comment", args=[plan.uuid]), {"text": "Retorts?", "kind": "comment"})
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:detail", args=[plan.uuid]) + f"#c-{comment.uuid}"
    assert f'id="c-{comment.uuid}"' in client.get(response["Location"]).content.decode()


def test_the_plan_page_says_first_when_the_producer_no_longer_meets_the_entry_criteria(world: World) -> None:
    plan = pb.adopted_plan(world, partner="refiner")
    assert 'id="standing"' not in page(world, "bob", plan)
    deadlines.check_all_deadlines(as_of=dt.date(2028, 3, 1))
    html = page(world, "bob", plan)
    assert 'id="standing"' in html
    assert html.index('id="standing"') < html.index('id="in-force"')  # above the plan itself
    assert "Does not meet the entry criteria since 2028-03-01." in html


def test_the_strategy_and_priority_forms_change_the_plan(world: World) -> None:
    plan = b.plan(world)
    target = b.optional(plan)
    client_for(world, "bob").post(reverse("plans:priority", args=[target.uuid]), {"priority": "1"})
    response = client_for(world, "mateo").post(
        reverse("plans:strategy", args=[plan.uuid]), {"strategy": "supply_chain"}, follow=True
    )
    assert "Order changed to: What the supply chain needs most." in response.content.decode()
    assert b.actions(b.latest(plan))[2].requirement_id == target.requirement_id


def test_the_list_says_which_plans_are_in_force(world: World) -> None:
    result = b.submitted(world)
    first = b.plan(world, result=result)
    b.plan(world, result=result, partner="field")
    b.adopt(world, first)
    html = (
        client_for(world, "victor")
        .get(reverse("plans:list", args=[world.producers["esperanza"].uuid]))
        .content.decode()
    )
    assert "version 1 in force since 2026-11-02" in html
    assert "not in force yet" in html


def test_the_page_shows_the_revision_and_the_sign_form_posts_it(world: World) -> None:
    plan = b.plan(world)
    services.mark_priority(actor=world.actor("bob"), action_uuid=b.optional(plan).uuid, priority=True)
    html = page(world, "alice", plan)
    assert "Revision 2" in html
    assert '<input type="hidden" name="revision" value="2">' in html


def test_signing_a_revision_that_changed_since_the_page_was_read_shows_why_and_signs_nothing(world: World) -> None:
    plan = b.plan(world)
    alice = client_for(world, "alice")
    assert '<input type="hidden" name="revision" value="1">' in page(world, "alice", plan)
    services.mark_priority(actor=world.actor("bob"), action_uuid=b.optional(plan).uuid, priority=True)
    response = alice.post(reverse("plans:sign", args=[b.latest(plan).uuid]), {"revision": "1"})
    assert response.status_code == 409
    html = response.content.decode()
    message = "The plan changed since you opened it (now revision 2): read it again before signing."
    top, form = top_and_form(html, "sign")
    assert message in top
    assert message in form  # by the button too, which the browser lands on
    assert '<input type="hidden" name="revision" value="2">' in form  # the page as it is now
    assert not b.latest(plan).signatures.exists()


def test_a_sign_form_without_its_revision_is_refused_and_signs_nothing(world: World) -> None:
    plan = b.plan(world)
    response = client_for(world, "alice").post(reverse("plans:sign", args=[b.latest(plan).uuid]), {})
    assert response.status_code == 400
    assert "did not say which revision you read" in response.content.decode()
    assert not b.latest(plan).signatures.exists()


def test_an_unknown_order_is_refused_on_the_page_and_changes_nothing(world: World) -> None:
    plan = b.plan(world)
    response = client_for(world, "alice").post(reverse("plans:strategy", args=[plan.uuid]), {"strategy": "fastest"})
    assert response.status_code == 400
    top, form = top_and_form(response.content.decode(), "strategy")
    assert "Choose one of: quick_wins" in top
    assert "fastest is not one of the available choices" in form
    assert (b.latest(plan).strategy, b.latest(plan).revision) == ("quick_wins", 1)


def test_a_plan_whose_standard_file_changed_since_publication_is_refused_in_plain_words(world: World) -> None:
    plan = b.plan(world)
    StandardVersion.objects.filter(ref="mes@1.0").update(digest="0" * 64)
    response = client_for(world, "alice").get(reverse("plans:detail", args=[plan.uuid]))
    assert response.status_code == 403
    assert "no longer matches the file it was published with" in response.content.decode()


def test_the_page_shows_the_latest_fifty_comments_and_counts_the_older_ones(world: World) -> None:
    plan = b.plan(world)
    version = b.latest(plan)
    Comment.objects.bulk_create(
        Comment(
            version=version,
            text=f"Message number {i:03d}",
            author=world.users["bob"],
            organisation=world.orgs["refiner"],
            created_at=b.ADOPTION + dt.timedelta(minutes=i),
        )
        for i in range(1, 61)
    )
    html = page(world, "alice", plan)
    assert "10 older comments are not shown; these are the latest 50." in html
    assert "Message number 010" not in html
    assert html.index("Message number 011") < html.index("Message number 060")
