"""Data migrations of people, run from the state before them on real rows."""

from __future__ import annotations

import datetime

import pytest

from lotsa.testing.migrations import migrate, migrate_to_latest

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("people", "0001_initial"), ("pathways", "0006_open_enrolment_index")]
AFTER = [("people", "0002_consent_given_to_and_sharing_scope")]


def test_existing_consents_are_given_to_the_recorders_organisation() -> None:
    apps = migrate(BEFORE)
    try:
        organisation = apps.get_model("organisations", "Organisation")
        unit_model = apps.get_model("organisations", "Unit")
        user_model = apps.get_model("accounts", "User")
        membership = apps.get_model("organisations", "Membership")
        participant_model = apps.get_model("people", "Participant")
        enrolment = apps.get_model("pathways", "Enrolment")
        consent = apps.get_model("people", "Consent")
        day = datetime.date(2026, 1, 5)
        region = organisation.objects.create(
            name="Region", kind="region", country="SE", organisation_number="1"
        )
        town = organisation.objects.create(
            name="Kommun", kind="municipality", country="SE", organisation_number="2"
        )
        psychiatry = unit_model.objects.create(organisation=region, name="Psykiatri")
        ips = unit_model.objects.create(organisation=town, name="IPS")
        coach = user_model.objects.create(username="coach")
        membership.objects.create(user=coach, unit=ips, employer=town, role="coach", starts_on=day)
        person = participant_model.objects.create(code_name="AAA-1111", birth_year=1980)
        for unit, referred in ((psychiatry, day), (ips, day + datetime.timedelta(days=3))):
            enrolment.objects.create(
                participant=person, unit=unit, programme_model="ips", referral_date=referred
            )
        sharing = consent.objects.create(
            participant=person,
            kind="information_sharing",
            organisation=region,
            given_on=day,
            recorded_by=coach,
        )
        participation = consent.objects.create(
            participant=person, kind="participation", given_on=day, recorded_by=coach
        )

        apps = migrate(AFTER)
        migrated = apps.get_model("people", "Consent")
        sharing = migrated.objects.get(pk=sharing.pk)
        participation = migrated.objects.get(pk=participation.pk)
        # The coach works at the IPS unit, although the earliest enrolment is in psychiatry.
        assert (sharing.given_to_id, sharing.sharing_scope) == (town.pk, "summary")
        assert (participation.given_to_id, participation.sharing_scope) == (town.pk, "")
    finally:
        migrate_to_latest()
