from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("comments", "0005_moderation_note_as_message")]

    operations = [
        migrations.AlterField(
            model_name="comment",
            name="moderation_note",
            field=models.JSONField(
                blank=True,
                default=dict,
                editable=False,
                help_text="Why it was held or refused.",
                verbose_name="moderation note",
            ),
        ),
    ]
