from django.db import migrations, models

# Search matches terms (core.text_analysis) rather than words: four columns of them on
# each post, filled here for existing posts. SQLite's FTS5 index moves from the words of
# the title and text (migration 0004) to these columns; PostgreSQL matches the same terms.
COLUMNS = "search_title, search_labels, search_body, search_extra"
NEW = "new.search_title, new.search_labels, new.search_body, new.search_extra"
OLD = "old.search_title, old.search_labels, old.search_body, old.search_extra"
DROP = [
    "DROP TRIGGER IF EXISTS blog_post_fts_update",
    "DROP TRIGGER IF EXISTS blog_post_fts_delete",
    "DROP TRIGGER IF EXISTS blog_post_fts_insert",
    "DROP TABLE IF EXISTS blog_post_fts",
]
CREATE = [
    f"""CREATE VIRTUAL TABLE blog_post_fts USING fts5(
        {COLUMNS}, content='blog_post', content_rowid='id', tokenize='unicode61')""",
    f"""CREATE TRIGGER blog_post_fts_insert AFTER INSERT ON blog_post BEGIN
        INSERT INTO blog_post_fts(rowid, {COLUMNS}) VALUES (new.id, {NEW});
    END""",
    f"""CREATE TRIGGER blog_post_fts_delete AFTER DELETE ON blog_post BEGIN
        INSERT INTO blog_post_fts(blog_post_fts, rowid, {COLUMNS}) VALUES ('delete', old.id, {OLD});
    END""",
    f"""CREATE TRIGGER blog_post_fts_update AFTER UPDATE OF {COLUMNS} ON blog_post BEGIN
        INSERT INTO blog_post_fts(blog_post_fts, rowid, {COLUMNS}) VALUES ('delete', old.id, {OLD});
        INSERT INTO blog_post_fts(rowid, {COLUMNS}) VALUES (new.id, {NEW});
    END""",
    "INSERT INTO blog_post_fts(blog_post_fts) VALUES ('rebuild')",
]
# Migration 0004's index, for going back.
OLD_INDEX = [
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


def fill_terms(apps, schema_editor):
    from core.text_analysis import extra_terms, terms

    Post = apps.get_model("blog", "Post")
    PostAuthor = apps.get_model("blog", "PostAuthor")
    TaggedItem = apps.get_model("taggit", "TaggedItem")
    ContentType = apps.get_model("contenttypes", "ContentType")
    post_type = ContentType.objects.filter(app_label="blog", model="post").first()
    for post in Post.objects.iterator():
        names = list(
            PostAuthor.objects.filter(post=post)
            .order_by("position")
            .values_list("author__display_name", flat=True)
        )
        if post_type:
            names += list(
                TaggedItem.objects.filter(content_type=post_type, object_id=post.pk)
                .values_list("tag__name", flat=True)
            )
        labels = "\n".join(names)
        Post.objects.filter(pk=post.pk).update(
            search_title=" ".join(terms(post.title)),
            search_labels=" ".join([*terms(labels), *extra_terms(labels)]),
            search_body=" ".join(terms(post.search_text)),
            search_extra=" ".join(extra_terms(f"{post.title}\n{post.search_text}")),
        )


def sqlite(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            for statement in statements:
                schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0014_postimage_import_key"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [
        migrations.AddField(
            model_name="post",
            name="search_body",
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.AddField(
            model_name="post",
            name="search_extra",
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.AddField(
            model_name="post",
            name="search_labels",
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.AddField(
            model_name="post",
            name="search_title",
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.RunPython(sqlite(DROP), sqlite(DROP + OLD_INDEX)),
        migrations.RunPython(fill_terms, migrations.RunPython.noop),
        migrations.RunPython(sqlite(CREATE), sqlite(DROP)),
    ]
