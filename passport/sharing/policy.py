"""The one sharing policy, as pages, the API and exports ask it: a ``Lens`` is what one viewer sees
of one producer, for one purpose, on the producer's local day.

Every read path that shows a producer's data builds a lens (``lens_for``) and asks it, field by
field (``lens.decision("titles")``, ``lens.answer(indicator)``); no view filters data on its own.
The decisions come from the pure policy in ``passport.engine.sharing`` (decision 0015); this
module only turns database rows into its inputs (decision 0016):

- the viewer's organisation's grants on the producer (one query);
- the producer's tightened fields (one query);
- whether the viewer acts for the producer (``Access.OWN``) or is its authorised facilitator
  (an active assessor authorisation of a facilitator, ``Access.ASSESSOR``).

A withheld field is shown as withheld with the decision's reason, never left out and never as
"no" (``templates/sharing/withheld.html``). A lens also writes the access log: ``lens.log``
records that someone outside the producer saw data that is not public, naming the grant.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.utils.translation import get_language

from passport.accounts.access import Actor
from passport.accounts.models import Organisation, OrganisationKind
from passport.audit.services import record_view
from passport.engine import (
    PLATFORM_FIELDS,
    Audience,
    Decision,
    FieldRule,
    Purpose,
    Viewer,
    audience_of,
    decide,
    tightened,
)
from passport.engine import Grant as PolicyGrant
from passport.engine.schema import Visibility
from passport.producers.access import Access, access_to
from passport.producers.clock import local_today
from passport.producers.models import Producer

from .models import FieldSetting, Grant

# What an organisation of each kind usually looks for; a viewer whose grants cover another
# purpose looks for that one instead (``_purpose_for``).
DEFAULT_PURPOSE: Mapping[str, Purpose] = {
    OrganisationKind.BUYER: Purpose.DUE_DILIGENCE,
    OrganisationKind.VERIFIER: Purpose.VERIFICATION,
    OrganisationKind.FACILITATOR: Purpose.SUPPORT,
    OrganisationKind.AUTHORITY: Purpose.STATISTICS,
}

INSIDE = frozenset({Audience.PRODUCER, Audience.FACILITATOR})
_STRENGTH = {
    Audience.PRODUCER: 6,
    Audience.FACILITATOR: 5,
    Audience.ACTUAL_PARTNER: 4,
    Audience.VERIFIER: 3,
    Audience.PROSPECTIVE_PARTNER: 2,
    Audience.AUTHORITY: 1,
    Audience.PUBLIC: 0,
}


@dataclass(frozen=True)
class Lens:
    """What one viewer sees of one producer. Build it with ``lens_for`` or ``preview_lens``."""

    producer: Producer
    organisation: Organisation | None
    """The viewer's organisation (``None``: an anonymous visitor)."""
    viewer: Viewer
    purpose: Purpose
    day: dt.date
    grants: tuple[PolicyGrant, ...]
    grant_rows: tuple[Grant, ...]
    settings: Mapping[str, str]
    """The producer's tightened fields: key → sensitivity."""
    preview: bool = False
    """The producer looks at its own data as ``organisation`` would: nothing is logged."""
    _cache: dict[str, Decision] = field(default_factory=dict, compare=False, repr=False)

    # --- Asking ------------------------------------------------------------------------------

    def rule(self, key: str) -> FieldRule:
        """The platform field ``key`` with the producer's tightening (KeyError for an unknown key)."""
        return tightened(PLATFORM_FIELDS[key], self.settings.get(key))

    def decision(self, key: str) -> Decision:
        """Whether the viewer sees the platform field ``key``, and why."""
        if key not in self._cache:
            self._cache[key] = decide(self.viewer, self.rule(key), self.grants, self.purpose, self.day)
        return self._cache[key]

    def shows(self, key: str) -> bool:
        return self.decision(key).visible

    def answer(self, indicator_id: str, visibility: Visibility | str) -> Decision:
        """An answer to one indicator: the indicator's sensitivity from the standard file,
        tightened by the producer's setting for ``assessment.answers`` if it made one."""
        cache_key = f"answers.{indicator_id}"
        if cache_key not in self._cache:
            rule = tightened(FieldRule(cache_key, visibility), self.settings.get("assessment.answers"))
            self._cache[cache_key] = decide(self.viewer, rule, self.grants, self.purpose, self.day)
        return self._cache[cache_key]

    @property
    def audience(self) -> Audience:
        # Any public field gives the audience without a second look at the grants.
        return self.decision("producer.name").audience

    @property
    def inside(self) -> bool:
        """The producer's own people or its authorised facilitator: they see everything."""
        return self.audience in INSIDE

    @property
    def grant(self) -> Grant | None:
        """The grant row the viewer sees through (``None`` inside the producer and for the public)."""
        used = self.decision("producer.name").grant
        if used is None:
            return None
        for row in self.grant_rows:
            if _policy_grant(row, used.organisation) == used:
                return row
        return None

    def reason(self, key: str) -> str:
        """``decision(key)``'s reason in the active language (English if it has none)."""
        return reason_text(self.decision(key))

    # --- The access log ----------------------------------------------------------------------

    def log(
        self,
        actor: Actor,
        *,
        object_type: str,
        object_id: object,
        what: Iterable[str],
        extra: Mapping[str, object] | None = None,
    ) -> None:
        """Someone outside the producer saw data that is not public (``what``: the field keys or
        ``answers.<indicator>`` shown): one audit entry the producer reads in its access log,
        naming the grant, the audience and the purpose. Nothing is logged for the producer's own
        people, for a preview, or when only public fields were shown."""
        shown = sorted({key for key in what if key})
        if self.audience is Audience.PRODUCER or self.preview or not shown:
            return
        grant = self.grant
        record_view(
            actor=actor,
            producer=self.producer.uuid,
            object_type=object_type,
            object_id=object_id,
            detail={
                "audience": self.audience.value,
                "purpose": self.purpose.value,
                "grant": str(grant.uuid) if grant is not None else None,
                "what": shown,
                **(extra or {}),
            },
        )

    def shown_keys(self, keys: Iterable[str]) -> list[str]:
        """Those of ``keys`` (platform fields) the viewer sees and that are not public: what a
        page that showed them passes to ``log``."""
        return [k for k in keys if self.shows(k) and self.rule(k).sensitivity is not Visibility.PUBLIC]


