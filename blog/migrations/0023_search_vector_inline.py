from django.db import migrations

# PostgreSQL: each post's tsvector (5 kB on average) kept in its row, not in the TOAST
# table, which a search read twice per post matched (to match, then to rank), three
# chunks each: 6 to 8 ms of a search for a word in every post at 10,000 posts, 2 to 4 ms
# with the vectors in their rows (docs/performance.md). A vector too big for a page still
# goes out of line. The posts are written again, so that those already there move too.
INLINE = """
ALTER TABLE blog_post ALTER COLUMN search_vector SET STORAGE MAIN;
UPDATE blog_post SET search_title = search_title;
"""
OUT_OF_LINE = "ALTER TABLE blog_post ALTER COLUMN search_vector SET STORAGE EXTENDED;"


def postgresql(statement):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("blog", "0022_sitemap_runs_index")]

    operations = [migrations.RunPython(postgresql(INLINE), postgresql(OUT_OF_LINE))]
