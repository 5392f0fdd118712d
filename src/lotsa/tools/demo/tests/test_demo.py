from __future__ import annotations

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from lotsa.accounts.models import User
from lotsa.audit.verify import verify_chain
from lotsa.casework.models import Meeting
from lotsa.casework.queries import caseload_for
from lotsa.documents.models import FinalDocument
from lotsa.fidelity.models import ImprovementAction
from lotsa.improvement.models import Improvement, Source
from lotsa.organisations.models import Membership, Organisation, Role, Unit
from lotsa.outcomes.periods import Period, parse_period
from lotsa.outcomes.queries import report_view
from lotsa.outcomes.reports import REPORTS
from lotsa.participant_space.models import Message
from lotsa.pathways.deadlines import DeadlineState
from lotsa.pathways.models import Enrolment, FollowUp, Milestone
from lotsa.people.identity import parse_identity_number
from lotsa.people.models import IDENTIFYING_FIELDS, Consent, Participant
from lotsa.referrals.models import Referral
from lotsa.retention.models import RetentionRule
from lotsa.socioeconomics.report import socioeconomic_report
from lotsa.surveys.models import Channel, Finding, Response, SurveyKey
from lotsa.timereports.models import TimeReport
from lotsa.tools.demo.builder import PASSWORD, DemoBuilder
from lotsa.tools.demo.jom_course import REFERRED
from lotsa.tools.demo.logins import PROGRAMME_NAMES
from lotsa.tools.demo.management.commands.demo import sign_in_url
from lotsa.tools.demo.participant_logins import PARTICIPANT_LOGINS
from lotsa.tools.demo.surveys import WORK_TRAINING_UNIT
from lotsa.worktraining.gender import gender_statistics_for

# The demo is built back from today; on the real clock a build that runs over midnight in
# Stockholm sees today change half-way and refuses its own dates. The suite's fixed day (10:00,
# time running) keeps the build within one day.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]


def numbers() -> list[str]:
    return list(
        Participant.objects.exclude(identity_number=None)
        .order_by("pk")
        .values_list("identity_number", flat=True)
    )


def test_the_demo_builds_a_realistic_valid_dataset() -> None:
    logins = DemoBuilder(participants=60, anonymous=4, amia_cases_per_stage=1).build()
    assert {login.username for login in logins} >= {
        "coach.asunda",
        "fk.caseworker",
        "jobcentre.sundby",
        "admin",
        "analyst",
    }
    assert set(Organisation.objects.values_list("country", flat=True)) == {"SE", "DK"}
    # The JOM provider's teacher works in the jobcentre's unit, which has no second JOM unit.
    assert Unit.objects.count() == 11
    assert 38 <= User.objects.filter(is_participant=False).count() <= 46
    assert User.objects.get(username="coach.asunda").check_password(PASSWORD)
    # A participant of each of IPS, AMiA and JOM signs in to their own space, reaching their
    # own records only; the IPS participant has written to their coach.
    for model, username in PARTICIPANT_LOGINS.items():
        person = User.objects.get(username=username)
        assert person.is_participant and person.check_password(PASSWORD)
        records = person.participant_account.participants.all()
        assert records.filter(enrolments__programme_model=model).exists()
        assert {r.identity_number for r in records} == {person.participant_account.identity_number}
    message = Message.objects.get()
    assert message.account.user.username == PARTICIPANT_LOGINS["ips"]
    assert message.read_at is None
    joint = Unit.objects.get(name="AMiA Mälarbygden")
    caseworkers = Membership.objects.filter(unit=joint, role=Role.COACH)
    assert caseworkers.values("employer").distinct().count() == 2
    # 60 at random, 9 AMiA cases along the timeline in each of the two teams, two people in
    # two organisations, one referred by Försäkringskassan's office and three referred to the
    # JOM course.
    assert Participant.objects.count() == 60 + 18 + 2 + 1 + REFERRED
    for participant in Participant.objects.filter(is_anonymous=False):
        parsed = parse_identity_number(participant.identity_number, participant.identity_country)
        assert parsed.number == participant.identity_number
        assert (parsed.birth_date.year, parsed.sex) == (participant.birth_year, participant.sex)
        countries = {e.unit.organisation.country for e in participant.enrolments.all()}
        assert countries == {participant.identity_country}
    anonymous = Participant.objects.filter(is_anonymous=True)
    assert anonymous.count() == 4
    for participant in anonymous:
        assert all(getattr(participant, name) in ("", None, False) for name in IDENTIFYING_FIELDS)
    assert Consent.objects.filter(kind="participation").count() >= 60
    # the follow-ups that have come are recorded, so the flow and AMiA reports have figures
    assert set(FollowUp.objects.values_list("code", flat=True)) == {
        "ninety_days_after_ali",
        "six_months_after_end",
    }
    assert Milestone.objects.filter(code="ali_end").exists()
    # Åsunda's own retention rule, the research sample kept; the rest keep the default.
    assert list(
        RetentionRule.objects.values_list("organisation__name", "years", "keep_research_sample")
    ) == [("Åsunda kommun", 5, True)]
    # The AMiA cases answer their surveys under IDs the coordinator issued; the work-training
    # unit's user survey came back through its links and its findings were sorted.
    started = Enrolment.objects.filter(unit=joint, start_date__isnull=False)
    assert SurveyKey.objects.filter(participant__enrolments__in=started).count() == started.count()
    paper = Response.objects.filter(channel=Channel.PAPER)
    assert paper.filter(wave="t1").count() == started.count()
    assert paper.filter(wave="t3").exists() and paper.filter(wave="d90").exists()
    assert Response.objects.filter(channel=Channel.LINK, instrument="knut_user").count() == 9
    assert Response.objects.filter(channel=Channel.STAFF).count() == caseworkers.count()
    assert set(Finding.objects.values_list("category", flat=True)) == {
        "can_do_now",
        "cannot_do_now",
        "can_be_eased",
    }
    assert_staff_are_counted_by_sex_and_title()
    # The reviews' recommendations came into the register as each review was finalised; the
    # last of each IPS team's went through a PDSA cycle.
    assert ImprovementAction.objects.exists()
    assert not ImprovementAction.objects.filter(improvement__isnull=True).exists()
    assert Improvement.objects.filter(
        source=Source.FIDELITY, cycles__acted_on__isnull=False
    ).exists()
    assert verify_chain().intact


