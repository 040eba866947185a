"""Producer lists: the producers an actor works with, by name and country, each with its public
fields through the reader's lens (a page of the list, and the API's list).

Which producers: the actor's own, those that authorised it to assess them (not revoked), and
those that granted it access (not revoked, not ended) — ``access.accessible_producers``. A
producer listed in the public directory is on the directory's page, not here.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, NamedTuple

from django.db import connection
from django.db.models import QuerySet

from passport.accounts.access import Actor, require_scope
from passport.accounts.models import Organisation, OrganisationKind
from passport.sharing.models import FieldSetting, Grant
from passport.sharing.policy import Lens, lens_from_rows

from .access import accessible_producers
from .fields import PUBLIC_KEYS
from .models import AssessorAuthorisation, Producer
from .services import PRODUCERS_PER_PAGE, READ


def search_producers(*, actor: Actor, query: str = "", country: str = "") -> QuerySet[Producer]:
    """The producers the actor works with (see the module docstring), by name and country, in name order."""
    require_scope(actor, READ)
    # Every producer's organisation is of kind producer; saying so lets the (kind, name) index
    # give the rows in name order.
    found = accessible_producers(actor).filter(organisation__kind=OrganisationKind.PRODUCER)
    found = found.select_related("organisation")
    if query.strip():
        found = found.filter(organisation__name__icontains=query.strip())
    if country.strip():
        found = found.filter(country=country.strip().upper())
    return found.order_by("organisation__name", "id")


class ProducerRow(NamedTuple):
    """What a producer list shows of each producer: its public fields, ``None`` where the
    producer tightened one the reader may not see (``withheld`` then says why)."""

    uuid: uuid.UUID
    name: str | None
    commodities: list[str] | None
    country: str | None
    subdivision: str | None
    municipality: str | None
    withheld: dict[str, str]


@dataclass(frozen=True)
class ProducerPage:
    """One page of a producer list. No total: counting every visible producer costs more than
    the page itself when a facilitator sees thousands, and "next" is all a list needs."""

    object_list: list[ProducerRow]
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def previous_page_number(self) -> int:
        return self.number - 1


def list_producers(*, actor: Actor, query: str = "", country: str = "", page: object = 1) -> ProducerPage:
    """One page (of ``PRODUCERS_PER_PAGE``) of ``search_producers``, by name; a bad page number
    gives the first.

    The same rows as ``search_producers`` (a test compares the two on both databases), fetched
    with one plain SQL statement: this is the page facilitators open most, and building the ORM
    query cost more than running it."""
    require_scope(actor, READ)
    try:
        number = max(1, int(str(page)))
    except ValueError:
        number = 1
    if actor.organisation is None:
        return ProducerPage([], number, has_next=False)
    sql, params = _visible_producers_sql(actor.organisation.pk, query.strip(), country.strip().upper())
    params += [PRODUCERS_PER_PAGE + 1, (number - 1) * PRODUCERS_PER_PAGE]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = cursor.fetchall()
    has_next = len(found) > PRODUCERS_PER_PAGE
    found = found[:PRODUCERS_PER_PAGE]
    lenses = _public_lenses(actor, [row[0] for row in found])
    rows = []
    for pk, u, name, commodities, *where in found:
        values = {
            "uuid": u if isinstance(u, uuid.UUID) else uuid.UUID(u),
            "name": name,
            "commodities": json.loads(commodities) if isinstance(commodities, str) else commodities,
            "country": where[0],
            "subdivision": where[1],
            "municipality": where[2],
        }
        row = _public_row(values, lenses.get(pk), query=query.strip(), country=country.strip())
        if row is not None:
            rows.append(row)
    return ProducerPage(rows, number, has_next=has_next)


def producer_rows(
    *, actor: Actor, producers: Iterable[Producer], query: str = "", country: str = ""
) -> list[ProducerRow]:
    """``producers`` (from ``search_producers`` with the same ``query`` and ``country``) as a list
    shows them, each public field through the reader's lens."""
    require_scope(actor, READ)
    chosen = list(producers)
    lenses = _public_lenses(actor, [p.pk for p in chosen])
    rows = []
    for p in chosen:
        values = {
            "uuid": p.uuid,
            "name": p.organisation.name,
            "commodities": list(p.commodities),
            "country": p.country,
            "subdivision": p.subdivision,
            "municipality": p.municipality,
        }
        row = _public_row(values, lenses.get(p.pk), query=query.strip(), country=country.strip())
        if row is not None:
            rows.append(row)
    return rows


_PUBLIC_VALUES = {
    "producer.name": ("name",),
    "producer.commodities": ("commodities",),
    "producer.region": ("country", "subdivision", "municipality"),
}


