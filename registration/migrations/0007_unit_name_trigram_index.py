"""A trigram index for the header's search by unit name (search/selectors.py `_units`), on
PostgreSQL only.

The search is `name__icontains`, which Django writes on PostgreSQL as
`UPPER("registration_unit"."name"::text) LIKE UPPER('%…%')`: a plain index cannot serve a
pattern with a leading wildcard, a GIN index of the trigrams of that same expression can
(pg_trgm; the planner uses an expression index only for the very expression the query has).
SQLite has neither GIN nor pg_trgm, so the index is not declared in Unit.Meta (the SQLite
schema would not build) but made here, by SQL run only on PostgreSQL; the model state does not
change, so `makemigrations --check` stays clean on both databases.
"""

from django.db import migrations

INDEX = "unit_name_upper_trgm"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # pg_trgm is a trusted extension (PostgreSQL 13+): the database's owner may create it.
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON registration_unit "
        "USING gin ((UPPER(name::text)) gin_trgm_ops)"
    )


def drop_index(apps, schema_editor):
    # The extension stays: other indexes or queries may use it, and it costs nothing unused.
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("registration", "0006_developer_units_index"),
    ]

    # Not django.contrib.postgres's TrigramExtension: its reverse queries pg_extension on any
    # database, so unapplying this migration on SQLite would fail.
    operations = [migrations.RunPython(create_index, drop_index)]
