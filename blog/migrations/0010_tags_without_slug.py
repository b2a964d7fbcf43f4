"""Tags saved before blog.signals gave every tag an address: an empty slug gets one."""

from django.db import migrations

from core.slugs import unique_slug


def give_empty_slugs_one(apps, schema_editor):
    for tag in apps.get_model("taggit", "Tag").objects.filter(slug=""):
        tag.slug = unique_slug(tag, tag.name, fallback="tag")
        tag.save(update_fields=["slug"])


class Migration(migrations.Migration):
    dependencies = [("blog", "0009_postgresql_unaccented_search")]

    operations = [migrations.RunPython(give_empty_slugs_one, migrations.RunPython.noop)]
