"""The content version: one number that moves whenever anything the public pages show changes.

Database triggers keep it, not Django signals: signals miss `QuerySet.update`, bulk writes and raw SQL, and a page
cache that missed a change would go on showing a wrong grade. Every table of the apps whose data the pages show is
watched (each app says so in its AppConfig.ready with `watch`, naming the tables no public page reads, with why); new
models are watched without doing anything, because
`install_triggers` runs after every `migrate` (config/apps.py) and derives the tables from the models. It creates only
the triggers missing or changed (each is named after a hash of its definition), so a deploy's `migrate` locks no
table that is already right; `manage.py check --database default` warns when any is missing.

- PostgreSQL: a deferred constraint trigger per table, so the version row is updated at commit, once per
  transaction (once per statement if something makes them fire earlier, as `SET CONSTRAINTS … IMMEDIATE` does),
  and always as the last lock a writer takes (two writers can never wait on each other in opposite
  orders through it).
- SQLite: a plain trigger per table and operation; SQLite has one writer at a time, so there is nothing to order.

Uploaded documents are public only once published, so a document's row moves the version only when the row is,
was or becomes public: a file being read (its progress updated every step) leaves cached pages alone.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.checks import CheckMessage, Warning
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper

logger = logging.getLogger(__name__)

# What each app asks to be watched (`watch`, called from its AppConfig.ready): config knows no app.
_WATCHES: dict[str, Watch] = {}
MARK = "_cv_"  # in every content-version trigger's name, and in no other trigger's
FUNCTION = "trajectory_content_changed"
VERSION_TABLE = "config_contentversion"

POSTGRES_FUNCTION = f"""
CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Every row's trigger fires at commit (one statement): the first one moves the version, the rest need not.
    IF current_setting('trajectory.content_changed', true) IS DISTINCT FROM statement_timestamp()::text THEN
        PERFORM set_config('trajectory.content_changed', statement_timestamp()::text, true);
        INSERT INTO {VERSION_TABLE} (id, number, changed_at) VALUES (1, 1, clock_timestamp())
        ON CONFLICT (id) DO UPDATE SET number = {VERSION_TABLE}.number + 1, changed_at = EXCLUDED.changed_at;
    END IF;
    RETURN NULL;
END
$$
"""
BUMP = {
    "postgresql": f"""
        INSERT INTO {VERSION_TABLE} (id, number, changed_at) VALUES (1, 1, clock_timestamp())
        ON CONFLICT (id) DO UPDATE SET number = {VERSION_TABLE}.number + 1, changed_at = EXCLUDED.changed_at""",
    "sqlite": f"""
        INSERT INTO {VERSION_TABLE} (id, number, changed_at) VALUES (1, 1, strftime('%Y-%m-%d %H:%M:%f', 'now'))
        ON CONFLICT (id) DO UPDATE SET number = number + 1, changed_at = excluded.changed_at""",
}
OPERATIONS = ("INSERT", "UPDATE", "DELETE")


@dataclass(frozen=True)
class Watch:
    """An app's tables are watched, except `unwatched` ones (no page a reader who is not signed in gets reads them);
    a table in `public_when` moves the version only for rows that are, were or become public: the SQL condition on a
    row, written with `{row}` for NEW or OLD."""

    unwatched: frozenset[str]
    public_when: dict[str, str]


def watch(app_label: str, *, unwatched: Iterable[str] = (), public_when: Mapping[str, str] | None = None) -> None:
    """Watch every table of `app_label` (history and many-to-many tables included) but `unwatched`. Watch a table
    again before a cached page (config/page_cache.py) shows anything from it."""
    _WATCHES[app_label] = Watch(frozenset(unwatched), dict(public_when or {}))


def unwatched_tables() -> frozenset[str]:
    return frozenset().union(*(w.unwatched for w in _WATCHES.values()))


@dataclass(frozen=True)
class Trigger:
    table: str
    name: str
    create: str


def row_conditions(table: str) -> dict[str, str]:
    """When a row of `table` moves the version, by operation: always ({}), or while it is, was or becomes public."""
    public = next((w.public_when[table] for w in _WATCHES.values() if table in w.public_when), None)
    if public is None:
        return {}
    return {
        "INSERT": public.format(row="NEW"),
        "UPDATE": f"{public.format(row='OLD')} OR {public.format(row='NEW')}",
        "DELETE": public.format(row="OLD"),
    }


def watched_tables() -> list[str]:
    """Every table of the watched apps (history and many-to-many tables included) but the unwatched ones."""
    tables = {
        model._meta.db_table
        for label in _WATCHES
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
        if not model._meta.proxy and model._meta.managed
    }
    return sorted(tables - unwatched_tables())


def _named(table: str, operation: str, create: str) -> Trigger:
    # Named after a hash of its definition: a changed definition is a new trigger, and one already in place is left
    # alone (re-creating a trigger locks its table). Within PostgreSQL's 63 characters for the longest table.
    digest = hashlib.sha1(create.encode()).hexdigest()[:8]
    name = f"{table}{MARK}{operation.lower()}_{digest}" if operation else f"{table}{MARK}{digest}"
    return Trigger(table, name, create.replace("{name}", name))


def wanted_triggers(vendor: str) -> list[Trigger]:
    """The triggers every watched table should have in a database of this vendor."""
    triggers = []
    for table in watched_tables():
        condition = row_conditions(table)
        if vendor == "postgresql":
            create = "CREATE CONSTRAINT TRIGGER {name} AFTER %s ON %s DEFERRABLE INITIALLY DEFERRED FOR EACH ROW"
            if not condition:
                statement = create % ("INSERT OR UPDATE OR DELETE", table) + f" EXECUTE FUNCTION {FUNCTION}()"
                triggers.append(_named(table, "", statement))
                continue
            for operation in OPERATIONS:
                when = f" WHEN ({condition[operation]}) EXECUTE FUNCTION {FUNCTION}()"
                triggers.append(_named(table, operation, create % (operation, table) + when))
        elif vendor == "sqlite":
            for operation in OPERATIONS:
                when = f" WHEN {condition[operation]}" if condition else ""
                statement = f"CREATE TRIGGER {{name}} AFTER {operation} ON {table}{when} BEGIN {BUMP['sqlite']}; END"
                triggers.append(_named(table, operation, statement))
        else:
            raise NotImplementedError(f"No content-version triggers for {vendor}")
    return triggers


def existing_triggers(connection: BaseDatabaseWrapper) -> dict[str, str]:
    """The content-version triggers in the database: name → table."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT t.tgname, c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
                " WHERE NOT t.tgisinternal AND strpos(t.tgname, %s) > 0",
                [MARK],
            )
        else:
            cursor.execute(
                "SELECT name, tbl_name FROM sqlite_master WHERE type = 'trigger' AND instr(name, %s) > 0", [MARK]
            )
        return dict(cursor.fetchall())


