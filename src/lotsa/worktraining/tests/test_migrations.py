"""Data migrations of the work-training records, run from the state before them on real rows."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from lotsa.testing.migrations import migrate, migrate_to_latest

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("worktraining", "0003_merge_work_training_records")]
AFTER = [("worktraining", "0004_keep_published_schedule_versions")]


def test_a_week_published_before_versions_were_kept_becomes_its_first_version() -> None:
    apps = migrate(BEFORE)
    try:
        organisation = apps.get_model("organisations", "Organisation").objects.create(
            name="Testvik kommun", kind="municipality", country="SE", organisation_number="9"
        )
        unit = apps.get_model("organisations", "Unit").objects.create(
            organisation=organisation, name="Arbetsträningen"
        )
        work_unit = apps.get_model("worktraining", "WorkUnit").objects.create(
            unit=unit, name="Snickeriet", financing="mixed"
        )
        supervisor = apps.get_model("accounts", "User").objects.create(username="handledare")
        schedule_model = apps.get_model("worktraining", "WeeklySchedule")
        published_on = datetime.date(2026, 11, 23)
        published = schedule_model.objects.create(
            work_unit=work_unit,
            week_starting=published_on,
            published_on=published_on,
            published_by=supervisor,
        )
        unpublished = schedule_model.objects.create(
            work_unit=work_unit, week_starting=published_on + datetime.timedelta(days=7)
        )
        for schedule, activity in ((published, "Slipning"), (unpublished, "Inventering")):
            apps.get_model("worktraining", "ScheduleEntry").objects.create(
                schedule=schedule,
                weekday=1,
                starts_at=datetime.time(8),
                ends_at=datetime.time(12),
                activity=activity,
                place="Verkstaden",
            )

        apps = migrate(AFTER)

        version_model = apps.get_model("worktraining", "ScheduleVersion")
        (version,) = version_model.objects.all()
        assert (version.schedule_id, version.number, version.published_by_id) == (
            published.pk,
            1,
            supervisor.pk,
        )
        assert timezone.localdate(version.published_at) == published_on
        lines = apps.get_model("worktraining", "ScheduleVersionLine").objects.filter(
            version=version
        )
        assert list(lines.values_list("weekday", "activity", "place", "enrolment_id")) == [
            (1, "Slipning", "Verkstaden", None)
        ]
    finally:
        migrate_to_latest()
