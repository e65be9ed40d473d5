"""BriefingExport becomes a tracked job (config.jobs.TrackedJob): its build_attempts and started_at take the shared
names, attempts and claimed_at, keeping their values; it keeps the id of the task that claimed it, as documents do,
so the same task delivered again after its worker was killed may claim it again."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("improvement", "0005_action_plan_versions_and_export_queueing"),
    ]

    operations = [
        migrations.RenameField(model_name="briefingexport", old_name="build_attempts", new_name="attempts"),
        migrations.RenameField(model_name="briefingexport", old_name="started_at", new_name="claimed_at"),
        migrations.AlterField(
            model_name="briefingexport",
            name="attempts",
            field=models.PositiveSmallIntegerField(
                default=0, help_text="How many times a worker has claimed it since a person last queued it."
            ),
        ),
        migrations.AddField(
            model_name="briefingexport",
            name="task_id",
            field=models.CharField(blank=True, max_length=64),
        ),
    ]
