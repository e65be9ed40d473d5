"""Reference data made once per test session and copied into each test that asks for it.

Loading the 153 authorities takes some 1,650 queries and the demonstration history some 5 s, so the session runs the
real loaders once, just after the test database is migrated, and keeps what they wrote in copies of the tables they
filled (`ref_a_<table>` for the authorities, `ref_d_<table>` for the demonstration history), then empties the real
tables again. A test that asks for the data gets it with one `INSERT … SELECT` per table, inside its own transaction
(or committed, for a transactional test: the flush after it removes it again). Tests that do not ask see empty
tables, as before. The copies are not Django tables, so a transactional test's flush leaves them alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Model

# Moved by database triggers on every write (config/content_version.py): never part of the data.
IGNORED = frozenset({"config_contentversion"})


@dataclass
class Stage:
    """The tables one loader filled, in the order they were found, and the copies that hold their rows."""

    prefix: str
    tables: list[str] = field(default_factory=list)

    def copy(self, table: str) -> str:
        return f"{self.prefix}{table}"


AUTHORITIES = Stage("ref_a_")
DEMO_HISTORY = Stage("ref_d_")


def _models_by_table() -> dict[str, type[Model]]:
    return {m._meta.db_table: m for m in apps.get_models(include_auto_created=True)}


def _counts(tables: list[str]) -> dict[str, int]:
    with connection.cursor() as cursor:
        counts = {}
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def _drop_copies(cursor: object, tables: list[str]) -> None:
    for stage in (AUTHORITIES, DEMO_HISTORY):
        for table in tables:
            cursor.execute(f"DROP TABLE IF EXISTS {connection.ops.quote_name(stage.copy(table))}")  # type: ignore[attr-defined]


def build() -> None:
    """Run the loaders on the empty test database, keep copies of what they wrote, and empty the tables again."""
    from authorities.services import load_authorities
    from inspections.demo import load_demo_history

    q = connection.ops.quote_name
    tables = [t for t in connection.introspection.django_table_names(only_existing=True) if t not in IGNORED]
    models = _models_by_table()
    with connection.cursor() as cursor:
        _drop_copies(cursor, tables)
    empty = _counts(tables)

    load_authorities()
    after_authorities = _counts(tables)
    AUTHORITIES.tables = [t for t in tables if after_authorities[t] != empty[t]]
    with connection.cursor() as cursor:
        for table in AUTHORITIES.tables:
            if empty[table]:
                raise RuntimeError(f"{table} had rows before the authorities were loaded: copy them some other way")
            cursor.execute(f"CREATE TABLE {q(AUTHORITIES.copy(table))} AS SELECT * FROM {q(table)}")

    load_demo_history()
    after_demo = _counts(tables)
    DEMO_HISTORY.tables = [t for t in tables if after_demo[t] != after_authorities[t]]
    with connection.cursor() as cursor:
        for table in AUTHORITIES.tables:
            # The demonstration history adds rows; one that changed the authorities' would need copying as well.
            copy = q(AUTHORITIES.copy(table))
            cursor.execute(f"SELECT COUNT(*) FROM (SELECT * FROM {copy} EXCEPT SELECT * FROM {q(table)}) AS c")
            if cursor.fetchone()[0]:
                raise RuntimeError(f"loading the demonstration history changed rows of {table}")
        for table in DEMO_HISTORY.tables:
            if empty[table] and table not in AUTHORITIES.tables:
                raise RuntimeError(f"{table} had rows before the demonstration history was loaded")
            pk = q(models[table]._meta.pk.column)
            earlier = (
                f" WHERE {pk} NOT IN (SELECT {pk} FROM {q(AUTHORITIES.copy(table))})"
                if table in AUTHORITIES.tables
                else ""
            )
            cursor.execute(f"CREATE TABLE {q(DEMO_HISTORY.copy(table))} AS SELECT * FROM {q(table)}{earlier}")

    # Empty the tables again, all in one transaction so the deferred foreign keys are checked once at the end.
    filled = [t for t in tables if t in AUTHORITIES.tables or t in DEMO_HISTORY.tables]
    with transaction.atomic(), connection.cursor() as cursor:
        for table in reversed(filled):
            cursor.execute(f"DELETE FROM {q(table)}")


def insert(stage: Stage) -> None:
    """Copy one stage's rows into the real tables (in the current transaction, if there is one)."""
    q = connection.ops.quote_name
    models = _models_by_table()
    # One transaction (a savepoint inside a test's), so foreign keys are checked once all the rows are in.
    with transaction.atomic(), connection.cursor() as cursor:
        for table in stage.tables:
            cursor.execute(f"INSERT INTO {q(table)} SELECT * FROM {q(stage.copy(table))}")
        if connection.vendor == "postgresql":
            # The rows keep the ids the loaders gave them: move each sequence past them, or the test's own rows would
            # collide (after a flush that reset the sequences, say).
            for statement in connection.ops.sequence_reset_sql(no_style(), [models[t] for t in stage.tables]):
                cursor.execute(statement)
