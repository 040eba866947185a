"""Plan use cases: draft from a result, sequence, edit, comment, sign, adopt and revise.

This module is the one place callers import them from (``from passport.plans import services``);
each lives in the module named after what it does:

- ``drafting``: ``draft_options``, ``draft_plan``, ``classification_of``;
- ``reading``: ``get_plan``, ``get_version``, ``list_plans``, ``adopted_actions``;
- ``editing``: ``change_strategy``, ``update_action``, ``mark_priority``;
- ``comments``: ``add_comment``;
- ``signing``: ``sign``, ``revise``;
- ``versions``: what every change shares (the draft version it locks, the published standard,
  the engine's order, what an edit does to the revision and the signatures); ``access``: who
  reads a plan and what each reader may do.

Who may do what (see docs/plans.md and decision 0012):

- reading needs a seat at the plan (``access.plan_for``): a party — the producer's own people,
  the partner while the producer still authorises it, the producer's authorised facilitator —
  or a read-only reader whose sharing lens shows ``plans`` (an actual partner or a verifier with
  an active grant); everyone else gets ``NotFound``. Every read by someone outside the producer
  writes one access-log entry (``view.confidential``, through the lens);
- drafting needs owner or manager of the producer, or of a facilitator it authorises (acting
  with it); the partner must be a buyer or facilitator the producer authorises;
- on a draft version: the producer (member and up) and the partner (member and up) edit actions;
  the producer (owner, manager) chooses the strategy; the partner (member and up) marks
  priorities. Any such edit moves the version to its next revision and removes its signatures;
- every party, from member up, comments and proposes changes (viewers and read-only readers
  read only: ``NotAllowed`` for any change);
- the producer's owner or manager signs for the producer, the partner's owner or manager for the
  partner, each at the revision it read (a stale one is refused); the second signature adopts
  the version;
- an adopted version never changes: ``revise`` copies it into the next draft version;
- a plan is read and changed with the published standard its result was made with, and refused
  when that file no longer holds the bytes it was published with.

Members' names (action owners) are personal data: the lens shows ``members.personal`` to the
producer's own people and its authorised facilitator only; a buyer partner sees that an action
has an owner, and the owner's name as withheld. API tokens act as members and need
``plans:read`` / ``plans:write``.
"""

from __future__ import annotations

from .access import READ, WRITE, PlanRole, Seat, plan_for
from .comments import add_comment
from .drafting import DISENGAGE, PARTNER_KINDS, DraftOptions, classification_of, draft_options, draft_plan
from .editing import action_for_editing, change_strategy, mark_priority, owner_choices, update_action
from .reading import (
    COMMENTS_SHOWN,
    PlanList,
    PlanSummary,
    PlanView,
    adopted_actions,
    get_plan,
    get_version,
    list_plans,
    requirement_titles,
)
from .signing import StaleRevision, revise, sign
from .versions import MAX_TEXT, StandardUnusable, local_day, plan_standard, published_standard

__all__ = [
    "COMMENTS_SHOWN",
    "DISENGAGE",
    "MAX_TEXT",
    "PARTNER_KINDS",
    "READ",
    "WRITE",
    "DraftOptions",
    "PlanList",
    "PlanRole",
    "PlanSummary",
    "PlanView",
    "Seat",
    "StaleRevision",
    "StandardUnusable",
    "action_for_editing",
    "add_comment",
    "adopted_actions",
    "change_strategy",
    "classification_of",
    "draft_options",
    "draft_plan",
    "get_plan",
    "get_version",
    "list_plans",
    "local_day",
    "mark_priority",
    "owner_choices",
    "plan_for",
    "plan_standard",
    "published_standard",
    "requirement_titles",
    "revise",
    "sign",
    "update_action",
]
