"""The content version: one number that moves whenever anything the public pages show changes.

Database triggers keep it, not Django signals: signals miss `QuerySet.update`, bulk writes and raw SQL, and a page
cache that missed a change would go on showing a wrong grade. Every table of the apps whose data the pages show is
watched, except the ones listed in UNWATCHED (with why); new models are watched without doing anything, because
`install_triggers` runs after every `migrate` (config/apps.py) and derives the tables from the models.

- PostgreSQL: a deferred constraint trigger per table, so the version row is updated at commit, once per
  transaction (once per statement if something makes them fire earlier, as `SET CONSTRAINTS … IMMEDIATE` does),
  and always as the last lock a writer takes (two writers can never wait on each other in opposite
  orders through it).
- SQLite: a plain trigger per table and operation; SQLite has one writer at a time, so there is nothing to order.

Uploaded documents are public only once published, so a document's row moves the version only when the row is,
was or becomes public: a file being read (its progress updated every step) leaves cached pages alone.
"""

from __future__ import annotations

import logging
from typing import Any

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper

logger = logging.getLogger(__name__)

WATCHED_APPS = ("authorities", "inspections", "improvement")
# Tables no public page reads, whose rows change often.
UNWATCHED = frozenset(
    {
        "improvement_briefingexport",  # a briefing build's progress: only its requester sees it
    }
)
DOCUMENT_TABLE = "inspections_document"
TRIGGER = "content_changed"
FUNCTION = "trajectory_content_changed"

POSTGRES_FUNCTION = f"""
CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Every row's trigger fires at commit (one statement): the first one moves the version, the rest need not.
    IF current_setting('trajectory.content_changed', true) IS DISTINCT FROM statement_timestamp()::text THEN
        PERFORM set_config('trajectory.content_changed', statement_timestamp()::text, true);
        INSERT INTO config_contentversion (id, number, changed_at) VALUES (1, 1, clock_timestamp())
        ON CONFLICT (id) DO UPDATE SET number = config_contentversion.number + 1, changed_at = EXCLUDED.changed_at;
    END IF;
    RETURN NULL;
END
$$
"""
SQLITE_BUMP = """
INSERT INTO config_contentversion (id, number, changed_at) VALUES (1, 1, strftime('%Y-%m-%d %H:%M:%f', 'now'))
ON CONFLICT (id) DO UPDATE SET number = number + 1, changed_at = excluded.changed_at;
"""


def document_conditions() -> dict[str, str]:
    """When a document's row moves the version: it is, was or becomes public (`Document.is_public`, in SQL)."""
    from inspections.models import PUBLIC_STATUSES

    statuses = ", ".join(f"'{status}'" for status in PUBLIC_STATUSES)
    public = f"({{row}}.status IN ({statuses}) OR {{row}}.published_at IS NOT NULL)"
    return {
        "INSERT": public.format(row="NEW"),
        "UPDATE": f"{public.format(row='OLD')} OR {public.format(row='NEW')}",
        "DELETE": public.format(row="OLD"),
    }


def watched_tables() -> list[str]:
    """Every table of the watched apps (history and many-to-many tables included) but the unwatched ones."""
    tables = {
        model._meta.db_table
        for label in WATCHED_APPS
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
        if not model._meta.proxy and model._meta.managed
    }
    return sorted(tables - UNWATCHED)


def _trigger_name(table: str, operation: str = "") -> str:
    return f"{table}_{TRIGGER}" + (f"_{operation.lower()}" if operation else "")


def _postgres_statements(table: str) -> list[str]:
    create = "CREATE CONSTRAINT TRIGGER {name} AFTER {events} ON {table} DEFERRABLE INITIALLY DEFERRED FOR EACH ROW"
    if table != DOCUMENT_TABLE:
        name = _trigger_name(table)
        return [
            f"DROP TRIGGER IF EXISTS {name} ON {table}",
            create.format(name=name, events="INSERT OR UPDATE OR DELETE", table=table)
            + f" EXECUTE FUNCTION {FUNCTION}()",
        ]
    statements = []
    for operation, condition in document_conditions().items():
        name = _trigger_name(table, operation)
        statements += [
            f"DROP TRIGGER IF EXISTS {name} ON {table}",
            create.format(name=name, events=operation, table=table)
            + f" WHEN ({condition}) EXECUTE FUNCTION {FUNCTION}()",
        ]
    return statements


def _sqlite_statements(table: str) -> list[str]:
    statements = []
    for operation in ("INSERT", "UPDATE", "DELETE"):
        name = _trigger_name(table, operation)
        when = f" WHEN {document_conditions()[operation]}" if table == DOCUMENT_TABLE else ""
        statements += [
            f"DROP TRIGGER IF EXISTS {name}",
            f"CREATE TRIGGER {name} AFTER {operation} ON {table}{when} BEGIN {SQLITE_BUMP} END",
        ]
    return statements


def trigger_statements(connection: BaseDatabaseWrapper, tables: list[str]) -> list[str]:
    if connection.vendor == "postgresql":
        return [POSTGRES_FUNCTION] + [s for table in tables for s in _postgres_statements(table)]
    if connection.vendor == "sqlite":
        return [s for table in tables for s in _sqlite_statements(table)]
    raise NotImplementedError(f"No content-version triggers for {connection.vendor}")


def install_triggers(sender: Any = None, using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    """(Re)create the triggers on every watched table; safe to run any number of times."""
    connection = connections[using]
    tables = watched_tables()
    existing = set(connection.introspection.table_names())
    missing = [t for t in [*tables, "config_contentversion"] if t not in existing]
    if missing:  # a partial migrate (`migrate authorities 0001`): the rest come with the full one
        logger.info("Content-version triggers not installed yet: no table %s", ", ".join(missing))
        return
    with transaction.atomic(using=using), connection.cursor() as cursor:
        for statement in trigger_statements(connection, tables):
            cursor.execute(statement)
    logger.debug("Content-version triggers on %d tables", len(tables))


def trigger_names(connection: BaseDatabaseWrapper, table: str) -> list[str]:
    if connection.vendor == "sqlite" or table == DOCUMENT_TABLE:
        return [_trigger_name(table, operation) for operation in ("INSERT", "UPDATE", "DELETE")]
    return [_trigger_name(table)]


def drop_triggers(apps: Any = None, schema_editor: Any = None) -> None:
    """Undo `install_triggers` (unapplying the version table's migration: the triggers would write to it)."""
    connection = schema_editor.connection if schema_editor else connections[DEFAULT_DB_ALIAS]
    on_table = connection.vendor == "postgresql"  # PostgreSQL names triggers per table
    existing = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        for table in (t for t in watched_tables() if t in existing):
            for name in trigger_names(connection, table):
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}" + (f" ON {table}" if on_table else ""))
        if on_table:
            cursor.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}()")


def current(using: str = DEFAULT_DB_ALIAS) -> str:
    """The version as a short string for cache keys ("0" before the first change)."""
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT number, changed_at FROM config_contentversion WHERE id = 1")
        row = cursor.fetchone()
    return f"{row[0]}@{row[1]}" if row else "0"