def trigger_names(connection: BaseDatabaseWrapper, table: str) -> list[str]:
    return [trigger.name for trigger in wanted_triggers(connection.vendor) if trigger.table == table]


def _drop(cursor: Any, vendor: str, name: str, table: str) -> None:
    cursor.execute(f"DROP TRIGGER IF EXISTS {name}" + (f" ON {table}" if vendor == "postgresql" else ""))


def install_triggers(sender: Any = None, using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    """Give every watched table its triggers (only those missing or changed), and move the version once: a data
    migration may have run while SQLite had rebuilt a table without them. Safe to run any number of times."""
    connection = connections[using]
    tables = set(connection.introspection.table_names())
    missing = [t for t in [*watched_tables(), VERSION_TABLE] if t not in tables]
    if missing:  # a partial migrate (`migrate authorities 0001`): the rest come with the full one
        logger.info("Content-version triggers not installed yet: no table %s", ", ".join(missing))
        return
    wanted = {trigger.name: trigger for trigger in wanted_triggers(connection.vendor)}
    existing = existing_triggers(connection)
    with transaction.atomic(using=using), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(POSTGRES_FUNCTION)  # replacing a function locks no table
        for name, table in existing.items():
            if name not in wanted:
                _drop(cursor, connection.vendor, name, table)
        for name, trigger in wanted.items():
            if name not in existing:
                cursor.execute(trigger.create)
        cursor.execute(BUMP[connection.vendor])
    logger.debug("Content-version triggers: %d wanted, %d were in place", len(wanted), len(set(existing) & set(wanted)))


def check_triggers(app_configs: Any = None, databases: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """`manage.py check --database default` (and `migrate`): every watched table has its triggers."""
    messages: list[CheckMessage] = []
    for alias in databases or ():
        connection = connections[alias]
        if VERSION_TABLE not in connection.introspection.table_names():
            continue  # not migrated yet: `migrate` installs them
        existing = existing_triggers(connection)
        missing = [t for t in wanted_triggers(connection.vendor) if t.name not in existing]
        if missing:
            messages.append(
                Warning(
                    f"Cached pages may not follow changes to {', '.join(sorted({t.table for t in missing}))}:"
                    " their content-version triggers are missing or out of date.",
                    hint="Run `manage.py migrate`, which installs them.",
                    id="trajectory.W001",
                )
            )
    return messages


def drop_triggers(apps: Any = None, schema_editor: Any = None) -> None:
    """Undo `install_triggers` (unapplying the version table's migration: the triggers would write to it)."""
    connection = schema_editor.connection if schema_editor else connections[DEFAULT_DB_ALIAS]
    with connection.cursor() as cursor:
        for name, table in existing_triggers(connection).items():
            _drop(cursor, connection.vendor, name, table)
        if connection.vendor == "postgresql":
            cursor.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}()")


def current(using: str = DEFAULT_DB_ALIAS) -> str:
    """The version as a short string for cache keys ("0" before the first change)."""
    with connections[using].cursor() as cursor:
        cursor.execute(f"SELECT number, changed_at FROM {VERSION_TABLE} WHERE id = 1")
        row = cursor.fetchone()
    return f"{row[0]}@{row[1]}" if row else "0"
