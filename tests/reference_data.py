"""Reference data made once per test session and copied into each test that asks for it.

Loading the 153 authorities takes some 1,650 queries and the demonstration history some 5 s, so the session runs the
real loaders once, just after the test database is migrated, and keeps what they wrote in copies of the tables they
filled (`ref_a_<table>` for the authorities, `ref_d_<table>` for the demonstration history), then empties the real
tables again. A test that asks for the data gets it with one `INSERT … SELECT` per table, inside its own transaction
(or committed, for a transactional test: the flush after it removes it again). Tests that do not ask see empty
tables, as before. The copies are not Django tables, so a transactional test's flush leaves them alone.

Rows the migrations made (`ref_0_<table>` keeps them) are neither copied nor removed. If a loader changes rows that
were there before it ran (a migration's, or the authorities' for the demonstration history), a copy of what it added
would not be the same as running it, so that stage is loaded by running the loader in each test instead.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from django.apps import apps
from django.core.management.color import no_style
from django.db import DatabaseError, connection, transaction
from django.db.models import Model

logger = logging.getLogger(__name__)

# Moved by database triggers on every write (config/content_version.py): never part of the data.
IGNORED = frozenset({"config_contentversion"})


@dataclass
class Stage:
    """The tables one loader filled and the copies that hold the rows it added; `copied` is false when the loader
    must run again in each test instead."""

    prefix: str
    tables: list[str] = field(default_factory=list)
    copied: bool = False

    def copy(self, table: str) -> str:
        return f"{self.prefix}{table}"


SEEDED = Stage("ref_0_")
AUTHORITIES = Stage("ref_a_")
DEMO_HISTORY = Stage("ref_d_")


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _models_by_table() -> dict[str, type[Model]]:
    return {m._meta.db_table: m for m in apps.get_models(include_auto_created=True)}


def _counts(tables: list[str]) -> dict[str, int]:
    counts = {}
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {_q(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def _unchanged(stage: Stage) -> bool:
    """Whether every row kept in the stage's copies is still in its table, as it was."""
    for table in stage.tables:
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                kept, now = _q(stage.copy(table)), _q(table)
                cursor.execute(f"SELECT COUNT(*) FROM (SELECT * FROM {kept} EXCEPT SELECT * FROM {now}) AS c")
                if cursor.fetchone()[0]:
                    logger.warning("%s: rows of %s changed after they were copied", stage.prefix, table)
                    return False
        except DatabaseError:  # a column type without equality: cannot tell, so assume it changed
            return False
    return True


def _keep(stage: Stage, tables: list[str], earlier: list[Stage], pk: dict[str, str]) -> None:
    """Copy the rows of `tables` that no earlier stage holds."""
    stage.tables = tables
    with connection.cursor() as cursor:
        for table in tables:
            where = " AND ".join(
                f"{pk[table]} NOT IN (SELECT {pk[table]} FROM {_q(e.copy(table))})"
                for e in earlier
                if table in e.tables
            )
            cursor.execute(
                f"CREATE TABLE {_q(stage.copy(table))} AS SELECT * FROM {_q(table)}"
                + (f" WHERE {where}" if where else "")
            )


def build() -> None:
    """Run the loaders on the freshly migrated test database, keep copies of what they added, and take it out again."""
    from authorities.services import load_authorities
    from inspections.demo import load_demo_history

    tables = [t for t in connection.introspection.django_table_names(only_existing=True) if t not in IGNORED]
    pk = {t: _q(m._meta.pk.column) for t, m in _models_by_table().items()}
    with connection.cursor() as cursor:
        for stage in (SEEDED, AUTHORITIES, DEMO_HISTORY):
            for table in tables:
                cursor.execute(f"DROP TABLE IF EXISTS {_q(stage.copy(table))}")
    before = _counts(tables)
    _keep(SEEDED, [t for t in tables if before[t]], [], pk)

    load_authorities()
    after_authorities = _counts(tables)
    _keep(AUTHORITIES, [t for t in tables if after_authorities[t] != before[t]], [SEEDED], pk)
    AUTHORITIES.copied = _unchanged(SEEDED)

    load_demo_history()
    after_demo = _counts(tables)
    _keep(DEMO_HISTORY, [t for t in tables if after_demo[t] != after_authorities[t]], [SEEDED, AUTHORITIES], pk)
    DEMO_HISTORY.copied = AUTHORITIES.copied and _unchanged(SEEDED) and _unchanged(AUTHORITIES)
    if not DEMO_HISTORY.copied:
        logger.warning("Tests load the demonstration history by running its loader (see tests/reference_data.py)")

    # Back to the migrated state, in one transaction so the deferred foreign keys are checked once at the end.
    restore = [t for t in tables if t in AUTHORITIES.tables or t in DEMO_HISTORY.tables]
    if not _unchanged(SEEDED):
        restore = [t for t in tables if t in restore or t in SEEDED.tables]
    with transaction.atomic(), connection.cursor() as cursor:
        for table in reversed(restore):
            cursor.execute(f"DELETE FROM {_q(table)}")
        for table in SEEDED.tables:
            if table in restore:
                cursor.execute(f"INSERT INTO {_q(table)} SELECT * FROM {_q(SEEDED.copy(table))}")


def restore_seeded() -> None:
    """Put back exactly the rows the migrations made. A transactional test's flush empties every table, and its
    post_migrate signal makes the content types and permissions again under new ids but not the data migrations'
    rows (roles, themes): without this, a test run after it in the same process (as pytest-xdist may run one)
    would miss them."""
    from django.contrib.contenttypes.models import ContentType

    models = _models_by_table()
    with transaction.atomic(), connection.cursor() as cursor:
        for table in reversed(SEEDED.tables):
            cursor.execute(f"DELETE FROM {_q(table)}")
        for table in SEEDED.tables:
            cursor.execute(f"INSERT INTO {_q(table)} SELECT * FROM {_q(SEEDED.copy(table))}")
        if connection.vendor == "postgresql":
            for statement in connection.ops.sequence_reset_sql(no_style(), [models[t] for t in SEEDED.tables]):
                cursor.execute(statement)
    ContentType.objects.clear_cache()


def insert(stage: Stage) -> None:
    """Copy one stage's rows into the real tables (in the current transaction, if there is one)."""
    models = _models_by_table()
    # One transaction (a savepoint inside a test's), so foreign keys are checked once all the rows are in.
    with transaction.atomic(), connection.cursor() as cursor:
        for table in stage.tables:
            cursor.execute(f"INSERT INTO {_q(table)} SELECT * FROM {_q(stage.copy(table))}")
        if connection.vendor == "postgresql":
            # The rows keep the ids the loaders gave them: move each sequence past them, or the test's own rows would
            # collide (after a flush that reset the sequences, say).
            for statement in connection.ops.sequence_reset_sql(no_style(), [models[t] for t in stage.tables]):
                cursor.execute(statement)
