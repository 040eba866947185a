"""The deadline check end to end: real submitted results, an adopted plan, and the days around
its six-month window (adopted 31 August 2027, due 29 February 2028); its dry run, the e-mails it
sends again, and the commands that refuse to record a day not yet reached."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from passport.audit.models import AuditEntry
from passport.notifications.models import Notification
from passport.notifications.tests.test_notifications import FailsFirst
from passport.plans import deadlines
from passport.plans.models import DeadlineEvent, Plan
from passport.producers.clock import zone_of
from passport.producers.models import AssessorAuthorisation
from tests.world import World

from . import progress_builders as pb

BEFORE = dt.date(2027, 12, 1)  # 90 days before: nothing to say
INSIDE = dt.date(2028, 2, 1)  # 28 days before: due soon
AFTER = dt.date(2028, 3, 1)  # the day after: expired
NOW = dt.datetime(2028, 3, 10, 12, 0, tzinfo=dt.UTC)  # when the commands run: every date above has passed


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """The site's clock reads ``NOW`` (the commands refuse to record a date later than today)."""
    monkeypatch.setattr(timezone, "now", lambda: NOW)


@pytest.fixture
def flaky_mail(settings: object) -> None:
    """A mail server that fails the first message it is given, then works."""
    FailsFirst.down = True
    settings.EMAIL_BACKEND = f"{FailsFirst.__module__}.FailsFirst"  # type: ignore[attr-defined]


def events(plan: Plan) -> set[tuple[str, str, dt.date]]:
    return set(DeadlineEvent.objects.filter(plan=plan).values_list("requirement_id", "kind", "due_on"))


def recipients() -> set[str]:
    return {n.recipient.email.split("@")[0] for n in Notification.objects.select_related("recipient")}


def test_before_the_warning_window_nothing_is_recorded_or_sent(world: World) -> None:
    plan = pb.adopted_plan(world)
    summary = deadlines.check_all_deadlines(as_of=BEFORE)
    assert (summary.plans, summary.due_soon, summary.events) == (1, 0, 0)
    assert events(plan) == set()
    assert mail.outbox == []


def test_inside_the_window_each_deadline_is_due_soon_and_the_right_people_are_told(world: World) -> None:
    plan = pb.adopted_plan(world)
    summary = deadlines.check_all_deadlines(as_of=INSIDE)
    assert events(plan) == {("MES-SEC-01", "due_soon", pb.DUE), ("MES-CHILD-01", "due_soon", pb.DUE)}
    # Esperanza's owner and manager, and the partner's owner; not its member or viewer.
    assert recipients() == {"alice", "mateo", "fran"}
    assert (summary.due_soon, summary.events, summary.notifications) == (2, 2, 6)
    assert len(mail.outbox) == 6
    assert {m.to[0] for m in mail.outbox} == {"alice@example.org", "mateo@example.org", "fran@example.org"}
    assert Notification.objects.filter(emailed_at__isnull=True).count() == 0
    note = Notification.objects.get(recipient=world.users["alice"], key__contains="MES-SEC-01")
    assert "2028-02-29" in note.body
    assert "Rosa Díaz" in note.body  # the action's owner, a member, is named
    assert note.link == f"/plans/{plan.uuid}/"
    assert AuditEntry.objects.filter(action="deadline.due_soon").count() == 2


def test_each_person_is_told_in_their_own_language(world: World) -> None:
    world.users["mateo"].language = "es"
    world.users["mateo"].save(update_fields=["language"])
    pb.adopted_plan(world)
    deadlines.check_all_deadlines(as_of=INSIDE)
    spanish = Notification.objects.get(recipient=world.users["mateo"], key__contains="MES-SEC-01")
    english = Notification.objects.get(recipient=world.users["alice"], key__contains="MES-SEC-01")
    assert spanish.language == "es"
    assert "vence el 2028-02-29, quedan 28 días; el plazo está cerca" in spanish.body
    assert "due on 2028-02-29, 28 days left; the deadline is close" in english.body
    sent = next(m for m in mail.outbox if m.to == ["mateo@example.org"] and "MES-SEC-01" in m.subject)
    assert "el plazo está cerca" in sent.body
    assert translation.get_language() == "en"  # the check leaves the active language alone


def test_a_buyer_partner_is_told_without_the_members_name(world: World) -> None:
    pb.adopted_plan(world, partner="refiner")
    deadlines.check_all_deadlines(as_of=INSIDE)
    note = Notification.objects.get(recipient=world.users["bob"], key__contains="MES-SEC-01")
    assert "Rosa Díaz" not in note.body
    assert "2028-02-29" in note.body


