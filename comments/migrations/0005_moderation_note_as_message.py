import json

from django.db import migrations


def text_to_note(apps, schema_editor):
    # Notes written before were text in the commenter's language; each is kept as it is.
    Comment = apps.get_model("comments", "Comment")
    for comment in Comment.objects.exclude(moderation_note="").only("pk", "moderation_note"):
        note = {"message": comment.moderation_note, "values": {}}
        Comment.objects.filter(pk=comment.pk).update(moderation_note=json.dumps(note))
    Comment.objects.filter(moderation_note="").update(moderation_note="{}")


def note_to_text(apps, schema_editor):
    Comment = apps.get_model("comments", "Comment")
    for comment in Comment.objects.only("pk", "moderation_note").iterator():
        note = json.loads(comment.moderation_note or "{}")
        text = note.get("message", "")
        if note.get("values"):
            text %= note["values"]
        Comment.objects.filter(pk=comment.pk).update(moderation_note=text[:255])


class Migration(migrations.Migration):
    dependencies = [("comments", "0004_moderation_note_as_text")]

    operations = [migrations.RunPython(text_to_note, note_to_text)]