def reason_text(decision: Decision) -> str:
    language = (get_language() or "en")[:2]
    return decision.reason.get(language) or decision.reason["en"]


# --- Building a lens ---------------------------------------------------------------------------


def _policy_grant(row: Grant, organisation: str) -> PolicyGrant:
    return PolicyGrant(
        organisation=organisation,
        audience=Audience(row.audience),
        purposes=frozenset(Purpose(p) for p in row.purposes),
        granted_on=row.granted_on,
        until=row.until,
        revoked_on=row.revoked_on,
    )


def _settings(producer: Producer) -> dict[str, str]:
    return dict(FieldSetting.objects.filter(producer=producer).values_list("key", "sensitivity"))


def _grant_rows(producer: Producer, organisation: Organisation | None) -> tuple[Grant, ...]:
    if organisation is None:
        return ()
    return tuple(Grant.objects.filter(producer=producer, organisation=organisation).order_by("granted_on", "id"))


def _purpose_for(
    viewer: Viewer, kind: str | None, grants: tuple[PolicyGrant, ...], day: dt.date, wanted: Purpose | str | None
) -> Purpose:
    """The purpose asked for, if any; otherwise the one that lets the viewer see most: its
    organisation's usual purpose (a buyer's due diligence) unless another of its active grants
    gives a stronger audience."""
    if wanted:
        return Purpose(wanted)
    usual = DEFAULT_PURPOSE.get(kind or "", Purpose.DUE_DILIGENCE)
    candidates = [usual, *(p for p in Purpose if p is not usual)]
    return max(candidates, key=lambda p: (_STRENGTH[audience_of(viewer, grants, day, p)[0]], p is usual))


