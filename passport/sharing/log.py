"""The producer's access log: who outside it saw its data that is not public, read back from the
audit entries ``Lens.log`` writes (``view.confidential``). Only the producer's own people read it
(any role); anyone else gets ``NotFound`` or ``NotAllowed`` as for the sharing page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy

from passport.accounts.access import Actor, NotFound, uuid_or_not_found
from passport.accounts.models import Organisation, User
from passport.audit.models import AuditEntry
from passport.audit.services import VIEW_CONFIDENTIAL
from passport.producers.models import Producer

from .models import Grant
from .services import FIELD_LABELS, _own

LOG_PAGE = 100
ANSWERS_LABEL = gettext_lazy("Answers")


@dataclass(frozen=True)
class LogEntry:
    id: int
    at: dt.datetime
    who: str
    organisation: str
    what: list[str]
    object_type: str
    object_id: str
    audience: str | None
    purpose: str | None
    grant: str | None
    grant_on: dt.date | None
    """The day the grant named was given (None: no grant, or not one of this producer's)."""
    basis: str | None = None
    """Why the reader saw it without a grant: ``conducting_organisation`` (an assessment it
    conducts), ``plan_partner`` / ``plan_facilitator`` (a plan it is party to)."""


def access_log(
    *, actor: Actor, producer_uuid: object, before: int | None = None, limit: int = LOG_PAGE
) -> tuple[Producer, list[LogEntry], int | None]:
    """Who outside the producer saw its data that is not public, newest first, a page at a time
    (``before``: the id to continue from). Returns the next page's ``before`` (None at the end).
    Four queries whatever the page's length."""
    producer = _own(actor, producer_uuid)
    rows = AuditEntry.objects.filter(producer=producer.uuid, action=VIEW_CONFIDENTIAL).order_by("-id")
    if before is not None:
        rows = rows.filter(id__lt=before)
    page = list(rows[: limit + 1])
    shown = page[:limit]
    names = dict(
        Organisation.objects.filter(uuid__in={r.organisation for r in shown if r.organisation}).values_list(
            "uuid", "name"
        )
    )
    people = dict(
        User.objects.filter(uuid__in={r.actor_user for r in shown if r.actor_user}).values_list("uuid", "name")
    )
    grant_ids = {str(r.detail.get("grant")) for r in shown if r.detail.get("grant")}
    grant_days = {
        str(u): d
        for u, d in Grant.objects.filter(producer=producer, uuid__in=_uuids(grant_ids)).values_list(
            "uuid", "granted_on"
        )
    }
    entries = [
        LogEntry(
            id=r.pk,
            at=r.at,
            who=people.get(r.actor_user) or r.actor_label,
            organisation=names.get(r.organisation, "") if r.organisation else "",
            what=_what(r.detail),
            object_type=r.object_type,
            object_id=r.object_id,
            audience=_text(r.detail.get("audience")),
            purpose=_text(r.detail.get("purpose")),
            grant=_text(r.detail.get("grant")),
            grant_on=grant_days.get(str(r.detail.get("grant"))),
            basis=_text(r.detail.get("basis")),
        )
        for r in shown
    ]
    more = shown[-1].pk if len(page) > limit else None
    return producer, entries, more


BASES = {
    "conducting_organisation": gettext_lazy("as the organisation conducting the assessment"),
    "plan_partner": gettext_lazy("as the plan's partner"),
    "plan_facilitator": gettext_lazy("as your facilitator, on a plan"),
}


def _uuids(values: Iterable[str]) -> list[str]:
    """The well-formed uuids among ``values`` (an entry's detail is data, not a promise)."""
    found = []
    for value in values:
        try:
            found.append(str(uuid_or_not_found(value)))
        except NotFound:
            continue
    return found


def _text(value: object) -> str | None:
    return str(value) if value else None


def _what(detail: dict[str, object]) -> list[str]:
    """Older entries name one thing as text; newer ones list the fields shown."""
    value = detail.get("what")
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value] if isinstance(value, list) else []


def what_labels(keys: Iterable[str]) -> list[str]:
    """An access-log entry's ``what`` in words: each platform field by its label, every answer
    (``answers.<indicator>``, ``assessment.answers``) as one "Answers"; older free text as it is."""
    labels: list[str] = []
    for key in keys:
        if key == "assessment.answers" or key.startswith("answers."):
            label = str(ANSWERS_LABEL)
        else:
            label = str(FIELD_LABELS.get(key, key))
        if label not in labels:
            labels.append(label)
    return labels
