"""On PostgreSQL: every document's vector made again, so that documents indexed before the
title's terms were also stored as marked entries of their own (what `intitle:` looks up in
the GIN index) have them too. Nothing on other databases, nothing to do on an empty one.

The vector is made as the PostgreSQL backend made it when this migration was written, from
the articles' texts normalised by search.normalize; keys and filters are left as they are.
"""

from django.db import migrations

from depeches.search.normalize import index_terms

BATCH = 500
TITLE_MARK = "0"

READ = """
    SELECT document.key, article.language, article.title, article.lead, article.text
    FROM search_document document JOIN articles_article article
        ON article.id = document.article_id
    WHERE document.key > %s ORDER BY document.key LIMIT %s
"""

VECTOR = " || ".join(
    f"setweight(to_tsvector({configuration}, u.{column}), '{weight}')"
    for configuration, column, weight in (
        ("u.c::regconfig", "t", "A"),
        ("u.c::regconfig", "d", "B"),
        ("u.c::regconfig", "b", "C"),
        ("'simple'", "m", "A"),
    )
)

WRITE = f"""
    UPDATE search_document SET vector = {VECTOR}
    FROM unnest(%s::bigint[], %s::text[], %s::text[], %s::text[], %s::text[], %s::text[])
        AS u(k, c, t, d, b, m)
    WHERE search_document.key = u.k
"""


def terms(text: str) -> str:
    return " ".join(index_terms(text or ""))


def columns(rows: list[tuple]) -> list[list]:
    """The UPDATE's arrays: keys, configurations, title, lead, body, marked title terms."""
    made = [[], [], [], [], [], []]
    for key, language, title, lead, text in rows:
        title_terms = terms(title)
        values = (
            key,
            "arabic" if language == "ar" else "depeches_french",
            title_terms,
            terms(lead),
            terms(text),
            " ".join(TITLE_MARK + term for term in title_terms.split()),
        )
        for column, value in zip(made, values, strict=True):
            column.append(value)
    return made


def make_vectors_again(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    last_key = -(2**63)
    with schema_editor.connection.cursor() as cursor:
        while True:
            cursor.execute(READ, [last_key, BATCH])
            rows = cursor.fetchall()
            if not rows:
                return
            cursor.execute(WRITE, columns(rows))
            last_key = rows[-1][0]


class Migration(migrations.Migration):
    dependencies = [("search", "0003_postgresql_vector")]

    operations = [migrations.RunPython(make_vectors_again, migrations.RunPython.noop)]
