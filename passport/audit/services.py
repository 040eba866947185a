"""Writing and verifying the audit log.

Each entry's hash covers its own content and the previous entry's hash (SHA-256 over a
canonical JSON encoding), so changing, removing or reordering any entry breaks every hash
after it. The chain stays one line because ``previous_hash`` is unique: of two appends that
read the same last entry, one is refused and tries again. Inside a caller's transaction,
appends also queue on an advisory lock (PostgreSQL) or the write lock SQLite's IMMEDIATE
transactions take at BEGIN, so they seldom need to.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from passport.accounts.access import Actor

from .models import AuditEntry

GENESIS = "0" * 64
_LOCK_KEY = 0x70617373  # "pass": the advisory-lock id for appends on PostgreSQL


def _canonical(entry: dict[str, Any]) -> bytes:
    return json.dumps(entry, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str).encode()


def entry_hash(
    *,
    previous_hash: str,
    at: dt.datetime,
    actor_user: str | None,
    actor_label: str,
    organisation: str | None,
    ip: str | None,
    action: str,
    object_type: str,
    object_id: str,
    producer: str | None,
    detail: dict[str, Any],
) -> str:
    body = {
        "previous_hash": previous_hash,
        "at": at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
        "actor_user": actor_user,
        "actor_label": actor_label,
        "organisation": organisation,
        "ip": ip,
        "action": action,
        "object_type": object_type,
        "object_id": object_id,
        "producer": producer,
        "detail": detail,
    }
    return hashlib.sha256(_canonical(body)).hexdigest()


VIEW_CONFIDENTIAL = "view.confidential"


def record_view(
    *, actor: Actor, producer: object, object_type: str, object_id: object, detail: dict[str, Any] | None = None
) -> AuditEntry:
    """Someone outside the producer read data that is not public (personal data, answers,
    results, plans): one entry the producer can later see in who looked at what, and when."""
    return record(
        actor=actor,
        action=VIEW_CONFIDENTIAL,
        object_type=object_type,
        object_id=object_id,
        producer=producer,
        detail=detail,
    )


def record(
    *,
    actor: Actor | None,
    action: str,
    object_type: str = "",
    object_id: object = "",
    producer: object | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry. Call inside the transaction that makes the change, so both or neither land.

    An API token has no user, so for its writes the detail also names the token and the person
    who created it: the log then still says who is answerable for the change."""
    detail = dict(detail or {})
    if actor is not None and actor.token_id is not None:
        detail["token"] = str(actor.token_id)
        detail["token_created_by"] = str(actor.token_creator.uuid) if actor.token_creator else None
    detail = json.loads(_canonical(detail))  # what the database will hand back when verifying
    fields = {
        "at": timezone.now(),
        "actor_user": str(actor.user.uuid) if actor and actor.user else None,
        "actor_label": actor.label if actor else "system",
        "organisation": str(actor.organisation.uuid) if actor and actor.organisation else None,
        "ip": actor.ip if actor else None,
        "action": action,
        "object_type": object_type,
        "object_id": str(object_id),
        "producer": str(producer) if producer else None,
        "detail": detail,
    }
    if not connection.in_atomic_block:
        return _append_retrying(fields)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_KEY])
        return _append_retrying(fields, savepoint=True)


def _append(fields: dict[str, Any]) -> AuditEntry:
    with connection.cursor() as cursor:
        cursor.execute(_LAST_HASH_SQL)
        last = cursor.fetchone()
        previous = last[0] if last else GENESIS
        entry = AuditEntry(previous_hash=previous, hash=entry_hash(previous_hash=previous, **fields), **fields)
        cursor.execute(_INSERT_SQL, [f.get_db_prep_save(getattr(entry, f.attname), connection) for f in _COLUMNS])
        entry.pk = cursor.fetchone()[0]
    return entry


def _append_retrying(fields: dict[str, Any], *, savepoint: bool = False, attempts: int = 20) -> AuditEntry:
    """Read the last hash, then insert. Outside a transaction (e.g. logging a view) the insert is
    its own statement, so the database's write lock is held for that statement alone and
    concurrent appends rarely meet. When two read the same predecessor, the unique
    ``previous_hash`` refuses the second, which reads again and retries (inside a caller's
    transaction, from a savepoint, so the caller's work is kept)."""
    for attempt in range(attempts):
        try:
            if savepoint:
                with transaction.atomic():
                    return _append(fields)
            return _append(fields)
        except IntegrityError:
            # Wait a little, a random and growing while, before reading again: without it the
            # same writers meet again at once, and on a busy machine one can lose every round.
            time.sleep(random.uniform(0, 0.002) * (attempt + 1))  # noqa: S311 - jitter, not a secret
    raise IntegrityError(f"audit log: could not append after {attempts} attempts")


# Appending is the busiest write of the site (every view of confidential data adds an entry), so
# its two statements are written once as SQL; each value is still prepared by its model field.
_COLUMNS = [f for f in AuditEntry._meta.concrete_fields if not f.primary_key]
_TABLE = AuditEntry._meta.db_table
_LAST_HASH_SQL = f"SELECT hash FROM {_TABLE} ORDER BY id DESC LIMIT 1"  # noqa: S608 - our own table
_INSERT_SQL = (
    f"INSERT INTO {_TABLE} ({', '.join(f.column for f in _COLUMNS)}) "  # noqa: S608 - our own table and columns
    f"VALUES ({', '.join(['%s'] * len(_COLUMNS))}) RETURNING id"
)


@dataclass(frozen=True)
class Verification:
    checked: int
    broken_at: int | None
    """Id of the first entry whose hash or link does not match, or None when the chain is whole."""
    problem: str | None


def verify_chain(*, batch: int = 2000, progress: Callable[[int], None] | None = None) -> Verification:
    """Recompute every hash in order; report the first entry that does not match.

    ``progress`` is called with the number of entries checked so far after each full batch, so
    a long chain can show that it is moving (the CLI prints it on standard error)."""
    previous = GENESIS
    checked = 0
    for entry in _entries(batch):
        if progress is not None and checked and checked % batch == 0:
            progress(checked)
        if entry.previous_hash != previous:
            return Verification(checked, entry.pk, f"entry {entry.pk} does not follow the entry before it")
        expected = entry_hash(
            previous_hash=entry.previous_hash,
            at=entry.at,
            actor_user=str(entry.actor_user) if entry.actor_user else None,
            actor_label=entry.actor_label,
            organisation=str(entry.organisation) if entry.organisation else None,
            ip=entry.ip,
            action=entry.action,
            object_type=entry.object_type,
            object_id=entry.object_id,
            producer=str(entry.producer) if entry.producer else None,
            detail=entry.detail,
        )
        if expected != entry.hash:
            return Verification(checked, entry.pk, f"entry {entry.pk} was changed after it was written")
        previous = entry.hash
        checked += 1
    return Verification(checked, None, None)


def _entries(batch: int) -> Iterator[AuditEntry]:
    last_id = 0
    while True:
        rows = list(AuditEntry.objects.filter(id__gt=last_id).order_by("id")[:batch])
        if not rows:
            return
        yield from rows
        last_id = rows[-1].pk
