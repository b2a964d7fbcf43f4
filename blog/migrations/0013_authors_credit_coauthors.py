from django.db import migrations

from core.roles import grant_to_existing_role

BYLINES = ["blog.add_postauthor", "blog.change_postauthor", "blog.delete_postauthor"]


def grant(apps, schema_editor):
    grant_to_existing_role(apps, "Author", BYLINES)


class Migration(migrations.Migration):
    dependencies = [("blog", "0012_clean_image_fields")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
