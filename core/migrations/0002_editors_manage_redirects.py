from django.db import migrations

from core.roles import grant_to_existing_role

REDIRECTS = ["core.view_redirect", "core.add_redirect", "core.change_redirect", "core.delete_redirect"]


def grant(apps, schema_editor):
    grant_to_existing_role(apps, "Editor", REDIRECTS)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_redirect"),
        ("blog", "0007_roles"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
