import json

from django.db import migrations, models


def lines_to_notes(apps, schema_editor):
    # Notes written before were English lines; each becomes a note of its own, shown as it is.
    Post = apps.get_model("blog", "Post")
    for post in Post.objects.exclude(import_notes="").only("pk", "import_notes").iterator():
        notes = [{"message": line, "values": {}} for line in post.import_notes.splitlines()]
        Post.objects.filter(pk=post.pk).update(import_notes=json.dumps(notes))
    Post.objects.filter(import_notes="").update(import_notes="[]")


def notes_to_lines(apps, schema_editor):
    Post = apps.get_model("blog", "Post")
    for post in Post.objects.only("pk", "import_notes").iterator():
        lines = "\n".join(note["message"] for note in json.loads(post.import_notes or "[]"))
        Post.objects.filter(pk=post.pk).update(import_notes=lines)


class Migration(migrations.Migration):
    dependencies = [("blog", "0016_postgresql_search_vector")]

    operations = [
        migrations.RunPython(lines_to_notes, notes_to_lines),
        migrations.AlterField(
            model_name="post",
            name="import_notes",
            field=models.JSONField(
                blank=True, default=list, editable=False, verbose_name="import notes"
            ),
        ),
    ]
