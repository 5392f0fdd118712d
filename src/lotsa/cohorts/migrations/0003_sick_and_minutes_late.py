from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cohorts", "0002_group_activities"),
    ]

    operations = [
        migrations.AddField(
            model_name="attendance",
            name="minutes_late",
            field=models.PositiveSmallIntegerField(
                blank=True, null=True, verbose_name="minutes late"
            ),
        ),
        migrations.AlterField(
            model_name="attendance",
            name="status",
            field=models.CharField(
                choices=[
                    ("present", "Present"),
                    ("late", "Late"),
                    ("absent_notice", "Absent with notice"),
                    ("absent_no_notice", "Absent without notice"),
                    ("sent_home", "Sent home"),
                    ("sick", "Sick"),
                ],
                max_length=20,
                verbose_name="attendance",
            ),
        ),
        migrations.AddConstraint(
            model_name="attendance",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("minutes_late__isnull", True),
                    models.Q(("minutes_late__gte", 0), ("status", "late")),
                    _connector="OR",
                ),
                name="attendance_minutes_late_only_when_late",
            ),
        ),
    ]
