"""PostgreSQL: a "finnish" text search configuration that also ignores diacritics.

Readers type "tyotyytyvaisyys" for "työtyytyväisyys", as SQLite's FTS5 index (migration
0004) already allows. unaccent is a trusted extension: the database's owner may create it.
Nothing happens on other databases.
"""

from django.db import migrations

CREATE = """
CREATE EXTENSION IF NOT EXISTS unaccent;
DROP TEXT SEARCH CONFIGURATION IF EXISTS finnish_unaccent;
CREATE TEXT SEARCH CONFIGURATION finnish_unaccent (COPY = finnish);
ALTER TEXT SEARCH CONFIGURATION finnish_unaccent
    ALTER MAPPING FOR hword, hword_part, word WITH unaccent, finnish_stem;
"""
DROP = "DROP TEXT SEARCH CONFIGURATION IF EXISTS finnish_unaccent;"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("blog", "0008_post_featured_image_info_postimage")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
