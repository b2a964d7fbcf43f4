from django.db import migrations

# PostgreSQL: the terms' tsvector stored beside them and indexed (GIN), rather than made
# from every post's terms at every search (four minutes for 210 searches at 10,000 posts).
CREATE = """
ALTER TABLE blog_post ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('simple', search_title), 'A')
    || setweight(to_tsvector('simple', search_labels), 'B')
    || setweight(to_tsvector('simple', search_body), 'C')
    || setweight(to_tsvector('simple', search_extra), 'D')
) STORED;
CREATE INDEX blog_post_search_vector ON blog_post USING GIN (search_vector);
"""
DROP = """
DROP INDEX IF EXISTS blog_post_search_vector;
ALTER TABLE blog_post DROP COLUMN IF EXISTS search_vector;
"""


def postgresql(statement):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("blog", "0015_finnish_search_terms")]

    operations = [migrations.RunPython(postgresql(CREATE), postgresql(DROP))]