def _public_lenses(actor: Actor, producer_ids: list[int]) -> dict[int, Lens]:
    """Lenses for those of the producers that tightened one of their public fields. The others'
    public fields are shown to every reader — the policy shows a public field to every audience —
    so they need none.

    Built in bulk, as ``lens_for`` would build each (a test compares the two): four queries
    whatever the page's length — the page's tightened fields, those producers, the reader's
    organisation's grants on them and, for a facilitator, its authorisations by them."""
    if not producer_ids:
        return {}
    settings: dict[int, dict[str, str]] = {}
    for producer_id, key, sensitivity in FieldSetting.objects.filter(producer_id__in=producer_ids).values_list(
        "producer_id", "key", "sensitivity"
    ):
        settings.setdefault(producer_id, {})[key] = sensitivity
    ids = [pk for pk, chosen in settings.items() if not chosen.keys().isdisjoint(PUBLIC_KEYS)]
    if not ids:
        return {}
    producers = list(Producer.objects.select_related("organisation").filter(pk__in=ids))
    organisation = actor.organisation
    grants: dict[int, list[Grant]] = {}
    facilitating: set[int] = set()
    if organisation is not None:
        for row in Grant.objects.filter(producer_id__in=ids, organisation=organisation).order_by("granted_on", "id"):
            grants.setdefault(row.producer_id, []).append(row)
        if organisation.kind == OrganisationKind.FACILITATOR:
            facilitating = set(
                AssessorAuthorisation.objects.filter(
                    producer_id__in=ids, organisation=organisation, revoked_at__isnull=True
                ).values_list("producer_id", flat=True)
            )
    return {
        p.pk: lens_from_rows(
            p,
            organisation,
            own=organisation is not None and p.organisation_id == organisation.pk,
            facilitator=p.pk in facilitating,
            grant_rows=grants.get(p.pk, []),
            settings=settings[p.pk],
        )
        for p in producers
    }


def _public_row(values: dict[str, Any], lens: Lens | None, *, query: str, country: str) -> ProducerRow | None:
    """One list row, with the public fields the lens withholds set to None; None for a row the
    reader found by a value it may not see (a search by name must not confirm a withheld name)."""
    withheld: dict[str, str] = {}
    if lens is not None:
        for key, names in _PUBLIC_VALUES.items():
            if not lens.shows(key):
                withheld[key] = lens.reason(key)
                values.update(dict.fromkeys(names))
    if (query and "producer.name" in withheld) or (country and "producer.region" in withheld):
        return None
    return ProducerRow(**values, withheld=withheld)


def _visible_producers_sql(organisation_id: int, query: str, country: str) -> tuple[str, list[object]]:
    """``accessible_producers`` in plain SQL: producers whose organisation is ``organisation_id``,
    that authorised it (not revoked) or that granted it access (not revoked, not ended),
    optionally by name (case-insensitive, contains) and country; ordered by name then id."""
    grant = Grant._meta.db_table
    sql = [
        "SELECT p.id, p.uuid, o.name, p.commodities, p.country, p.subdivision, p.municipality",
        f"FROM {Producer._meta.db_table} p JOIN {Organisation._meta.db_table} o ON o.id = p.organisation_id",
        "WHERE o.kind = %s AND (p.organisation_id = %s OR EXISTS (",
        f"  SELECT 1 FROM {AssessorAuthorisation._meta.db_table} a",  # noqa: S608 - our table name
        "  WHERE a.producer_id = p.id AND a.organisation_id = %s AND a.revoked_at IS NULL)",
        f"  OR EXISTS (SELECT 1 FROM {grant} g WHERE g.producer_id = p.id AND g.organisation_id = %s",  # noqa: S608
        "  AND g.revoked_on IS NULL AND (g.until IS NULL OR g.until >= %s)))",
    ]
    # The same leeway as ``accessible_producers``: a grant that ended yesterday on the server may
    # still run today where the producer works.
    ended_before = dt.date.today() - dt.timedelta(days=1)
    params: list[object] = [OrganisationKind.PRODUCER.value, organisation_id, organisation_id, organisation_id]
    params.append(ended_before)
    if query:
        escaped = query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        sql.append("AND UPPER(o.name) LIKE UPPER(%s) ESCAPE '\\'")
        params.append(f"%{escaped}%")
    if country:
        sql.append("AND p.country = %s")
        params.append(country)
    sql.append("ORDER BY o.name, p.id LIMIT %s OFFSET %s")
    return "\n".join(sql), params  # the table names are our own models'; every value is a parameter