def lens_from_rows(
    producer: Producer,
    organisation: Organisation | None,
    *,
    own: bool,
    facilitator: bool,
    grant_rows: Iterable[Grant],
    settings: Mapping[str, str],
    purpose: Purpose | str | None = None,
    day: dt.date | None = None,
    preview: bool = False,
) -> Lens:
    """A lens from rows the caller already loaded (the organisation's grants on this producer, the
    producer's tightened fields), with no query: for lists that load them for a whole page at once.
    ``lens_for`` is this with its own queries."""
    name = organisation.name if organisation is not None else None
    viewer = Viewer(name, own=own, authorised_facilitator=facilitator and not own)
    inside = own or facilitator  # they see everything: grants and tightened fields do not matter
    rows = () if inside else tuple(grant_rows)
    grants = tuple(_policy_grant(row, name or "") for row in rows)
    today = day or local_today(producer)
    kind = organisation.kind if organisation is not None else None
    return Lens(
        producer=producer,
        organisation=organisation,
        viewer=viewer,
        purpose=_purpose_for(viewer, kind, grants, today, purpose),
        day=today,
        grants=grants,
        grant_rows=rows,
        settings={} if inside else dict(settings),
        preview=preview,
    )


def _lens(
    producer: Producer,
    organisation: Organisation | None,
    *,
    own: bool,
    facilitator: bool,
    purpose: Purpose | str | None,
    day: dt.date | None,
    preview: bool = False,
) -> Lens:
    # The producer's people and its facilitator see everything whatever the grants and the
    # tightened fields say: no query for either (most page views are theirs).
    inside = own or facilitator
    return lens_from_rows(
        producer,
        organisation,
        own=own,
        facilitator=facilitator,
        grant_rows=() if inside else _grant_rows(producer, organisation),
        settings={} if inside else _settings(producer),
        purpose=purpose,
        day=day,
        preview=preview,
    )


def lens_for(
    actor: Actor,
    producer: Producer,
    access: Access | None = None,
    *,
    purpose: Purpose | str | None = None,
    day: dt.date | None = None,
) -> Lens:
    """What ``actor`` sees of ``producer``. Pass ``access`` when already known (saves a query);
    ``purpose`` when the viewer said why it looks (otherwise ``_purpose_for`` picks); ``day``
    defaults to the producer's local date. Two or three queries."""
    if access is None:
        access = access_to(actor, producer)
    organisation = actor.organisation
    own = access is Access.OWN
    facilitator = (
        access is Access.ASSESSOR and organisation is not None and organisation.kind == OrganisationKind.FACILITATOR
    )
    return _lens(producer, organisation, own=own, facilitator=facilitator, purpose=purpose, day=day)


def preview_lens(
    producer: Producer, organisation: Organisation | None, *, purpose: Purpose | str | None = None
) -> Lens:
    """The producer's data as ``organisation`` sees it today (``None``: as the public sees it),
    for the producer's own preview; nothing it shows is logged."""
    facilitator = False
    if organisation is not None:
        facilitator = (
            organisation.kind == OrganisationKind.FACILITATOR
            and producer.authorisations.filter(organisation=organisation, revoked_at__isnull=True).exists()
        )
    return _lens(producer, organisation, own=False, facilitator=facilitator, purpose=purpose, day=None, preview=True)


def anonymous_lens(producer: Producer) -> Lens:
    """What a visitor who is not signed in sees: the public fields."""
    return _lens(producer, None, own=False, facilitator=False, purpose=None, day=None)


def withheld_map(lens: Lens, keys: Iterable[str]) -> dict[str, str]:
    """For API responses: ``{key: reason}`` for each of ``keys`` (platform fields) the viewer does
    not see, so a client tells "not shared" (the value is null and the key is here) from "none"."""
    return {k: lens.reason(k) for k in keys if not lens.shows(k)}
