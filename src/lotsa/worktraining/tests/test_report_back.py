"""The report back to the commissioner: generated from attendance, motivation and the steps on
the staircase, reviewed, and sent only where the referral or a consent allows it."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pypdf import PdfReader

from lotsa.accounts.sign_in_method import PASSKEY, SESSION_KEY
from lotsa.audit.models import AuditEntry, AuditEvent
from lotsa.casework.queries import today_for
from lotsa.cohorts.models import Attendance, AttendanceStatus, Session
from lotsa.errors import DomainError
from lotsa.pathways.models import ChecklistEntry, Enrolment, Milestone
from lotsa.pathways.services.lifecycle import transition_phase
from lotsa.people.models import Consent, ConsentKind
from lotsa.testing.clock import TODAY
from lotsa.testing.factories import (
    CohortFactory,
    EnrolmentFactory,
    OrganisationFactory,
    ParticipantAccountFactory,
    ReferralFactory,
    UnitFactory,
)
from lotsa.testing.personas import KnutTeam
from lotsa.testing.queries import page_queries
from lotsa.worktraining import codes
from lotsa.worktraining.models import ReportBack, ReportBackStatus, Stage
from lotsa.worktraining.services.motivation import (
    MotivationInput,
    assess_motivation,
    save_target_behaviour,
)
from lotsa.worktraining.services.report_back import (
    ReportBackText,
    review_report_back,
    send_report_back,
    write_report_back,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]
DAY = datetime.timedelta(days=1)
PERIOD_FROM, PERIOD_TO = TODAY - 40 * DAY, TODAY - 11 * DAY


@pytest.fixture
def case(knut_team: KnutTeam) -> Enrolment:
    """A participant ten days on lighter work training, then twenty on work training within
    the period, with a work group's days and one behaviour's stages."""
    enrolment = EnrolmentFactory.create(
        unit=knut_team.unit,
        responsible_staff=knut_team.work_supervisor,
        programme_model="knut_pv",
        phase="lighter_work_training",
        referral_date=PERIOD_FROM - 20 * DAY,
        start_date=PERIOD_FROM,
        phase_since=PERIOD_FROM,
    )
    transition_phase(
        actor=knut_team.work_supervisor,
        enrolment=enrolment,
        to_phase="work_training",
        day=PERIOD_FROM + 10 * DAY,
        note="Beslut vid uppföljningsmöte.",
    )
    cohort = CohortFactory.create(unit=knut_team.unit, programme_code="knut_pv")
    statuses = [
        (PERIOD_FROM - DAY, AttendanceStatus.PRESENT),  # before the period
        (PERIOD_FROM, AttendanceStatus.PRESENT),
        (PERIOD_FROM + DAY, AttendanceStatus.PRESENT),
        (PERIOD_FROM + 2 * DAY, AttendanceStatus.LATE),
        (PERIOD_FROM + 3 * DAY, AttendanceStatus.ABSENT_WITHOUT_NOTICE),
        (PERIOD_TO + DAY, AttendanceStatus.ABSENT_WITH_NOTICE),  # after it
    ]
    for day, status in statuses:
        session = Session.objects.create(
            cohort=cohort,
            starts_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(8))),
        )
        Attendance.objects.create(
            session=session,
            enrolment=enrolment,
            status=status,
            recorded_by=knut_team.work_supervisor,
        )
    behaviour = save_target_behaviour(
        actor=knut_team.work_supervisor,
        enrolment=enrolment,
        problem="Dålig närvaro",
        behaviour="Närvara varje dag",
        day=PERIOD_FROM - 5 * DAY,
    )
    for on, stage, importance in (
        (PERIOD_FROM - 5 * DAY, Stage.PRECONTEMPLATION, None),
        (PERIOD_FROM + 5 * DAY, Stage.CONTEMPLATION, 6),
        (PERIOD_TO + 2 * DAY, Stage.ACTION, 9),  # after the period
    ):
        assess_motivation(
            actor=knut_team.work_supervisor,
            behaviour=behaviour,
            values=MotivationInput(
                assessed_on=on, stage=stage, importance=importance, notes="Inre samtal."
            ),
        )
    return enrolment


TEXT = ReportBackText(
    period_from=PERIOD_FROM,
    period_to=PERIOD_TO,
    development="Kommer oftare i tid och tar egna initiativ i snickeriet.",
    next_steps="Fortsatt arbetsträning fyra dagar i veckan.",
)


def _written(team: KnutTeam, enrolment: Enrolment) -> ReportBack:
    return write_report_back(actor=team.work_supervisor, enrolment=enrolment, text=TEXT)


def test_the_content_is_generated_from_attendance_motivation_and_the_staircase(
    knut_team: KnutTeam, case: Enrolment
) -> None:
    content = _written(knut_team, case).content
    assert content["attendance"] == {
        **dict.fromkeys(AttendanceStatus.values, 0),
        AttendanceStatus.PRESENT: 2,
        AttendanceStatus.LATE: 1,
        AttendanceStatus.ABSENT_WITHOUT_NOTICE: 1,
    }
    assert [(step["phase"], step["days"]) for step in content["staircase"]] == [
        ("lighter_work_training", 10),
        ("work_training", 20),
    ]
    [behaviour] = content["motivation"]
    assert behaviour["stage_at_start"] == Stage.PRECONTEMPLATION
    assert [(line["stage"], line["importance"]) for line in behaviour["stages"]] == [
        (Stage.CONTEMPLATION, 6)
    ]
    # The conversation's notes stay in the case.
    assert "Inre samtal" not in str(content)


def test_it_is_reviewed_then_sent_only_where_the_referral_allows_and_then_locked(
    knut_team: KnutTeam, case: Enrolment
) -> None:
    social_services = OrganisationFactory.create(name="Testviks socialtjänst")
    office = UnitFactory.create(organisation=social_services, name="Försörjningsstöd", runs=[])
    referral = ReferralFactory.create(
        from_unit=office,
        to_unit=knut_team.unit,
        programme_model="knut_pv",
        status="accepted",
        enrolment=case,
        participant=case.participant,
        report_back="",
    )
    report = _written(knut_team, case)
    send = {
        "actor": knut_team.work_supervisor,
        "recipient_organisation": social_services,
        "recipient": "Handläggare Eva",
        "day": TODAY,
    }
    with pytest.raises(DomainError) as unreviewed:
        send_report_back(report=report, **send)
    assert set(unreviewed.value.errors) == {"day", "recipient_organisation"}
    review_report_back(actor=knut_team.team_leader, report=report, day=TODAY)
    with pytest.raises(DomainError) as no_scope:
        send_report_back(report=report, **send)
    assert set(no_scope.value.errors) == {"recipient_organisation"}
    referral.report_back = "summary"
    referral.save()
    sent = send_report_back(report=report, **send)
    assert (sent.status, sent.referral_id, sent.consent_id) == ("sent", referral.pk, None)
    with pytest.raises(DomainError):
        write_report_back(actor=knut_team.work_supervisor, enrolment=case, text=TEXT, report=sent)
    second = _written(knut_team, case)
    assert second.version == 2
    review_report_back(actor=knut_team.team_leader, report=second, day=TODAY)
    send_report_back(report=second, **send)
    milestones = Milestone.objects.filter(enrolment=case, code=codes.FIRST_REPORT_TO_COMMISSIONER)
    assert [m.occurred_on for m in milestones] == [TODAY]
    assert (
        ChecklistEntry.objects.filter(
            enrolment=case, item_code=codes.REPORT_TO_COMMISSIONER
        ).count()
        == 1
    )
    assert (
        AuditEntry.objects.filter(
            event=AuditEvent.REPORT_BACK_SENT, participant_id=case.participant_id
        ).count()
        == 2
    )


def test_without_a_referral_a_consent_to_the_commissioner_allows_it(
    knut_team: KnutTeam, case: Enrolment
) -> None:
    commissioner = OrganisationFactory.create(name="Arbetsmarknadsenheten Testvik")
    report = _written(knut_team, case)
    review_report_back(actor=knut_team.work_supervisor, report=report, day=TODAY)
    send = {
        "actor": knut_team.work_supervisor,
        "report": report,
        "recipient_organisation": commissioner,
        "recipient": "Enhetschef",
        "day": TODAY,
    }
    with pytest.raises(DomainError):
        send_report_back(**send)
    consent = Consent.objects.create(
        participant=case.participant,
        kind=ConsentKind.INFORMATION_SHARING,
        given_on=TODAY - DAY,
        given_to=knut_team.municipality,
        organisation=commissioner,
        sharing_scope="summary",
        recorded_by=knut_team.work_supervisor,
    )
    assert send_report_back(**send).consent_id == consent.pk


def test_the_text_and_period_are_checked(knut_team: KnutTeam, case: Enrolment) -> None:
    with pytest.raises(DomainError) as refused:
        write_report_back(
            actor=knut_team.work_supervisor,
            enrolment=case,
            text=ReportBackText(
                period_from=PERIOD_TO, period_to=PERIOD_FROM, development=" ", next_steps="x"
            ),
        )
    assert set(refused.value.errors) == {"development", "period_to"}


def test_the_pages_write_review_send_and_print_it(
    knut_team: KnutTeam, case: Enrolment, client_for: Any, personas: Any
) -> None:
    commissioner = OrganisationFactory.create(name="Arbetsmarknadsenheten Testvik")
    Consent.objects.create(
        participant=case.participant,
        kind=ConsentKind.INFORMATION_SHARING,
        given_on=TODAY - DAY,
        given_to=knut_team.municipality,
        organisation=commissioner,
        sharing_scope="full",
        recorded_by=knut_team.work_supervisor,
    )
    client = client_for(knut_team.work_supervisor)
    url = f"/work-training/cases/{case.pk}/report-back/"
    bad = client.post(url, {"period_from": PERIOD_FROM, "period_to": PERIOD_TO})
    assert bad.status_code == 400
    assert set(bad.context["form"].errors) == {"development", "next_steps"}
    saved = client.post(url, TEXT.__dict__)
    assert saved.status_code == 302
    report = ReportBack.objects.get()
    base = f"/work-training/report-back/{report.pk}"
    danish = OrganisationFactory.create(name="Jobcenter Testrup", country="DK")
    page = client.get(f"{base}/")
    shown = page.content.decode()
    assert "Lättare arbetsträning" in shown and "Närvara varje dag" in shown
    assert "Inre samtal" not in shown
    offered = set(page.context["send_form"].fields["recipient_organisation"].queryset)
    assert commissioner in offered and danish not in offered
    early = client.post(
        f"{base}/send/",
        {"day": TODAY, "recipient_organisation": commissioner.pk, "recipient": "Chef"},
    )
    assert early.status_code == 400
    assert client.post(f"{base}/review/", {"day": TODAY}).status_code == 302
    sent = client.post(
        f"{base}/send/",
        {"day": TODAY, "recipient_organisation": commissioner.pk, "recipient": "Chef"},
    )
    assert sent.status_code == 302
    report.refresh_from_db()
    assert (report.status, report.sent_to_organisation_id) == (
        ReportBackStatus.SENT,
        commissioner.pk,
    )
    pdf = client.get(f"{base}/report.pdf")
    assert pdf.content.startswith(b"%PDF")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "snickeriet" in text and "Närvara varje dag" in text
    manager = client_for(knut_team.manager)
    assert manager.get(f"{base}/").status_code == 200
    assert manager.post(f"{base}/review/", {"day": TODAY}).status_code == 403
    other = client_for(personas.coach_a)
    for path in (f"{base}/", f"{base}/report.pdf", url):
        assert other.get(path).status_code == 404
    assert AuditEntry.objects.filter(
        event=AuditEvent.REPORT_BACK_VIEWED, actor=knut_team.manager
    ).exists()


def test_the_pages_read_the_same_number_of_queries_whatever_the_versions(
    knut_team: KnutTeam, case: Enrolment, client_for: Any, django_assert_max_num_queries: Any
) -> None:
    client = client_for(knut_team.work_supervisor)
    first = _written(knut_team, case)
    paths = [
        f"/work-training/cases/{case.pk}/report-back/",
        f"/work-training/report-back/{first.pk}/",
    ]

    def counted(path: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        return len(queries)

    one = [counted(path) for path in paths]
    for _ in range(3):
        _written(knut_team, case)
    for path, count in zip(paths, one, strict=True):
        with django_assert_max_num_queries(count):
            client.get(path)


def test_today_lists_the_reports_back_not_sent_in_a_fixed_number_of_queries(
    knut_team: KnutTeam, case: Enrolment, client_for: Any
) -> None:
    client = client_for(knut_team.work_supervisor)
    report = _written(knut_team, case)
    page = client.get("/today/").content.decode()
    assert f'href="/work-training/report-back/{report.pk}/"' in page
    before = page_queries(client, "/today/")
    review_report_back(actor=knut_team.team_leader, report=report, day=TODAY)
    for _ in range(3):
        other = EnrolmentFactory.create(
            unit=knut_team.unit,
            responsible_staff=knut_team.work_supervisor,
            programme_model="knut_pv",
            phase="work_training",
        )
        _written(knut_team, other)
    items = [
        item
        for item in today_for(knut_team.work_supervisor, today=TODAY).record_items
        if "/report-back/" in item.url
    ]
    assert len(items) == 4
    assert page_queries(client, "/today/") == before


def test_the_participant_reads_the_versions_sent_about_them_and_no_one_elses(
    knut_team: KnutTeam, case: Enrolment, client_for: Any
) -> None:
    commissioner = OrganisationFactory.create(name="Arbetsmarknadsenheten Testvik")
    Consent.objects.create(
        participant=case.participant,
        kind=ConsentKind.INFORMATION_SHARING,
        given_on=TODAY - DAY,
        given_to=knut_team.municipality,
        organisation=commissioner,
        sharing_scope="summary",
        recorded_by=knut_team.work_supervisor,
    )
    sent = _written(knut_team, case)
    review_report_back(actor=knut_team.team_leader, report=sent, day=TODAY)
    send_report_back(
        actor=knut_team.work_supervisor,
        report=sent,
        recipient_organisation=commissioner,
        recipient="Enhetschef",
        day=TODAY,
    )
    write_report_back(
        actor=knut_team.work_supervisor,
        enrolment=case,
        text=ReportBackText(PERIOD_FROM, PERIOD_TO, "Ett utkast som inte skickats.", "Mer."),
    )
    _written(knut_team, knut_team.enrolment)  # another participant's
    account = ParticipantAccountFactory.create(participants=[case.participant])
    client = client_for(account.user)
    session = client.session
    session[SESSION_KEY] = PASSKEY
    session.save()
    page = client.get("/me/reports-back/")
    assert [line.report for line in page.context["reports"]] == [sent]
    shown = page.content.decode()
    assert "snickeriet" in shown and "Ett utkast" not in shown
    assert "Arbetsmarknadsenheten Testvik" in shown
    assert (
        AuditEntry.objects.filter(event=AuditEvent.OWN_RECORD_VIEWED, actor=account.user)
        .values_list("participant_id", flat=True)
        .get()
        == case.participant_id
    )