def assert_staff_are_counted_by_sex_and_title() -> None:
    """Every staff member has a sex and every membership a title, so the work-training unit's
    gender statistics count its staff as women and men under the titles of their posts."""
    assert not User.objects.filter(is_participant=False, sex="").exists()
    assert not Membership.objects.filter(title="").exists()
    unit = Unit.objects.get(name=WORK_TRAINING_UNIT)
    leader = Membership.objects.get(unit=unit, role=Role.SUPERVISOR).user
    statistics = gender_statistics_for(leader, unit.pk, timezone.localdate().year)
    staff = next(figure.table for figure in statistics.figures if figure.code == "staff")
    assert [key for key, _label in staff.columns] == ["female", "male", "unknown", "total"]
    counts = {str(row.metric.name): [cell.value for cell in row.cells] for row in staff.rows}
    assert set(counts) >= {"Arbetshandledare", "Enhetschef", "Verksamhetschef"}
    assert all(unknown == 0 for _women, _men, unknown, _total in counts.values())
    with_women = [title for title, (women, *_rest) in counts.items() if women]
    with_men = [title for title, (_women, men, *_rest) in counts.items() if men]
    assert len(with_women) >= 2 and len(with_men) >= 2, counts


def test_the_demo_shows_the_joint_case_across_its_timeline() -> None:
    DemoBuilder(participants=20, anonymous=1, amia_cases_per_stage=1).build()
    amia = Enrolment.objects.filter(programme_model="amia")
    assert set(amia.values_list("status", flat=True)) == {"referred", "active", "exited"}
    assert not amia.filter(benefit_facts__isnull=True).exists()
    assert set(amia.filter(status="exited").values_list("exit_reason", flat=True)) >= {
        "withdrew_consent",
        "no_programme_capacity",
    }
    signed = FinalDocument.objects.filter(signed_on__isnull=False)
    assert signed.exists()
    assert all(document.approvals.count() == 2 for document in signed)
    assert TimeReport.objects.filter(signed_on__isnull=False).count() > 50
    assert Meeting.objects.filter(meeting_type="capacity_assessment").exists()
    assert FollowUp.objects.filter(code="ninety_days_after_ali").exists()
    assert set(Referral.objects.values_list("status", flat=True)) == {
        "accepted",
        "declined",
        "sent",
    }
    # People in the municipality's IPS and Försäkringskassan's AMiA: one shares, one does not.
    both = Participant.objects.filter(enrolments__programme_model="ips").filter(
        enrolments__programme_model="amia"
    )
    sharing = [
        Consent.objects.in_force_on(timezone.localdate())
        .filter(participant=person, kind="information_sharing")
        .count()
        for person in both
    ]
    assert sorted(sharing) == [0, 2]
    fk = User.objects.get(username="fk.caseworker")
    overdue = [d.code for row in caseload_for(fk) for d in row.overdue]
    # A few real ones (a month's report the participant has not signed), not a wall of red.
    assert len(overdue) <= 5 and set(overdue) <= {"time_report_signed"}
    assert verify_chain().intact


def test_the_same_seed_gives_the_same_people() -> None:
    def people(seed: int) -> list[object]:
        builder = DemoBuilder(seed=seed)
        return [builder.details(country, False) for country in ["SE", "DK"] * 10]

    assert people(7) == people(7)
    assert people(7) != people(8)


def test_the_demo_command_loads_once(capsys) -> None:
    User.objects.create_user("someone", password="x-synthetic-123")
    call_command("demo")
    assert "not loaded again" in capsys.readouterr().out
    assert not Participant.objects.exists()


