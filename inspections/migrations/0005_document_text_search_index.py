"""A GIN index for full-text search of documents' text, on PostgreSQL only (SQLite searches without one).

The expression must stay exactly what `inspections.search` queries, `SearchVector("text", config="english")`,
or PostgreSQL will not use the index.
"""

from django.db import migrations

INDEX = "inspections_document_text_search"
CREATE = (
    f"CREATE INDEX IF NOT EXISTS {INDEX} ON inspections_document "
    "USING gin (to_tsvector('english'::regconfig, COALESCE(text, '')))"
)
DROP = f"DROP INDEX IF EXISTS {INDEX}"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [
        ("inspections", "0004_audit_history"),
    ]

    operations = [migrations.RunPython(create_index, drop_index)]
