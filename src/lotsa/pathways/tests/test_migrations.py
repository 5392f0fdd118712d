"""Data migrations of enrolments, run from the state before them on real rows."""

from __future__ import annotations

import datetime

import pytest

from lotsa.testing.migrations import migrate, migrate_to_latest

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("pathways", "0007_benefit_facts_and_unit_settings")]
AFTER = [("pathways", "0009_one_open_enrolment")]


def test_duplicate_open_referrals_are_closed_and_the_started_one_kept() -> None:
    apps = migrate(BEFORE)
    try:
        organisation = apps.get_model("organisations", "Organisation")
        unit_model = apps.get_model("organisations", "Unit")
        participant_model = apps.get_model("people", "Participant")
        enrolment = apps.get_model("pathways", "Enrolment")
        day = datetime.date(2026, 1, 5)
        town = organisation.objects.create(
            name="Kommun", kind="municipality", country="SE", organisation_number="2"
        )
        ips = unit_model.objects.create(organisation=town, name="IPS")
        person = participant_model.objects.create(code_name="AAA-1111", birth_year=1980)
        other = participant_model.objects.create(code_name="AAA-2222", birth_year=1981)

        def refer(who, status="referred", model="ips"):  # type: ignore[no-untyped-def]
            return enrolment.objects.create(
                participant=who, unit=ips, programme_model=model, referral_date=day, status=status
            ).pk

        first, started, third = refer(person), refer(person, "active"), refer(person)
        alone, ended = refer(other), refer(other, "exited")
        other_model = refer(other, model="amia")

        apps = migrate(AFTER)
        migrated = apps.get_model("pathways", "Enrolment")
        statuses = dict(migrated.objects.values_list("pk", "status"))
        assert statuses == {
            first: "declined",
            started: "active",
            third: "declined",
            alone: "referred",
            ended: "exited",
            other_model: "referred",
        }
        closed = migrated.objects.get(pk=first)
        assert (closed.decline_reason, closed.end_date) == ("duplicate", day)
        history = apps.get_model("pathways", "EnrolmentEvent").objects.get(enrolment_id=third)
        assert history.kind == "declined" and "Duplicate referral" in history.note
    finally:
        migrate_to_latest()