def test_a_partner_no_longer_authorised_is_not_told(world: World) -> None:
    pb.adopted_plan(world, partner="refiner")
    AssessorAuthorisation.objects.filter(organisation=world.orgs["refiner"]).update(revoked_at="2027-12-01T00:00Z")
    deadlines.check_all_deadlines(as_of=INSIDE)
    assert recipients() == {"alice", "mateo"}


def test_after_the_window_the_producer_no_longer_meets_entry_criteria(world: World) -> None:
    plan = pb.adopted_plan(world)
    before = deadlines.standing(plan.producer)
    assert before is not None
    assert before.outcome == "eligible_with_mitigation"
    summary = deadlines.check_all_deadlines(as_of=AFTER)
    # Security forces taxing disengages on expiry; under-age work asks for a review.
    assert events(plan) == {("MES-SEC-01", "not_eligible", pb.DUE), ("MES-CHILD-01", "expired_review", pb.DUE)}
    assert (len(summary.not_eligible), summary.expired_review) == (1, 1)
    assert summary.describe() == (
        "1 plan checked: 0 warnings, 0 overdue, 1 to review, 1 producer no longer meets entry criteria; "
        "2 new events, 6 notifications"
    )
    now = deadlines.standing(plan.producer)
    assert now is not None
    assert (now.outcome, now.since, now.result) == ("not_eligible", AFTER, before.result)
    assert len(now.reasons) == 1
    assert "no longer meets the entry criteria" in now.reasons[0]
    entry = AuditEntry.objects.get(action="deadline.not_eligible")
    assert entry.detail["outcome"] == "not_eligible"
    assert "MES-SEC-01" in entry.detail["reason"]
    assert entry.producer == plan.producer.uuid
    subjects = {m.subject for m in mail.outbox}
    assert "Cooperativa Minera La Esperanza no longer meets the entry criteria" in subjects


def test_the_standing_reasons_follow_the_active_language(world: World) -> None:
    plan = pb.adopted_plan(world)
    deadlines.check_all_deadlines(as_of=AFTER)
    with translation.override("es"):
        found = deadlines.standing(plan.producer)
    assert found is not None
    assert "ya no cumple los criterios de entrada" in found.reasons[0]


def test_a_later_assessment_without_the_risks_resolves_the_deadlines(world: World) -> None:
    plan = pb.adopted_plan(world)
    later = pb.resolved_result(world)
    summary = deadlines.check_all_deadlines(as_of=AFTER)
    assert events(plan) == set()
    assert len(summary.not_eligible) == 0
    found = deadlines.standing(plan.producer)
    assert found is not None
    assert (found.outcome, found.result) == (later.outcome, later)
    assert found.outcome != "not_eligible"


def test_a_later_assessment_ends_a_re_classification(world: World) -> None:
    plan = pb.adopted_plan(world)
    deadlines.check_all_deadlines(as_of=AFTER)
    later = pb.resolved_result(world)
    found = deadlines.standing(plan.producer)
    assert found is not None
    assert (found.outcome, found.reasons, found.result) == (later.outcome, [], later)


def test_marking_a_mandatory_action_done_does_not_stop_its_clock(world: World) -> None:
    plan = pb.adopted_plan(world)
    pb.note(world, plan, "MES-SEC-01", "done")
    deadlines.check_all_deadlines(as_of=AFTER)
    assert ("MES-SEC-01", "not_eligible", pb.DUE) in events(plan)


def test_running_again_the_same_day_or_later_records_and_sends_nothing_new(world: World) -> None:
    plan = pb.adopted_plan(world)
    deadlines.check_all_deadlines(as_of=INSIDE)
    recorded, sent, notes = events(plan), len(mail.outbox), Notification.objects.count()
    again = deadlines.check_all_deadlines(as_of=INSIDE)
    next_day = deadlines.check_all_deadlines(as_of=INSIDE + dt.timedelta(days=1))
    assert (again.events, again.notifications, next_day.events, next_day.notifications) == (0, 0, 0, 0)
    assert next_day.due_soon == 2  # still due soon: the state is reported, not re-notified
    assert events(plan) == recorded
    assert (len(mail.outbox), Notification.objects.count()) == (sent, notes)


