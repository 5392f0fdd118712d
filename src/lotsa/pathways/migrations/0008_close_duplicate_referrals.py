"""Before one open enrolment per participant, unit and model becomes a rule of the database:
close the duplicates that referrals made at the same moment left behind.

Of the open enrolments of one participant in one model at one unit, the one that started (or,
if none did, the first referral) stays open; the others, never started, are declined as
duplicates on their referral day, with an entry in their history saying why. Two or more that
have started cannot be told apart without the staff: the migration stops and names them, to
be ended on the case pages first. Rerunnable: a second run finds nothing to close."""

from django.db import migrations
from django.db.models import Count

OPEN = ("referred", "active", "paused")
NOTE = "Duplicate referral: closed when only one open enrolment per unit and model was allowed."


def close_duplicates(apps, schema_editor):  # type: ignore[no-untyped-def]  # RunPython passes historical apps
    enrolment = apps.get_model("pathways", "Enrolment")
    event = apps.get_model("pathways", "EnrolmentEvent")
    groups = (
        enrolment.objects.filter(status__in=OPEN)
        .values("participant_id", "unit_id", "programme_model")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
    )
    started_twice = []
    for group in groups:
        rows = list(
            enrolment.objects.filter(
                status__in=OPEN, **{k: group[k] for k in group if k != "n"}
            ).order_by("referral_date", "id")
        )
        started = [row for row in rows if row.status != "referred"]
        if len(started) > 1:
            started_twice.append(", ".join(str(row.pk) for row in started))
            continue
        kept = started[0] if started else rows[0]
        for row in rows:
            if row.pk == kept.pk:
                continue
            row.status, row.decline_reason, row.end_date = (
                "declined",
                "duplicate",
                row.referral_date,
            )
            row.save(update_fields=["status", "decline_reason", "end_date"])
            event.objects.create(
                enrolment=row, kind="declined", occurred_on=row.referral_date, note=NOTE
            )
    if started_twice:
        raise RuntimeError(
            "These enrolments were started more than once for the same participant, unit and "
            "programme model; end all but one of each group, then migrate again: "
            + "; ".join(started_twice)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("pathways", "0007_benefit_facts_and_unit_settings"),
    ]

    operations = [
        migrations.RunPython(close_duplicates, migrations.RunPython.noop, elidable=True),
    ]
