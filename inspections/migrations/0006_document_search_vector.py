"""A stored search vector for documents, kept up to date by PostgreSQL itself.

On PostgreSQL a trigger (the built-in `tsvector_update_trigger`) fills `search_vector` from `text` on every
insert or update, the existing rows are filled once, and the GIN index moves from the expression to the
column. Ranking then reads the stored vector instead of parsing each matching report again. On SQLite the
column stays NULL and nothing else happens.
"""

import django.contrib.postgres.search
from django.db import migrations

OLD_INDEX = "inspections_document_text_search"
INDEX = "inspections_document_search_vector"
TRIGGER = "inspections_document_search_vector_update"

FORWARD = [
    f"DROP INDEX IF EXISTS {OLD_INDEX}",
    f"""CREATE TRIGGER {TRIGGER} BEFORE INSERT OR UPDATE OF text ON inspections_document
        FOR EACH ROW EXECUTE FUNCTION tsvector_update_trigger(search_vector, 'pg_catalog.english', text)""",
    "UPDATE inspections_document SET search_vector = to_tsvector('pg_catalog.english', COALESCE(text, ''))",
    f"CREATE INDEX IF NOT EXISTS {INDEX} ON inspections_document USING gin (search_vector)",
]
BACKWARD = [
    f"DROP INDEX IF EXISTS {INDEX}",
    f"DROP TRIGGER IF EXISTS {TRIGGER} ON inspections_document",
    f"""CREATE INDEX IF NOT EXISTS {OLD_INDEX} ON inspections_document
        USING gin (to_tsvector('english'::regconfig, COALESCE(text, '')))""",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("inspections", "0005_document_text_search_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="document",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(_run(FORWARD), _run(BACKWARD)),
    ]