def test_expiry_after_a_warning_is_a_new_event_once(world: World) -> None:
    plan = pb.adopted_plan(world)
    deadlines.check_all_deadlines(as_of=INSIDE)
    deadlines.check_all_deadlines(as_of=AFTER)
    deadlines.check_all_deadlines(as_of=AFTER + dt.timedelta(days=3))
    assert len(events(plan)) == 4
    assert DeadlineEvent.objects.filter(kind="not_eligible").count() == 1
    assert AuditEntry.objects.filter(action="deadline.not_eligible").count() == 1


def test_the_due_day_itself_is_inside_the_window_even_on_a_leap_day(world: World) -> None:
    plan = pb.adopted_plan(world)
    summary = deadlines.check_all_deadlines(as_of=dt.date(2028, 2, 29))
    assert events(plan) == {("MES-SEC-01", "due_soon", pb.DUE), ("MES-CHILD-01", "due_soon", pb.DUE)}
    assert len(summary.not_eligible) == 0


def test_each_producer_is_judged_on_its_own_local_date(world: World) -> None:
    colombia = pb.adopted_plan(world)
    congo = pb.adopted_plan(world, producer="kalimbi", partner="refiner")
    # 03:00 UTC on 1 March: still 29 February in Bogotá (UTC-5), already 1 March in Lubumbashi.
    deadlines.check_all_deadlines(now=dt.datetime(2028, 3, 1, 3, 0, tzinfo=dt.UTC))
    assert {kind for _r, kind, _d in events(colombia)} == {"due_soon"}
    assert events(congo) == {("MES-SEC-01", "not_eligible", pb.DUE)}
    assert DeadlineEvent.objects.get(plan=congo).as_of == dt.date(2028, 3, 1)
    assert {e.as_of for e in DeadlineEvent.objects.filter(plan=colombia)} == {dt.date(2028, 2, 29)}
    assert recipients() >= {"oscar", "bob"}


def test_an_as_of_date_overrides_every_producers_clock(world: World) -> None:
    colombia = pb.adopted_plan(world)
    deadlines.check_all_deadlines(now=dt.datetime(2028, 3, 1, 3, 0, tzinfo=dt.UTC), as_of=AFTER)
    assert ("MES-SEC-01", "not_eligible", pb.DUE) in events(colombia)


def test_progress_is_reported_after_each_plan(world: World) -> None:
    pb.adopted_plan(world)
    pb.adopted_plan(world, producer="kalimbi", partner="refiner")
    pb.draft_plan(world)  # not adopted: not checked
    seen: list[tuple[int, int]] = []
    deadlines.check_all_deadlines(as_of=BEFORE, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(1, 2), (2, 2)]


def test_a_negative_warning_window_is_refused(world: World) -> None:
    with pytest.raises(ValueError, match="warn_days"):
        deadlines.check_all_deadlines(as_of=INSIDE, warn_days=-1)


def test_the_check_makes_the_same_queries_for_one_plan_or_several(world: World) -> None:
    source = pb.mitigating_result(world)
    pb.adopted_plan(world, source=source)

    def run() -> int:
        with CaptureQueriesContext(connection) as captured:
            deadlines.check_all_deadlines(as_of=BEFORE)
        return len(captured)

    one = run()
    for _ in range(4):
        pb.adopted_plan(world)  # one plan per result and partner
    pb.adopted_plan(world, producer="kalimbi", partner="refiner")
    assert run() == one


def test_zones_fall_back_to_the_sites_time_zone(world: World) -> None:
    producer = world.producers["esperanza"]
    assert zone_of(producer) == "America/Bogota"
    producer.country = "CH"
    assert zone_of(producer) == "UTC"


# --- manage.py check_deadlines ------------------------------------------------------------------


# --- Dry run and e-mails sent again ----------------------------------------------------------------


def test_a_dry_run_reports_what_a_run_would_do_and_keeps_nothing(world: World) -> None:
    plan = pb.adopted_plan(world)
    audit_entries = AuditEntry.objects.count()
    dry = deadlines.check_all_deadlines(as_of=AFTER, dry_run=True)
    assert events(plan) == set()
    assert Notification.objects.count() == 0
    assert AuditEntry.objects.count() == audit_entries
    assert mail.outbox == []
    found = deadlines.standing(plan.producer)
    assert found is not None
    assert found.outcome == "eligible_with_mitigation"
    real = deadlines.check_all_deadlines(as_of=AFTER)
    assert (dry.events, dry.notifications) == (real.events, real.notifications) == (2, 6)
    assert dry.describe() == f"Dry run: nothing recorded or sent. {real.describe()}"


