"""The audit log: appends chain, tampering is found, the database refuses edits."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from passport.audit.models import AuditEntry
from passport.audit.services import GENESIS, record, verify_chain

pytestmark = pytest.mark.django_db


def test_each_entry_links_to_the_one_before() -> None:
    first = record(actor=None, action="test.first")
    second = record(actor=None, action="test.second", detail={"n": 1})
    assert first.previous_hash == GENESIS
    assert second.previous_hash == first.hash
    assert verify_chain().broken_at is None
    assert verify_chain().checked == 2


def test_the_database_refuses_updates_and_deletes() -> None:
    entry = record(actor=None, action="test.entry")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(action="forged")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).delete()
    assert AuditEntry.objects.get(pk=entry.pk).action == "test.entry"


def _drop_triggers() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER audit_auditentry_no_update")
        else:
            cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER audit_auditentry_append_only")


def test_verify_names_the_first_entry_changed_behind_the_databases_back() -> None:
    entries = [record(actor=None, action=f"test.{i}", detail={"i": i}) for i in range(5)]
    _drop_triggers()  # inside the test's transaction: rolled back afterwards
    AuditEntry.objects.filter(pk=entries[2].pk).update(detail={"i": 99})
    result = verify_chain()
    assert result.broken_at == entries[2].pk
    assert result.checked == 2
    assert f"entry {entries[2].pk} was changed" in (result.problem or "")
