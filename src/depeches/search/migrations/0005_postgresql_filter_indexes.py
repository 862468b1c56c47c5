"""On PostgreSQL: the documents' outlet and rubrique, each followed by the key, indexed. A
search filtered by outlet or rubrique then reads that outlet's or rubrique's documents
newest first, or ANDs its bitmap with the GIN index's, instead of reading every match of
its words. Nothing on other databases (there, filters are FTS5 tokens)."""

from django.db import migrations

CREATE = [
    "CREATE INDEX IF NOT EXISTS search_document_outlet ON search_document (outlet_id, key)",
    "CREATE INDEX IF NOT EXISTS search_document_rubrique ON search_document (rubrique_id, key)",
]

DROP = [
    "DROP INDEX IF EXISTS search_document_rubrique",
    "DROP INDEX IF EXISTS search_document_outlet",
]


def run(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("search", "0004_postgresql_title_entries")]

    operations = [migrations.RunPython(run(CREATE), run(DROP))]
