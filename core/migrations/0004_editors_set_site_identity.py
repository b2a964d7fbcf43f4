from django.db import migrations

from core.roles import SITE_IDENTITY, grant_to_existing_role


def grant(apps, schema_editor):
    grant_to_existing_role(apps, "Editor", SITE_IDENTITY)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_site_identity"),
        ("blog", "0007_roles"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
