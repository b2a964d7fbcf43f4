from django.db import migrations

from core.roles import FOLLOWERS, grant_to_existing_role


def grant(apps, schema_editor):
    grant_to_existing_role(apps, "Editor", FOLLOWERS)


class Migration(migrations.Migration):
    dependencies = [
        ("following", "0001_initial"),
        ("blog", "0007_roles"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
