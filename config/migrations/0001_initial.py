from django.db import migrations, models

from config.content_version import drop_triggers


class Migration(migrations.Migration):
    """The content version. Its triggers are installed after every `migrate` (config.content_version), once the
    watched tables exist; unapplying this migration removes them first."""

    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="ContentVersion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("number", models.BigIntegerField(default=0)),
                ("changed_at", models.DateTimeField(null=True)),
            ],
        ),
        migrations.RunPython(migrations.RunPython.noop, drop_triggers),
    ]
