"""OffboardingTask becomes Task, and says what handed it out (issue 16)."""

from django.conf import settings
from django.db import migrations, models


def fill_origin(apps, schema_editor):
    Task = apps.get_model("governance", "Task")
    Task.objects.filter(offboarding__isnull=False).update(origin="offboarding")
    Task.objects.filter(review_item__isnull=False).update(origin="review")
    Task.objects.filter(offboarding__isnull=True, review_item__isnull=True).update(origin="expiry")


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0007_reminder_lines_and_back_off"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameModel("OffboardingTask", "Task"),
        migrations.RenameIndex(
            model_name="task",
            new_name="governance__assigne_cccf8d_idx",
            old_name="governance__assigne_930d9a_idx",
        ),
        migrations.AlterModelOptions(
            name="task",
            options={
                "ordering": ["offboarding", "status", "kind", "channel"],
                "verbose_name": "task",
                "verbose_name_plural": "tasks",
            },
        ),
        migrations.AlterField(
            model_name="task",
            name="assignee",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=models.deletion.PROTECT,
                related_name="tasks",
                to=settings.AUTH_USER_MODEL,
                verbose_name="assignee",
            ),
        ),
        migrations.AddField(
            model_name="task",
            name="origin",
            field=models.CharField(
                choices=[
                    ("offboarding", "Off-boarding"),
                    ("review", "Access review"),
                    ("expiry", "Expired grant"),
                ],
                default="expiry",
                max_length=12,
                verbose_name="origin",
            ),
            preserve_default=False,
        ),
        migrations.RunPython(fill_origin, migrations.RunPython.noop),
        migrations.RemoveConstraint(model_name="task", name="task_has_at_most_one_origin"),
        migrations.AddConstraint(
            model_name="task",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(
                        ("offboarding__isnull", False),
                        ("origin", "offboarding"),
                        ("review_item__isnull", True),
                    ),
                    models.Q(
                        ("offboarding__isnull", True),
                        ("origin", "review"),
                        ("review_item__isnull", False),
                    ),
                    models.Q(
                        ("grant__isnull", False),
                        ("offboarding__isnull", True),
                        ("origin", "expiry"),
                        ("review_item__isnull", True),
                    ),
                    _connector="OR",
                ),
                name="task_origin_matches_its_record",
            ),
        ),
    ]
