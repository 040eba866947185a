"""Deadlines of adopted plans: where each action stands on a day, and what that does to the outcome.

The producer is the South Kivu group of ``examples/cd-sud-kivu-fardc-taxing.yaml``: soldiers
levy a tax at its site (MES-SEC-01, mitigate within six months of the plan's adoption, then
disengage). The engine is asked exactly as the plans app asks it: the latest answers are
re-classified on the day of the check with the plan's first adoption date.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from passport.engine import (
    ELIGIBLE,
    ELIGIBLE_WITH_MITIGATION,
    NOT_ELIGIBLE,
    Classification,
    DeadlineReport,
    DeadlineStatus,
    PlanState,
    Standard,
    TrackedAction,
    Window,
    check_deadlines,
    classify,
    due_date,
    local_date,
    read_answers,
)
from passport.engine.schema import Action, ExpiryAction

from .conftest import ROOT

SUD_KIVU = read_answers(ROOT / "examples" / "cd-sud-kivu-fardc-taxing.yaml")
ADOPTED = dt.date(2026, 6, 1)
DUE = dt.date(2026, 12, 1)  # six months after ADOPTED
LANGUAGES = ("en", "es", "fr")

Status = DeadlineStatus


def latest(mes: Standard, as_of: dt.date, adopted: dict[str, dt.date] | None = None, **changes: Any) -> Classification:
    """The latest assessment (the example's answers with ``changes``), classified on ``as_of`` with
    the plan adopted on ``adopted`` per requirement (default: MES-SEC-01 on ADOPTED)."""
    answers = {**SUD_KIVU.answers, **changes}
    plans = {
        rid: PlanState(adopted_on=day)
        for rid, day in (adopted if adopted is not None else {"MES-SEC-01": ADOPTED}).items()
    }
    return classify(mes, SUD_KIVU.producer, answers, plans, as_of)


def check(mes: Standard, as_of: dt.date, *actions: TrackedAction, **kwargs: Any) -> DeadlineReport:
    return check_deadlines(mes, actions, latest(mes, as_of, **kwargs), as_of)


SECURITY = TrackedAction("MES-SEC-01", mandatory=True, due=DUE)


# --- mandatory: before, on and after the due date ------------------------------------------------


@pytest.mark.parametrize(
    ("as_of", "status", "days_left", "outcome"),
    [
        (dt.date(2026, 10, 15), Status.ON_TRACK, 47, ELIGIBLE_WITH_MITIGATION),
        (dt.date(2026, 10, 31), Status.ON_TRACK, 31, ELIGIBLE_WITH_MITIGATION),
        (dt.date(2026, 11, 1), Status.DUE_SOON, 30, ELIGIBLE_WITH_MITIGATION),  # the warning starts 30 days out
        (dt.date(2026, 11, 30), Status.DUE_SOON, 1, ELIGIBLE_WITH_MITIGATION),
        (dt.date(2026, 12, 1), Status.DUE_SOON, 0, ELIGIBLE_WITH_MITIGATION),  # the due day is still inside
        (dt.date(2026, 12, 2), Status.NOT_ELIGIBLE, -1, NOT_ELIGIBLE),  # the next day the window has passed
        (dt.date(2027, 3, 1), Status.NOT_ELIGIBLE, -90, NOT_ELIGIBLE),
    ],
)
def test_a_risk_to_mitigate_is_judged_against_its_window(
    mes: Standard, as_of: dt.date, status: DeadlineStatus, days_left: int, outcome: str
) -> None:
    report = check(mes, as_of, SECURITY)
    (result,) = report.checks
    assert (result.requirement_id, result.mandatory, result.due) == ("MES-SEC-01", True, DUE)
    assert (result.status, result.days_left) == (status, days_left)
    assert report.outcome == outcome
    assert report.changed is (status is Status.NOT_ELIGIBLE)
    assert report.as_of == as_of


def test_the_check_agrees_with_the_engine_on_the_last_day_of_the_window(mes: Standard) -> None:
    on_due_day = latest(mes, DUE).finding("MES-SEC-01")
    next_day = latest(mes, DUE + dt.timedelta(days=1)).finding("MES-SEC-01")
    assert (on_due_day.due, on_due_day.expired) == (DUE, False)
    assert (next_day.due, next_day.expired, next_day.escalation) == (DUE, True, ExpiryAction.DISENGAGE_IMMEDIATELY)


def test_the_same_plan_changes_status_as_the_days_go_by(mes: Standard) -> None:
    days = [dt.date(2026, 7, 1), dt.date(2026, 11, 15), DUE, dt.date(2026, 12, 2), dt.date(2027, 6, 1)]
    statuses = [check(mes, day, SECURITY).checks[0].status for day in days]
    assert statuses == [Status.ON_TRACK, Status.DUE_SOON, Status.DUE_SOON, Status.NOT_ELIGIBLE, Status.NOT_ELIGIBLE]


@pytest.mark.parametrize(
    ("adopted", "due"),
    [(dt.date(2027, 8, 31), dt.date(2028, 2, 29)), (dt.date(2026, 8, 31), dt.date(2027, 2, 28))],
)
def test_a_window_that_ends_in_february_ends_on_its_last_day(mes: Standard, adopted: dt.date, due: dt.date) -> None:
    assert due_date(Window.parse("P6M"), adopted) == due
    action = TrackedAction("MES-SEC-01", True, due)
    plan = {"MES-SEC-01": adopted}
    on_day = check(mes, due, action, adopted=plan).checks[0]
    after = check(mes, due + dt.timedelta(days=1), action, adopted=plan).checks[0]
    assert (on_day.status, on_day.days_left) == (Status.DUE_SOON, 0)
    assert (after.status, after.days_left, after.due) == (Status.NOT_ELIGIBLE, -1, due)


def test_the_reason_for_disengaging_names_the_requirement_the_date_and_the_consequence(mes: Standard) -> None:
    report = check(mes, dt.date(2026, 12, 2), SECURITY)
    assert report.reasons == (report.checks[0].reason,)
    reason = report.checks[0].reason
    assert reason["en"] == (
        "MES-SEC-01 (Public or private security forces): the window to mitigate ended on 2026-12-01 and the latest "
        "assessment still finds the risk; as the standard sets, the producer no longer meets the entry criteria."
    )
    assert reason["es"].startswith("MES-SEC-01 (Fuerza pública o seguridad privada): el plazo para mitigar terminó")
    assert "2026-12-01" in reason["fr"]
    assert "ne remplit plus les critères d'entrée" in reason["fr"]


# --- mandatory: resolved, reviewed, done, undated ---------------------------------------------------


def test_a_later_assessment_without_the_risk_resolves_the_deadline_even_after_it(mes: Standard) -> None:
    report = check(mes, dt.date(2027, 1, 15), SECURITY, security_illegal_conduct=False)
    (result,) = report.checks
    assert (result.status, result.days_left) == (Status.RESOLVED, -45)
    assert report.outcome == ELIGIBLE
    assert not report.changed
    assert result.reason["en"] == (
        "MES-SEC-01 (Public or private security forces): the latest assessment no longer finds a risk to "
        "mitigate; the deadline of 2026-12-01 no longer applies."
    )


def test_an_expired_window_with_review_keeps_the_outcome_and_asks_for_review(mes: Standard) -> None:
    child = TrackedAction("MES-CHILD-01", True, DUE)
    report = check(
        mes,
        dt.date(2026, 12, 2),
        child,
        adopted={"MES-CHILD-01": ADOPTED},
        security_illegal_conduct=False,
        underage_adjacent_tasks=True,
    )
    (result,) = report.checks
    assert result.status is Status.EXPIRED_REVIEW
    assert report.outcome == ELIGIBLE_WITH_MITIGATION
    assert not report.changed
    assert "the standard asks the partner to review the case" in result.reason["en"]
    assert "2026-12-01" in result.reason["en"]


@pytest.mark.parametrize(
    ("as_of", "status"),
    [(dt.date(2026, 11, 15), Status.DUE_SOON), (dt.date(2026, 12, 2), Status.NOT_ELIGIBLE)],
)
def test_marking_a_mandatory_action_done_does_not_stop_its_clock(
    mes: Standard, as_of: dt.date, status: DeadlineStatus
) -> None:
    done = TrackedAction("MES-SEC-01", True, DUE, done=True)
    assert check(mes, as_of, done).checks[0].status is status


def test_a_mandatory_action_without_a_date_takes_the_engines(mes: Standard) -> None:
    result = check(mes, dt.date(2026, 11, 15), TrackedAction("MES-SEC-01", True, None)).checks[0]
    assert (result.status, result.due, result.days_left) == (Status.DUE_SOON, DUE, 16)


def test_a_mandatory_action_before_adoption_has_no_deadline(mes: Standard) -> None:
    result = check(mes, dt.date(2026, 11, 15), TrackedAction("MES-SEC-01", True, None), adopted={}).checks[0]
    assert (result.status, result.due, result.days_left) == (Status.NO_DEADLINE, None, None)
    assert result.reason["en"] == "MES-SEC-01 (Public or private security forces): no deadline set yet."


def test_a_passed_date_the_engine_did_not_time_is_overdue_without_changing_the_outcome(mes: Standard) -> None:
    # Without the plan's date the engine cannot judge the window; the check still sees the date pass.
    report = check(mes, dt.date(2026, 12, 10), SECURITY, adopted={})
    (result,) = report.checks
    assert (result.status, result.days_left) == (Status.OVERDUE, -9)
    assert report.outcome == ELIGIBLE_WITH_MITIGATION
    assert not report.changed
    assert "9 days ago" in result.reason["en"]
    assert "hace 9 días" in result.reason["es"]
    assert "il y a 9 jours" in result.reason["fr"]


def test_an_unanswered_question_keeps_the_clock_running(mes: Standard) -> None:
    as_of = dt.date(2026, 11, 15)
    answers = {k: v for k, v in SUD_KIVU.answers.items() if k != "security_illegal_conduct"}
    undecided = classify(mes, SUD_KIVU.producer, answers, {"MES-SEC-01": PlanState(adopted_on=ADOPTED)}, as_of)
    assert not undecided.finding("MES-SEC-01").decided
    assert check_deadlines(mes, [SECURITY], undecided, as_of).checks[0].status is Status.DUE_SOON


def test_a_requirement_that_no_longer_applies_is_resolved(mes: Standard) -> None:
    result = latest(mes, dt.date(2027, 1, 15))
    assert "MES-UG-01" not in {f.requirement_id for f in result.findings}  # open pits: no underground rule
    report = check_deadlines(mes, [TrackedAction("MES-UG-01", True, DUE)], result, dt.date(2027, 1, 15))
    assert report.checks[0].status is Status.RESOLVED
    assert "no longer applies to the producer" in report.checks[0].reason["en"]


def test_a_producer_already_not_eligible_stays_so_without_a_change_from_the_check(mes: Standard) -> None:
    as_of = dt.date(2026, 11, 1)
    worse = latest(mes, as_of, u18_hazardous_work=True)
    assert worse.outcome == NOT_ELIGIBLE
    report = check_deadlines(mes, [SECURITY], worse, as_of)
    assert report.checks[0].status is Status.DUE_SOON
    assert (report.outcome, report.changed, report.reasons) == (NOT_ELIGIBLE, False, ())


# --- optional actions ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("action", "warn_days", "status", "days_left"),
    [
        (TrackedAction("MES-WATER-01", False, DUE, done=True), 30, Status.DONE, -14),
        (TrackedAction("MES-WATER-01", False, None, done=True), 30, Status.DONE, None),
        (TrackedAction("MES-WATER-01", False, None), 30, Status.NO_DEADLINE, None),
        (TrackedAction("MES-WATER-01", False, dt.date(2027, 1, 15)), 30, Status.ON_TRACK, 31),
        (TrackedAction("MES-WATER-01", False, dt.date(2027, 1, 14)), 30, Status.DUE_SOON, 30),
        (TrackedAction("MES-WATER-01", False, dt.date(2026, 12, 15)), 30, Status.DUE_SOON, 0),
        (TrackedAction("MES-WATER-01", False, dt.date(2026, 12, 14)), 30, Status.OVERDUE, -1),
        (TrackedAction("MES-WATER-01", False, dt.date(2026, 12, 16)), 0, Status.ON_TRACK, 1),
        (TrackedAction("MES-WATER-01", False, dt.date(2026, 12, 15)), 0, Status.DUE_SOON, 0),
        (TrackedAction("MES-WATER-01", False, dt.date(2026, 12, 22)), 7, Status.DUE_SOON, 7),
    ],
)
def test_optional_actions_follow_their_own_dates_and_never_change_the_outcome(
    mes: Standard, action: TrackedAction, warn_days: int, status: DeadlineStatus, days_left: int | None
) -> None:
    as_of = dt.date(2026, 12, 15)
    result = latest(mes, as_of, adopted={})
    report = check_deadlines(mes, [action], result, as_of, warn_days=warn_days)
    assert (report.checks[0].status, report.checks[0].days_left) == (status, days_left)
    assert (report.outcome, report.changed) == (result.outcome, False)


@pytest.mark.parametrize(
    ("action", "en"),
    [
        (
            TrackedAction("MES-WATER-01", False, dt.date(2027, 2, 1)),
            "MES-WATER-01 (Water management and discharges): due on 2027-02-01, 48 days left; on track.",
        ),
        (
            TrackedAction("MES-WATER-01", False, dt.date(2026, 12, 16)),
            "MES-WATER-01 (Water management and discharges): due on 2026-12-16, 1 day left; the deadline is close.",
        ),
        (
            TrackedAction("MES-WATER-01", False, dt.date(2026, 12, 15)),
            "MES-WATER-01 (Water management and discharges): due on 2026-12-15, that is today; the deadline is close.",
        ),
        (
            TrackedAction("MES-WATER-01", False, dt.date(2026, 12, 14)),
            "MES-WATER-01 (Water management and discharges): was due on 2026-12-14 (1 day ago) and is not done "
            "yet; this does not change the result, agree a new date with your partner.",
        ),
        (
            TrackedAction("MES-WATER-01", False, dt.date(2026, 12, 1), done=True),
            "MES-WATER-01 (Water management and discharges): marked done (it was due on 2026-12-01).",
        ),
        (
            TrackedAction("MES-WATER-01", False, None, done=True),
            "MES-WATER-01 (Water management and discharges): marked done.",
        ),
    ],
)
def test_reasons_say_where_an_optional_action_stands(mes: Standard, action: TrackedAction, en: str) -> None:
    as_of = dt.date(2026, 12, 15)
    result = check_deadlines(mes, [action], latest(mes, as_of, adopted={}), as_of).checks[0]
    assert result.reason["en"] == en


def test_every_reason_is_written_in_english_spanish_and_french(mes: Standard) -> None:
    as_of = dt.date(2026, 12, 2)
    actions = [
        SECURITY,
        TrackedAction("MES-WATER-01", False, dt.date(2026, 12, 20)),
        TrackedAction("MES-HS-02", False, dt.date(2026, 11, 20)),
        TrackedAction("MES-ORG-01", False, None),
        TrackedAction("MES-TRACE-01", False, dt.date(2027, 6, 1)),
        TrackedAction("MES-REHAB-01", False, None, done=True),
    ]
    report = check(mes, as_of, *actions)
    assert [c.requirement_id for c in report.checks] == [a.requirement_id for a in actions]  # given order
    assert len({c.status for c in report.checks}) == len(actions)
    for result in report.checks:
        assert set(result.reason) == set(LANGUAGES)
        for text in result.reason.values():
            assert text.startswith(f"{result.requirement_id} (")
            if result.due is not None:
                assert result.due.isoformat() in text


# --- time zones -------------------------------------------------------------------------------------

INSTANT = dt.datetime(2027, 3, 1, 3, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("zone", "day"),
    [
        ("America/Bogota", dt.date(2027, 2, 28)),
        ("Africa/Lubumbashi", dt.date(2027, 3, 1)),
        ("UTC", dt.date(2027, 3, 1)),
    ],
)
def test_the_local_date_depends_on_the_producers_time_zone(zone: str, day: dt.date) -> None:
    assert local_date(INSTANT, zone) == day


@pytest.mark.parametrize(
    ("zone", "status"), [("America/Bogota", Status.DUE_SOON), ("Africa/Lubumbashi", Status.OVERDUE)]
)
def test_a_deadline_is_not_overdue_while_it_is_still_the_due_day_where_the_producer_is(
    mes: Standard, zone: str, status: DeadlineStatus
) -> None:
    as_of = local_date(INSTANT, zone)
    action = TrackedAction("MES-WATER-01", False, dt.date(2027, 2, 28))
    assert check_deadlines(mes, [action], latest(mes, as_of, adopted={}), as_of).checks[0].status is status


@pytest.mark.parametrize(
    ("zone", "status"), [("America/Bogota", Status.DUE_SOON), ("Africa/Lubumbashi", Status.NOT_ELIGIBLE)]
)
def test_a_window_ends_at_midnight_where_the_producer_is(mes: Standard, zone: str, status: DeadlineStatus) -> None:
    as_of = local_date(INSTANT, zone)
    action = TrackedAction("MES-SEC-01", True, dt.date(2027, 2, 28))
    assert check(mes, as_of, action, adopted={"MES-SEC-01": dt.date(2026, 8, 31)}).checks[0].status is status


def test_a_naive_moment_is_refused() -> None:
    with pytest.raises(ValueError, match="no time zone"):
        local_date(dt.datetime(2027, 3, 1, 3, 0), "America/Bogota")


@pytest.mark.parametrize("zone", ["Mars/Olympus_Mons", "", "../etc/passwd", "America"])
def test_an_unknown_time_zone_is_refused_by_name(zone: str) -> None:
    with pytest.raises(ValueError, match=f"unknown time zone '{zone}'"):
        local_date(INSTANT, zone)


# --- errors -----------------------------------------------------------------------------------------


def test_an_unknown_requirement_is_refused_by_name(mes: Standard) -> None:
    with pytest.raises(ValueError, match=r"'MES-NOPE-01' is not in mes@1\.0"):
        check(mes, DUE, TrackedAction("MES-NOPE-01", False, None))


def test_a_negative_warning_period_is_refused(mes: Standard) -> None:
    with pytest.raises(ValueError, match="warn_days"):
        check_deadlines(mes, [SECURITY], latest(mes, DUE), DUE, warn_days=-1)


# --- properties -------------------------------------------------------------------------------------

DAYS = st.dates(dt.date(2026, 1, 1), dt.date(2029, 12, 31))


@settings(max_examples=40, deadline=None)
@given(adopted=DAYS, offset=st.integers(-400, 400))
def test_the_check_and_the_engine_agree_on_every_day_around_a_window(
    mes: Standard, adopted: dt.date, offset: int
) -> None:
    due = due_date(Window.parse("P6M"), adopted)
    as_of = due + dt.timedelta(days=offset)
    result = latest(mes, as_of, adopted={"MES-SEC-01": adopted})
    report = check_deadlines(mes, [TrackedAction("MES-SEC-01", True, due)], result, as_of)
    (checked,) = report.checks
    assert checked.days_left == -offset
    finding = result.finding("MES-SEC-01")
    assert finding.due == due
    if offset > 0:
        assert finding.action is Action.DISENGAGE_IMMEDIATELY
        assert checked.status is Status.NOT_ELIGIBLE
        assert report.outcome == NOT_ELIGIBLE
    else:
        assert not finding.expired
        assert checked.status is (Status.DUE_SOON if -offset <= 30 else Status.ON_TRACK)
        assert report.outcome == ELIGIBLE_WITH_MITIGATION


@settings(max_examples=60, deadline=None)
@given(due=st.none() | DAYS, as_of=DAYS, done=st.booleans(), warn_days=st.integers(0, 90))
def test_an_optional_status_follows_only_its_own_date(
    mes: Standard, due: dt.date | None, as_of: dt.date, done: bool, warn_days: int
) -> None:
    result = latest(mes, dt.date(2026, 10, 15), adopted={})
    report = check_deadlines(mes, [TrackedAction("MES-WATER-01", False, due, done)], result, as_of, warn_days)
    (checked,) = report.checks
    days_left = None if due is None else (due - as_of).days
    assert checked.days_left == days_left
    if done:
        expected = Status.DONE
    elif days_left is None:
        expected = Status.NO_DEADLINE
    elif days_left < 0:
        expected = Status.OVERDUE
    elif days_left <= warn_days:
        expected = Status.DUE_SOON
    else:
        expected = Status.ON_TRACK
    assert checked.status is expected
    assert report.outcome == result.outcome
