"""On SQLite: the FTS5 index over search_document (its external content), kept in sync by
triggers. Nothing on other databases."""

from django.db import migrations

CREATE = [
    # The terms are folded and stemmed in Python (search.normalize) before they get here:
    # unicode61 only has to split them at spaces.
    """CREATE VIRTUAL TABLE search_fts USING fts5(
        title, lead, body, tags,
        content='search_document', content_rowid='key',
        tokenize='unicode61 remove_diacritics 0'
    )""",
    """CREATE TRIGGER search_document_inserted AFTER INSERT ON search_document BEGIN
        INSERT INTO search_fts(rowid, title, lead, body, tags)
        VALUES (new.key, new.title, new.lead, new.body, new.tags);
    END""",
    """CREATE TRIGGER search_document_deleted AFTER DELETE ON search_document BEGIN
        INSERT INTO search_fts(search_fts, rowid, title, lead, body, tags)
        VALUES ('delete', old.key, old.title, old.lead, old.body, old.tags);
    END""",
    """CREATE TRIGGER search_document_updated AFTER UPDATE ON search_document BEGIN
        INSERT INTO search_fts(search_fts, rowid, title, lead, body, tags)
        VALUES ('delete', old.key, old.title, old.lead, old.body, old.tags);
        INSERT INTO search_fts(rowid, title, lead, body, tags)
        VALUES (new.key, new.title, new.lead, new.body, new.tags);
    END""",
]

DROP = [
    "DROP TRIGGER IF EXISTS search_document_updated",
    "DROP TRIGGER IF EXISTS search_document_deleted",
    "DROP TRIGGER IF EXISTS search_document_inserted",
    "DROP TABLE IF EXISTS search_fts",
]


def run(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor != "sqlite":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(run(CREATE), run(DROP))]
