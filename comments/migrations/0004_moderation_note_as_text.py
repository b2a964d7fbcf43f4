from django.db import migrations, models


class Migration(migrations.Migration):
    """The moderation note becomes a note that each writer reads in her language (0005 turns
    the old text into notes, 0006 makes the column JSON). Each step is a migration of its own:
    PostgreSQL refuses to alter a table in the transaction that updated its rows."""

    dependencies = [("comments", "0003_comment_import_key")]

    # Through text: a note as JSON may be longer than the old column's 255 characters.
    operations = [
        migrations.AlterField(
            model_name="comment",
            name="moderation_note",
            field=models.TextField(blank=True),
        ),
    ]
