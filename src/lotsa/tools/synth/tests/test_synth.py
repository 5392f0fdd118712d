"""The synthetic dataset: what it holds, and that it never replaces data that is not synthetic."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, Q
from django.utils import timezone

from lotsa.casework.models import Contact
from lotsa.cohorts.models import Attendance, CohortMember
from lotsa.employment.models import Employer, Job, VocationalProfile
from lotsa.employment.queries import stale_first_employer_contacts
from lotsa.fidelity.models import FidelityReview
from lotsa.organisations.models import Membership, Unit
from lotsa.outcomes import queries, reports
from lotsa.outcomes.periods import parse_period
from lotsa.pathways.definitions.registry import registry
from lotsa.pathways.models import BenefitFacts, Enrolment, FollowUp, UnitProgramme
from lotsa.people.identity import parse_identity_number
from lotsa.people.models import Participant
from lotsa.referrals.models import Referral, ReferralStatus
from lotsa.surveys.instruments import instrument
from lotsa.surveys.models import Response, SurveyKey
from lotsa.testing.factories import ParticipantFactory
from lotsa.timereports.models import TimeReport
from lotsa.tools.synth.models import SyntheticDataset
from lotsa.tools.synth.scales import COUNTY, NATIONAL, TINY
from lotsa.worktraining.models import ActivityOffer, Incident

pytestmark = pytest.mark.django_db(transaction=True)


def synth(*args: str) -> str:
    out = StringIO()
    call_command("synth", "--scale", "tiny", *args, stdout=out)
    return out.getvalue()


def test_the_scales_hold_what_a_country_and_a_county_have() -> None:
    assert (NATIONAL.units, NATIONAL.staff, NATIONAL.participants) == (300, 3_000, 300_000)
    assert (NATIONAL.enrolments, NATIONAL.contacts) == (400_000, 8_000_000)
    assert (NATIONAL.employer_contacts, NATIONAL.employers, NATIONAL.jobs) == (
        1_500_000,
        60_000,
        250_000,
    )
    assert COUNTY.participants * 20 == NATIONAL.participants
    assert COUNTY.contacts * 20 == NATIONAL.contacts


def test_a_tiny_dataset_is_complete_and_consistent() -> None:
    output = synth()
    assert "Loaded the tiny dataset" in output
    assert Participant.objects.count() == TINY.participants
    assert Contact.objects.count() == TINY.contacts
    assert Job.objects.count() == TINY.jobs
    assert Employer.objects.count() == TINY.employers
    assert Unit.objects.count() == TINY.units
    assert TINY.participants < Enrolment.objects.count() <= TINY.enrolments
    assert set(UnitProgramme.objects.values_list("programme_code", flat=True)) >= {"ips", "jom"}
    for participant in Participant.objects.all()[:50]:
        parsed = parse_identity_number(participant.identity_number, participant.identity_country)
        assert parsed.number == participant.identity_number
        assert parsed.birth_date.year == participant.birth_year
    assert not Enrolment.objects.filter(start_date__lt=models_f("referral_date")).exists()
    assert not Enrolment.objects.filter(status="declined", start_date__isnull=False).exists()
    assert not Enrolment.objects.filter(status="exited", end_date__isnull=True).exists()
    assert not Contact.objects.filter(occurred_on__lt=models_f("enrolment__start_date")).exists()
    assert not Job.objects.filter(starts_on__lt=models_f("enrolment__start_date")).exists()
    ips_units = UnitProgramme.objects.filter(programme_code="ips").values("unit")
    assert FidelityReview.objects.filter(status="final").values("unit").distinct().count() == (
        ips_units.count()
    )
    coaches = Membership.objects.filter(role="coach").count()
    active = Enrolment.objects.filter(status="active").count()
    assert 15 <= active / coaches <= 35  # caseloads as in real services
    # Everyone lived on something when referred; those who left for work live on a salary.
    assert not Enrolment.objects.filter(baseline_income_sources=[]).exists()
    to_work = Enrolment.objects.filter(outcome="work")
    assert to_work.exists()
    assert not to_work.exclude(exit_income_sources=["salary"]).exists()
    baselines = list(Enrolment.objects.values_list("baseline_income_sources", flat=True))
    assert sum("social_assistance" in sources for sources in baselines) > len(baselines) // 5
    assert Enrolment.objects.exclude(first_employer_contact_on=None).count() > 50
    assert not stale_first_employer_contacts(Enrolment.objects.all()).exists()
    dataset = SyntheticDataset.objects.get()
    assert dataset.rows["casework_contact"] == TINY.contacts
    # Every started case of a group-based model is in its unit's cohort of its start month,
    # and the follow-ups recorded are due and of the model's statuses.
    started_jom = Enrolment.objects.filter(programme_model="jom", start_date__isnull=False)
    assert CohortMember.objects.filter(enrolment__programme_model="jom").count() == (
        started_jom.count()
    )
    assert not CohortMember.objects.exclude(cohort__unit=models_f("enrolment__unit")).exists()
    assert (
        not CohortMember.objects.filter(cohort__work_unit=None)
        .exclude(
            cohort__starts_on__year=models_f("joined_on__year"),
            cohort__starts_on__month=models_f("joined_on__month"),
        )
        .exists()
    )
    after_exit = FollowUp.objects.filter(code="six_months_after_end")
    assert after_exit.count() > 10
    assert not after_exit.exclude(enrolment__status="exited").exists()
    assert not FollowUp.objects.filter(observed_on__gt=timezone.localdate()).exists()
    statuses = set(registry().get("jom").follow_ups["six_months_after_end"].statuses)
    assert set(after_exit.values_list("status", flat=True)) <= statuses
    # Most IPS cases have a first vocational profile, written after their start.
    started_ips = Enrolment.objects.filter(programme_model="ips", start_date__isnull=False)
    first_profiles = VocationalProfile.objects.filter(version=1)
    assert first_profiles.count() > started_ips.count() // 2
    assert not first_profiles.exclude(enrolment__programme_model="ips").exists()
    assert not first_profiles.filter(written_on__lt=models_f("enrolment__start_date")).exists()
    assert VocationalProfile.objects.filter(version=2).exists()


def test_the_joint_case_has_benefits_time_reports_and_referrals() -> None:
    synth()
    amia = Enrolment.objects.filter(programme_model="amia", start_date__isnull=False)
    assert BenefitFacts.objects.count() == amia.count() > 0
    reports = TimeReport.objects.all()
    assert reports.exists()
    assert not reports.exclude(enrolment__programme_model="amia").exists()
    # Every report's weeks cover its month exactly, each under one of the model's agencies.
    for report in reports.annotate(days=Count("weeks"))[:40]:
        weeks = sorted(report.weeks.all(), key=lambda week: week.starts_on)
        assert weeks[0].starts_on == report.month
        assert weeks[-1].ends_on.month == report.month.month
        assert {week.agency for week in weeks} <= {"forsakringskassan", "arbetsformedlingen"}
    assert not reports.filter(signed_on__lt=models_f("month")).exists()
    accepted = Referral.objects.filter(status=ReferralStatus.ACCEPTED)
    assert accepted.exists()
    assert not accepted.exclude(participant=models_f("enrolment__participant")).exists()
    assert not accepted.exclude(to_unit=models_f("enrolment__unit")).exists()
    assert not Referral.objects.filter(from_unit=models_f("to_unit")).exists()
    waiting = Referral.objects.filter(status=ReferralStatus.SENT)
    assert waiting.values("to_unit").distinct().count() == TINY.units
    assert not waiting.exclude(participant=None).exists()
    assert all(referral.person_name for referral in waiting[:20])


def test_the_work_training_units_have_work_groups_attendance_incidents_and_offers() -> None:
    synth()
    started = Enrolment.objects.filter(programme_model="knut_pv", start_date__isnull=False)
    # Every started case works in one work unit of its own unit, from its start to its end.
    in_groups = CohortMember.objects.filter(cohort__work_unit__isnull=False)
    assert in_groups.count() == started.count() > 0
    assert not in_groups.exclude(cohort__work_unit__unit=models_f("enrolment__unit")).exists()
    assert not in_groups.exclude(joined_on=models_f("enrolment__start_date")).exists()
    # Attendance only on weekdays of the member's time in the group, never in the future.
    days = Attendance.objects.filter(session__cohort__work_unit__isnull=False)
    assert days.count() > 10_000
    assert not days.filter(session__starts_at__date__gte=timezone.localdate()).exists()
    assert not days.filter(session__starts_at__week_day__in=(1, 7)).exists()  # Sunday, Saturday
    assert not days.filter(session__starts_at__date__lt=models_f("enrolment__start_date")).exists()
    assert not days.filter(session__starts_at__date__gt=models_f("enrolment__end_date")).exists()
    assert not days.exclude(session__cohort__members__enrolment=models_f("enrolment")).exists()
    shares = dict(days.values_list("status").annotate(n=Count("pk")))
    assert shares["present"] > 10 * shares["sick"] // 2 > 0
    assert not days.filter(status="late", minutes_late=None).exists()
    assert not days.exclude(status="late").exclude(minutes_late=None).exists()
    # Everyone sent home has an incident that day in that work unit; half lose the day's pay.
    sent_home = Incident.objects.filter(sent_home=True)
    assert sent_home.count() == days.filter(status="sent_home").count() > 0
    assert 0.3 < sent_home.filter(without_compensation=True).count() / sent_home.count() < 0.7
    assert not Incident.objects.filter(without_compensation=True, sent_home=False).exists()
    assert (
        not Incident.objects.exclude(kind="alcohol_or_drugs")
        .exclude(breath_test_per_mille=None)
        .exists()
    )
    # Work units presented to participants: those of their unit, decided or still open.
    offers = ActivityOffer.objects.all()
    assert offers.count() >= started.count()
    assert not offers.exclude(work_unit__unit=models_f("enrolment__unit")).exists()
    assert set(offers.values_list("outcome", flat=True)) == {"chosen", "declined", "pending"}
    # Staff are counted by sex and title in the gender statistics.
    knut = Membership.objects.filter(unit__work_units__isnull=False, role="coach")
    assert {"female", "male"} <= set(knut.values_list("user__sex", flat=True))
    assert "arbetshandledare" in set(knut.values_list("title", flat=True))


def models_f(name: str):  # noqa: ANN201 - a shorthand for the consistency checks
    from django.db.models import F

    return F(name)


def test_the_reports_run_on_it_and_new_records_get_fresh_ids() -> None:
    synth()
    ips_units = UnitProgramme.objects.filter(programme_code="ips").values("unit")
    manager = Membership.objects.filter(role="manager", unit__in=ips_units).first().user
    today = timezone.localdate()
    params = {"start": "2020-01-01", "end": today.isoformat()}
    view = queries.report_view(manager, reports.REPORTS["ips"], params, parse_period(params, today))
    served = view.tables[0].total("served").value
    rate = view.tables[0].total("employment_rate").value
    assert served > 0 and 15 <= rate <= 70
    participant = ParticipantFactory()  # the sequences were moved past the loaded ids
    assert participant.pk > TINY.participants


def test_a_synthetic_database_is_replaced_not_added_to() -> None:
    synth()
    synth("--seed", "7")
    assert Participant.objects.count() == TINY.participants
    assert SyntheticDataset.objects.get().seed == 7


def test_a_database_with_other_data_is_refused() -> None:
    ParticipantFactory()
    with pytest.raises(CommandError, match="not marked synthetic"):
        synth()
    assert Participant.objects.count() == 1
    assert not SyntheticDataset.objects.exists()
    assert not Enrolment.objects.aggregate(n=Count("pk", filter=Q(status="active")))["n"]


def test_a_negative_seed_is_refused_before_anything_is_emptied() -> None:
    synth()
    with pytest.raises(CommandError):
        synth("--seed", "-1")
    assert Participant.objects.count() == TINY.participants


def test_the_surveys_are_answered_under_ids_of_the_programme_s_cases() -> None:
    synth()
    keys = SurveyKey.objects.select_related("survey_id")
    assert keys.exists()
    # Each key joins an ID to a participant with a started case of that programme and unit.
    for key in keys[:40]:
        assert Enrolment.objects.filter(
            participant=key.participant_id,
            programme_model=key.programme,
            unit=key.survey_id.unit_id,
            start_date__lte=key.survey_id.issued_on,
        ).exists()
        assert key.survey_id.sex == Participant.objects.get(pk=key.participant_id).sex
    responses = Response.objects.all()
    assert responses.filter(wave="t1").count() > responses.filter(wave="t3").count() > 0
    # Every answer is a value of its item's scale; paper answers name who typed them in.
    for response in responses.prefetch_related("answers")[:40]:
        items = instrument(response.instrument, response.version)
        for answer in response.answers.all():
            assert answer.value in items.item(answer.item).scale.values  # type: ignore[union-attr]
    assert not responses.filter(channel="paper", entered_by=None).exists()
    assert not responses.exclude(channel="paper").exclude(entered_by=None).exists()
