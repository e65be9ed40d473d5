from django.db import migrations


def sync(apps, schema_editor):
    from improvement.services import sync_themes

    sync_themes(apps.get_model("improvement", "Theme"))


class Migration(migrations.Migration):
    dependencies = [
        ("improvement", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(sync, migrations.RunPython.noop),
    ]
