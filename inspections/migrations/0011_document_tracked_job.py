"""Document becomes a tracked job (config.jobs.TrackedJob): its parse_attempts and started_at take the shared names,
attempts and claimed_at, keeping their values."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("inspections", "0010_official_statistics"),
    ]

    operations = [
        migrations.RenameField(model_name="document", old_name="parse_attempts", new_name="attempts"),
        migrations.RenameField(model_name="document", old_name="started_at", new_name="claimed_at"),
        migrations.AlterField(
            model_name="document",
            name="attempts",
            field=models.PositiveSmallIntegerField(
                default=0, help_text="How many times a worker has claimed it since a person last queued it."
            ),
        ),
        migrations.AlterField(
            model_name="document",
            name="queued_at",
            field=models.DateTimeField(blank=True, help_text="When its task was last sent.", null=True),
        ),
    ]
