from django.db import migrations

# SQLite: an FTS5 index over the title and plain text of every post, kept in step by
# triggers, so bulk inserts and loaddata are indexed too. "remove_diacritics 2" lets
# "tyoelama" find "työelämä". PostgreSQL searches with its own "finnish" configuration
# instead (blog/search.py) and needs nothing here.
CREATE = [
    """CREATE VIRTUAL TABLE blog_post_fts USING fts5(
        title, search_text, content='blog_post', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER blog_post_fts_insert AFTER INSERT ON blog_post BEGIN
        INSERT INTO blog_post_fts(rowid, title, search_text)
        VALUES (new.id, new.title, new.search_text);
    END""",
    """CREATE TRIGGER blog_post_fts_delete AFTER DELETE ON blog_post BEGIN
        INSERT INTO blog_post_fts(blog_post_fts, rowid, title, search_text)
        VALUES ('delete', old.id, old.title, old.search_text);
    END""",
    """CREATE TRIGGER blog_post_fts_update AFTER UPDATE OF title, search_text ON blog_post BEGIN
        INSERT INTO blog_post_fts(blog_post_fts, rowid, title, search_text)
        VALUES ('delete', old.id, old.title, old.search_text);
        INSERT INTO blog_post_fts(rowid, title, search_text)
        VALUES (new.id, new.title, new.search_text);
    END""",
    "INSERT INTO blog_post_fts(blog_post_fts) VALUES ('rebuild')",
]
DROP = [
    "DROP TRIGGER IF EXISTS blog_post_fts_update",
    "DROP TRIGGER IF EXISTS blog_post_fts_delete",
    "DROP TRIGGER IF EXISTS blog_post_fts_insert",
    "DROP TABLE IF EXISTS blog_post_fts",
]


def fill_search_text(apps, schema_editor):
    from core.rendering import plain_text

    Post = apps.get_model("blog", "Post")
    for post in Post.objects.filter(search_text="").iterator():
        Post.objects.filter(pk=post.pk).update(search_text=plain_text(post.body_html))


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            for statement in statements:
                schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("blog", "0003_post_search_text")]

    operations = [
        migrations.RunPython(fill_search_text, migrations.RunPython.noop),
        migrations.RunPython(run(CREATE), run(DROP)),
    ]
