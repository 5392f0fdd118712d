from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("pathways", "0008_close_duplicate_referrals"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="enrolment",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status__in", ["referred", "active", "paused"])),
                fields=("participant", "unit", "programme_model"),
                name="one_open_enrolment",
            ),
        ),
    ]