def test_each_demo_coach_has_a_few_overdue_cases_at_most() -> None:
    """Most cases on track, some due soon, a few overdue: the red means something."""
    DemoBuilder(participants=150, anonymous=4, amia_cases_per_stage=1).build()
    today = timezone.localdate()
    coaches = User.objects.filter(memberships__role=Role.COACH).distinct()
    states: set[str] = set()
    measured = 0
    for coach in coaches:
        open_rows = [row for row in caseload_for(coach, today=today) if row.enrolment.is_open]
        if not open_rows:
            continue
        measured += 1
        overdue = [row for row in open_rows if row.overdue]
        assert len(overdue) * 5 < len(open_rows), (coach.username, len(overdue), len(open_rows))
        states |= {deadline.state for row in open_rows for deadline in row.deadlines}
    assert measured >= 15
    assert {DeadlineState.MET, DeadlineState.DUE, DeadlineState.UPCOMING} <= states


def test_people_in_work_had_their_profile_and_employer_contact_long_before() -> None:
    DemoBuilder(participants=80, anonymous=2, amia_cases_per_stage=1).build()
    in_work = Enrolment.objects.filter(programme_model="ips", status="active", phase="in_work")
    assert in_work.exists()
    for enrolment in in_work:
        milestones = dict(enrolment.milestones.values_list("code", "occurred_on"))
        job_start = enrolment.jobs.order_by("starts_on").values_list("starts_on", flat=True)[0]
        assert milestones["profile_started"] < job_start
        assert milestones["first_employer_contact"] < job_start
        assert enrolment.phase_since == job_start
    # Nobody waits for a first meeting for months: referrals are recent.
    waiting = Enrolment.objects.filter(status="referred").values_list("referral_date", flat=True)
    assert waiting and all((timezone.localdate() - day).days <= 31 for day in waiting)


def test_the_demo_analyst_sees_figures_on_the_reports_of_the_swedish_teams() -> None:
    DemoBuilder(participants=150, anonymous=4, amia_cases_per_stage=1).build()
    analyst = User.objects.get(username="analyst")
    today = timezone.localdate()
    for code in ("ips", "knut", "flow", "contacts"):
        view = report_view(analyst, REPORTS[code], {}, parse_period({}, today))
        assert view.scope.units, code
        shown = [cell.value for _metric, cell in view.headline if not cell.suppressed]
        assert any(shown), (code, shown)


def test_the_demo_prints_where_to_sign_in_and_what_each_login_is(capsys) -> None:
    call_command("demo", address="0.0.0.0:8123", participants=40)
    out = capsys.readouterr().out
    assert "http://127.0.0.1:8123/accounts/login/" in out
    assert "participants and their cases" in out
    lines = {line.split()[0]: line for line in out.splitlines() if line.startswith("  ")}
    assert "FK caseworker (Försäkringskassan)" in lines["fk.caseworker"]
    assert "AF caseworker (Arbetsförmedlingen)" in lines["af.caseworker"]
    assert "Danish jobcentre coach" in lines["jobcentre.sundby"]
    assert "KNUT work supervisor" in lines["worktrainer.asunda"]
    assert "Team leader (IPS)" in lines["teamleader.asunda"]
    for model, username in PARTICIPANT_LOGINS.items():
        assert f"{PROGRAMME_NAMES[model]} participant" in lines[username]


@pytest.mark.parametrize(
    ("address", "url"),
    [
        ("8000", "http://127.0.0.1:8000/accounts/login/"),
        ("localhost:9000", "http://localhost:9000/accounts/login/"),
        ("0.0.0.0:8080", "http://127.0.0.1:8080/accounts/login/"),
    ],
)
def test_the_sign_in_link_is_where_runserver_serves(address: str, url: str) -> None:
    assert sign_in_url(address) == url


def test_an_address_runserver_would_refuse_is_refused() -> None:
    with pytest.raises(CommandError):
        sign_in_url("localhost:http")


def test_the_demo_ips_teams_have_a_socioeconomic_value_from_their_outcomes() -> None:
    DemoBuilder(participants=150, anonymous=4, amia_cases_per_stage=1).build()
    coach = User.objects.get(username="coach.asunda")
    unit = Unit.objects.get(name="IPS-teamet Åsunda")
    today = timezone.localdate()
    started = Enrolment.objects.filter(unit=unit, start_date__isnull=False)
    # The demo's story cases record it; a few cases made for a login of their own do not.
    assert started.filter(baseline_income_sources=[]).count() <= started.count() // 10
    params = {
        "unit": str(unit.pk),
        "programme": "ips",
        "cost_per_participant": "60000",
        "effect_net": "1",
    }
    period = Period(today - datetime.timedelta(days=3 * 365), today)
    report = socioeconomic_report(coach, params, period)
    assert report.mapped.participants >= 10
    assert sum(report.mapped.outcomes.values()) > 0
    assert report.result is not None and report.result["public"].pv_benefit > 0