def test_a_dry_run_may_look_at_any_day(world: World) -> None:
    plan = pb.adopted_plan(world)
    far = deadlines.check_all_deadlines(as_of=dt.date(2031, 1, 1), dry_run=True)
    assert len(far.not_eligible) == 1
    assert events(plan) == set()


def test_an_e_mail_that_failed_is_sent_by_the_next_run(world: World, flaky_mail: None) -> None:
    pb.adopted_plan(world)
    first = deadlines.check_all_deadlines(as_of=INSIDE)
    assert (first.notifications, first.resent, len(mail.outbox)) == (6, 0, 5)
    [unsent] = Notification.objects.filter(emailed_at__isnull=True).select_related("recipient")
    dry = deadlines.check_all_deadlines(as_of=INSIDE, dry_run=True)
    assert dry.resent == 1  # would be sent again, but is not
    assert len(mail.outbox) == 5
    second = deadlines.check_all_deadlines(as_of=INSIDE)
    assert (second.events, second.notifications, second.resent) == (0, 0, 1)
    assert second.describe().endswith("; 0 new events, 0 notifications, 1 e-mail re-sent")
    assert len(mail.outbox) == 6
    assert (mail.outbox[-1].to, mail.outbox[-1].subject) == ([unsent.recipient.email], unsent.subject)
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()
    assert deadlines.check_all_deadlines(as_of=INSIDE).resent == 0


def test_e_mails_older_than_a_week_are_not_sent_again(world: World, flaky_mail: None) -> None:
    pb.adopted_plan(world)
    deadlines.check_all_deadlines(as_of=INSIDE)
    later = deadlines.check_all_deadlines(as_of=INSIDE, now=timezone.now() + dt.timedelta(days=8))
    assert later.resent == 0
    assert Notification.objects.filter(emailed_at__isnull=True).count() == 1


# --- manage.py check_deadlines ------------------------------------------------------------------


def test_the_latest_date_allowed_is_today_somewhere_on_earth() -> None:
    late_evening = dt.datetime(2028, 1, 31, 23, 30, tzinfo=dt.UTC)  # already 1 February east of UTC
    assert deadlines.latest_as_of(late_evening) == dt.date(2028, 2, 1)
    assert deadlines.future_as_of_problem(dt.date(2028, 2, 1), now=late_evening) is None
    problem = deadlines.future_as_of_problem(dt.date(2028, 2, 2), now=late_evening)
    assert problem is not None
    assert problem.startswith("--as-of: 2028-02-02 is later than today (at most 2028-02-01")
    assert "--dry-run" in problem


def test_the_management_command_runs_the_same_check(world: World, clock: None) -> None:
    plan = pb.adopted_plan(world)
    out = io.StringIO()
    call_command("check_deadlines", "--as-of", "2028-02-01", stdout=out)
    assert out.getvalue().startswith("1 plan checked: 2 warnings,")
    assert {kind for _r, kind, _d in events(plan)} == {"due_soon"}


def test_the_management_command_refuses_a_date_not_reached_yet(world: World, clock: None) -> None:
    plan = pb.adopted_plan(world)
    with pytest.raises(CommandError, match=r"^--as-of: 2028-03-12 is later than today \(at most 2028-03-11") as caught:
        call_command("check_deadlines", "--as-of", "2028-03-12", stdout=io.StringIO())
    assert caught.value.returncode == 2
    assert events(plan) == set()
    out = io.StringIO()
    call_command("check_deadlines", "--as-of", "2028-03-11", stdout=out)  # today, east of UTC
    assert out.getvalue().startswith("1 plan checked: ")


def test_the_management_command_dry_run_may_look_ahead_and_keeps_nothing(world: World, clock: None) -> None:
    plan = pb.adopted_plan(world)
    out = io.StringIO()
    call_command("check_deadlines", "--as-of", "2029-01-01", "--dry-run", stdout=out)
    assert out.getvalue().startswith("Dry run: nothing recorded or sent. 1 plan checked: 0 warnings,")
    assert "1 producer no longer meets entry criteria; 2 new events, 6 notifications" in out.getvalue()
    assert events(plan) == set()
    assert (Notification.objects.count(), mail.outbox) == (0, [])


@pytest.mark.parametrize(
    ("args", "message"),
    [(["--as-of", "2028-02-30"], "--as-of: '2028-02-30' is not a date"), (["--warn-days", "-3"], "--warn-days")],
)
def test_the_management_command_names_a_bad_option(world: World, args: list[str], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        call_command("check_deadlines", *args)
