"""Database triggers that refuse UPDATE and DELETE on append-only tables, on SQLite and PostgreSQL.

Used from migrations, so the rule holds for every writer (the ORM, the shell, raw SQL), not
only for code that remembers it."""

from __future__ import annotations

from typing import Any

from django.db import migrations

# Every append-only table, for the test helpers below (migrations name their own tables).
TABLES = ("audit_auditentry", "assessments_result", "assessments_resultfinding")


def _statements(vendor: str, table: str) -> tuple[list[str], list[str]]:
    if vendor == "sqlite":
        create = [
            f"CREATE TRIGGER IF NOT EXISTS {table}_no_update BEFORE UPDATE ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END",
            f"CREATE TRIGGER IF NOT EXISTS {table}_no_delete BEFORE DELETE ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END",
        ]
        drop = [f"DROP TRIGGER IF EXISTS {table}_no_update", f"DROP TRIGGER IF EXISTS {table}_no_delete"]
        return create, drop
    if vendor == "postgresql":
        create = [
            "CREATE OR REPLACE FUNCTION passport_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
            "BEGIN RAISE EXCEPTION '%% is append-only', TG_TABLE_NAME; END $$",
            f"CREATE OR REPLACE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION passport_append_only()",
            # TRUNCATE bypasses row triggers; refuse it too.
            f"CREATE OR REPLACE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION passport_append_only()",
        ]
        drop = [
            f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}",
            f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}",
        ]
        return create, drop
    raise NotImplementedError(f"append-only triggers for {vendor}")


def append_only(table: str) -> migrations.RunPython:
    """A migration operation installing the triggers for ``table`` (and removing them on reverse)."""

    def forward(apps: Any, schema_editor: Any) -> None:
        for sql in _statements(schema_editor.connection.vendor, table)[0]:
            schema_editor.execute(sql)

    def backward(apps: Any, schema_editor: Any) -> None:
        for sql in _statements(schema_editor.connection.vendor, table)[1]:
            schema_editor.execute(sql)

    return migrations.RunPython(forward, backward)


def allow_purge(connection: Any) -> None:
    """Tests only: let the test runner empty append-only tables between transactional tests
    (it flushes every table). PostgreSQL: triggers do not fire in the ``replica`` session role
    (the tests connect as a superuser); SQLite: the triggers are dropped until ``forbid_purge``."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")
        else:
            for table in TABLES:
                for sql in _statements(connection.vendor, table)[1]:
                    cursor.execute(sql)


def forbid_purge(connection: Any) -> None:
    """Undo ``allow_purge``: the append-only rule holds again on this connection."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = origin")
        else:
            for table in TABLES:
                for sql in _statements(connection.vendor, table)[0]:
                    cursor.execute(sql)
