"""On PostgreSQL: the documents' tsvector with its GIN index, the unaccent extension and an
unaccented French configuration. Nothing on other databases."""

from django.db import migrations

CREATE = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE TEXT SEARCH CONFIGURATION depeches_french (COPY = french)",
    """ALTER TEXT SEARCH CONFIGURATION depeches_french
        ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem""",
    "ALTER TABLE search_document ADD COLUMN vector tsvector NOT NULL DEFAULT ''",
    "CREATE INDEX search_document_vector ON search_document USING gin (vector)",
]

DROP = [
    "DROP INDEX IF EXISTS search_document_vector",
    "ALTER TABLE search_document DROP COLUMN IF EXISTS vector",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS depeches_french",
]


def run(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("search", "0002_sqlite_fts")]

    operations = [migrations.RunPython(run(CREATE), run(DROP))]
