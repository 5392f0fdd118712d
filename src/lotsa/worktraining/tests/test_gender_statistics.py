from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from lotsa.audit.models import AuditEntry, AuditEvent
from lotsa.casework.models import Contact
from lotsa.cohorts.models import CohortMember
from lotsa.organisations.models import Role
from lotsa.pathways.models import EnrolmentStatus
from lotsa.testing.clock import TODAY
from lotsa.testing.factories import (
    CohortFactory,
    EnrolmentFactory,
    MembershipFactory,
    UnitFactory,
    WorkUnitFactory,
)
from lotsa.testing.queries import page_queries
from lotsa.worktraining.gender import gender_statistics_for
from lotsa.worktraining.models import ActivityOffer, OfferOutcome
from lotsa.worktraining.tests.records_helpers import english

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]
YEAR = TODAY.year
WOMEN, MEN = 6, 3
# The statistics page: the session and its user, the user's roles, the unit, its work units,
# one grouped query per figure (seven) and the audit entry of the view.
STATISTICS_PAGE_QUERIES = 13


def _work_unit(unit, name):  # type: ignore[no-untyped-def]
    cohort = CohortFactory(unit=unit, programme_code="knut_pv", name=name)
    return WorkUnitFactory(unit=unit, name=name, cohort=cohort)


def _case(unit, sex, **kwargs):  # type: ignore[no-untyped-def]
    return EnrolmentFactory(
        unit=unit, programme_model="knut_pv", phase="work_training", participant__sex=sex, **kwargs
    )


@pytest.fixture
def carpentry(knut_team):  # type: ignore[no-untyped-def]
    """The carpentry with six women and three men in its daily group this year, and a man
    who left it the year before."""
    unit = knut_team.unit
    carpentry = _work_unit(unit, "Snickeriet")
    for sex, count in (("female", WOMEN), ("male", MEN)):
        for _n in range(count):
            CohortMember.objects.create(
                cohort=carpentry.cohort,
                enrolment=_case(unit, sex),
                joined_on=datetime.date(YEAR, 2, 1),
            )
    CohortMember.objects.create(
        cohort=carpentry.cohort,
        enrolment=_case(unit, "male"),
        joined_on=datetime.date(YEAR - 1, 2, 1),
        left_on=datetime.date(YEAR - 1, 6, 1),
    )
    return carpentry


@pytest.fixture
def analyst(knut_team):  # type: ignore[no-untyped-def]
    return MembershipFactory(unit=knut_team.unit, role=Role.ANALYST).user


def _figure(statistics, code):  # type: ignore[no-untyped-def]
    return next(figure for figure in statistics.figures if figure.code == code).table


def _texts(row) -> list[str]:  # type: ignore[no-untyped-def]
    return [cell.text for cell in row.cells]


def test_participants_per_work_unit_by_sex_with_small_counts_hidden_from_an_analyst(
    knut_team, carpentry, analyst
) -> None:
    leader_view = gender_statistics_for(knut_team.team_leader, knut_team.unit.pk, YEAR)
    row = _figure(leader_view, "participants").rows[0]
    assert str(row.metric.name) == "Snickeriet"
    assert _texts(row) == [str(WOMEN), str(MEN), "0", str(WOMEN + MEN)]

    analyst_view = gender_statistics_for(analyst, knut_team.unit.pk, YEAR)
    row = _figure(analyst_view, "participants").rows[0]
    assert _texts(row) == [str(WOMEN), "< 5", "< 5", str(WOMEN + MEN)]
    assert analyst_view.limit == 5 and leader_view.limit is None


def test_offers_and_who_presented_them_by_sex(knut_team, carpentry) -> None:
    unit = knut_team.unit
    knut_team.work_supervisor.sex = "female"
    knut_team.work_supervisor.save(update_fields=["sex"])
    foreman = MembershipFactory(unit=unit, role=Role.COACH, title="Arbetsledare").user
    foreman.sex = "male"
    foreman.save(update_fields=["sex"])
    members = list(
        CohortMember.objects.filter(cohort=carpentry.cohort, left_on__isnull=True).select_related(
            "enrolment__participant"
        )
    )
    women = [m.enrolment for m in members if m.enrolment.participant.sex == "female"]
    men = [m.enrolment for m in members if m.enrolment.participant.sex == "male"]
    day = datetime.date(YEAR, 3, 1)
    for enrolment in women[:4]:
        ActivityOffer.objects.create(
            enrolment=enrolment,
            work_unit=carpentry,
            offered_on=day,
            offered_by=knut_team.work_supervisor,
            recorded_by=knut_team.work_supervisor,
            outcome=OfferOutcome.DECLINED,
            decided_on=day,
            reason="Vill inte",
        )
    for enrolment in men:
        ActivityOffer.objects.create(
            enrolment=enrolment,
            work_unit=carpentry,
            offered_on=day,
            offered_by=foreman,
            recorded_by=foreman,
            recommended=True,
            outcome=OfferOutcome.CHOSEN,
            decided_on=day,
        )
    statistics = gender_statistics_for(knut_team.team_leader, unit.pk, YEAR)
    offers = {str(row.metric.name): _texts(row) for row in _figure(statistics, "offers").rows}
    assert offers["Snickeriet: presented"] == ["4", "3", "0", "7"]
    assert offers["Snickeriet: recommended"] == ["0", "3", "0", "3"]
    assert offers["Snickeriet: chosen"] == ["0", "3", "0", "3"]
    assert offers["Snickeriet: declined"] == ["4", "0", "0", "4"]
    presenters = {
        str(row.metric.name): _texts(row) for row in _figure(statistics, "presenters").rows
    }
    assert presenters["Presented by a woman"] == ["4", "0", "0", "4"]
    assert presenters["Recommended by a man"] == ["0", "3", "0", "3"]


def test_supervisor_minutes_per_woman_and_man_match_the_contacts(knut_team, carpentry) -> None:
    members = CohortMember.objects.filter(
        cohort=carpentry.cohort, left_on__isnull=True
    ).select_related("enrolment__participant")
    woman = next(m.enrolment for m in members if m.enrolment.participant.sex == "female")
    man = next(m.enrolment for m in members if m.enrolment.participant.sex == "male")
    at = datetime.datetime(YEAR, 4, 1, 9, 0, tzinfo=datetime.UTC)
    for enrolment, minutes in ((woman, 60), (woman, 30), (man, 45)):
        Contact.objects.create(
            enrolment=enrolment,
            occurred_at=at,
            occurred_on=at.date(),
            duration_minutes=minutes,
            mode="face_to_face",
            place="workplace",
            staff=knut_team.work_supervisor,
        )
    last_year = datetime.datetime(YEAR - 1, 4, 1, 9, 0, tzinfo=datetime.UTC)
    Contact.objects.create(
        enrolment=man,
        occurred_at=last_year,
        occurred_on=last_year.date(),
        duration_minutes=500,
        mode="face_to_face",
        place="workplace",
        staff=knut_team.work_supervisor,
    )
    statistics = gender_statistics_for(knut_team.team_leader, knut_team.unit.pk, YEAR)
    rows = {row.metric.code: row.cells for row in _figure(statistics, "supervisor_time").rows}
    assert [c.value for c in rows["minutes"]] == [90, 45, 0, 135]
    assert [c.value for c in rows["per_participant"]] == [
        Decimal("90.0"),
        Decimal("45.0"),
        None,
        Decimal("67.5"),
    ]


def test_staff_by_title_and_sex_and_exits_by_reason(knut_team, carpentry) -> None:
    unit = knut_team.unit
    knut_team.work_supervisor.sex = "female"
    knut_team.work_supervisor.save(update_fields=["sex"])
    for sex in ("male", "male"):
        user = MembershipFactory(unit=unit, role=Role.COACH, title="Arbetsledare").user
        user.sex = sex
        user.save(update_fields=["sex"])
    gone = MembershipFactory(unit=unit, role=Role.COACH, title="Arbetsledare", ended=True)
    assert gone.ends_on is not None and gone.ends_on.year < YEAR
    _case(
        unit,
        "female",
        status=EnrolmentStatus.EXITED,
        end_date=datetime.date(YEAR, 5, 1),
        exit_reason="regular_job",
    )
    _case(
        unit,
        "male",
        status=EnrolmentStatus.EXITED,
        end_date=datetime.date(YEAR - 1, 5, 1),
        exit_reason="regular_job",
    )
    statistics = gender_statistics_for(knut_team.team_leader, unit.pk, YEAR)
    staff = {str(row.metric.name): _texts(row) for row in _figure(statistics, "staff").rows}
    assert staff["Arbetsledare"] == ["0", "2", "0", "2"]
    assert staff["Arbetshandledare"] == ["1", "0", "0", "1"]
    exits = {row.metric.code: _texts(row) for row in _figure(statistics, "exits").rows}
    assert exits["exit_regular_job"] == ["1", "0", "0", "1"]


def test_a_role_without_outcome_reports_is_refused_and_another_unit_is_missing(
    knut_team, carpentry, client_for
) -> None:
    officer = MembershipFactory(unit=knut_team.unit, role=Role.RECORDS_OFFICER).user
    url = reverse("worktraining:gender-statistics", args=[knut_team.unit.pk])
    assert client_for(officer).get(url).status_code == 403
    other = UnitFactory(runs=["knut_pv"])
    response = client_for(knut_team.team_leader).get(
        reverse("worktraining:gender-statistics", args=[other.pk])
    )
    assert response.status_code == 404
    assert AuditEntry.objects.filter(
        event=AuditEvent.ACCESS_DENIED, actor=knut_team.team_leader, object_id=str(other.pk)
    ).exists()


def test_the_page_and_the_spreadsheet_show_the_same_figures_and_are_audited(
    knut_team, carpentry, analyst, client_for
) -> None:
    client = client_for(analyst)
    page = client.get(
        reverse("worktraining:gender-statistics", args=[knut_team.unit.pk]), {"year": YEAR}
    )
    assert page.status_code == 200
    assert "&lt; 5" in page.content.decode()
    export = client.get(
        reverse("worktraining:gender-statistics-xlsx", args=[knut_team.unit.pk]), {"year": YEAR}
    )
    sheet = load_workbook(io.BytesIO(export.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert ["Snickeriet", WOMEN, "< 5", "< 5", WOMEN + MEN] in rows
    events = list(
        AuditEntry.objects.filter(actor=analyst, event__startswith="gender_statistics")
        .order_by("sequence")
        .values_list("event", "object_id", "participant_id")
    )
    assert events == [
        (AuditEvent.GENDER_STATISTICS_VIEWED.value, str(knut_team.unit.pk), None),
        (AuditEvent.GENDER_STATISTICS_EXPORTED.value, str(knut_team.unit.pk), None),
    ]
    bad = client.get(
        reverse("worktraining:gender-statistics", args=[knut_team.unit.pk]), {"year": "x"}
    )
    assert bad.status_code == 400


def test_the_statistics_page_reads_a_fixed_number_of_queries_whatever_the_work_units(
    knut_team, carpentry, client_for
) -> None:
    client = client_for(knut_team.team_leader)
    url = reverse("worktraining:gender-statistics", args=[knut_team.unit.pk])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    one = queries()
    for n in range(4):
        other = _work_unit(knut_team.unit, f"Verkstad {n}")
        CohortMember.objects.create(
            cohort=other.cohort,
            enrolment=_case(knut_team.unit, "female"),
            joined_on=datetime.date(YEAR, 3, 1),
        )
    assert queries() == one


def _contact(enrolment, day, minutes, staff):  # type: ignore[no-untyped-def]
    at = datetime.datetime.combine(day, datetime.time(9), tzinfo=datetime.UTC)
    Contact.objects.create(
        enrolment=enrolment,
        occurred_at=at,
        occurred_on=day,
        duration_minutes=minutes,
        mode="face_to_face",
        place="workplace",
        staff=staff,
    )


def _members_by_sex(carpentry):  # type: ignore[no-untyped-def]
    members = CohortMember.objects.filter(
        cohort=carpentry.cohort, left_on__isnull=True
    ).select_related("enrolment__participant")
    women = [m.enrolment for m in members if m.enrolment.participant.sex == "female"]
    men = [m.enrolment for m in members if m.enrolment.participant.sex == "male"]
    return women, men


def test_supervisor_minutes_per_participant_month_by_month(knut_team, carpentry) -> None:
    women, men = _members_by_sex(carpentry)
    staff = knut_team.work_supervisor
    january, march = datetime.date(YEAR, 1, 10), datetime.date(YEAR, 3, 31)
    _contact(women[0], january, 60, staff)
    _contact(women[0], january, 30, staff)
    _contact(women[1], january, 45, staff)
    _contact(men[0], january, 20, staff)
    _contact(men[0], march, 90, staff)
    _contact(women[0], march, 15, staff)
    _contact(men[1], datetime.date(YEAR - 1, 3, 31), 500, staff)

    statistics = gender_statistics_for(knut_team.team_leader, knut_team.unit.pk, YEAR)

    table = _figure(statistics, "supervisor_time_by_month")
    assert [str(row.metric.name) for row in table.rows][:3] == ["January", "February", "March"]
    assert len(table.rows) == 12
    by_month = {row.metric.code: [cell.value for cell in row.cells] for row in table.rows}
    # January: women (60 + 30 + 45) / 2, men 20 / 1, all 155 / 3; March: 15 / 1, 90 / 1, 105 / 2.
    assert by_month["month_1"] == [Decimal("67.5"), Decimal("20.0"), None, Decimal("51.7")]
    assert by_month["month_2"] == [None, None, None, None]
    assert by_month["month_3"] == [Decimal("15.0"), Decimal("90.0"), None, Decimal("52.5")]
    assert all(by_month[f"month_{month}"] == [None] * 4 for month in range(4, 13))
    figure = next(f for f in statistics.figures if f.code == "supervisor_time_by_month")
    assert "divided by the participants with any contact in the month" in str(figure.definition)


def test_a_month_of_few_participants_is_hidden_from_an_analyst(
    knut_team, carpentry, analyst
) -> None:
    women, men = _members_by_sex(carpentry)
    may = datetime.date(YEAR, 5, 4)
    for enrolment in women:
        _contact(enrolment, may, 30, knut_team.work_supervisor)
    for enrolment in men:
        _contact(enrolment, may, 60, knut_team.work_supervisor)

    statistics = gender_statistics_for(analyst, knut_team.unit.pk, YEAR)

    may_row = _figure(statistics, "supervisor_time_by_month").row("month_5")
    # Six women at 30 minutes and nine participants at (180 + 180) / 9 are shown; three men
    # are fewer than the limit.
    assert [cell.value for cell in may_row.cells] == [
        Decimal("30.0"),
        Decimal("60.0"),
        None,
        Decimal("40.0"),
    ]
    assert [cell.suppressed for cell in may_row.cells] == [False, True, True, False]
    assert _texts(may_row) == ["30.0", "–", "–", "40.0"]


def test_the_spreadsheet_gives_each_figure_its_definition(knut_team, carpentry, client_for) -> None:
    export = english(client_for(knut_team.team_leader)).get(
        reverse("worktraining:gender-statistics-xlsx", args=[knut_team.unit.pk]), {"year": YEAR}
    )
    sheet = load_workbook(io.BytesIO(export.content)).active
    first_cells = [row[0].value for row in sheet.iter_rows()]
    statistics = gender_statistics_for(knut_team.team_leader, knut_team.unit.pk, YEAR)
    for figure in statistics.figures:
        at = first_cells.index(str(figure.name))
        assert first_cells[at + 1] == str(figure.definition)
    assert "Supervisor time per participant, month by month" in first_cells


def test_the_monthly_supervisor_time_costs_one_query_for_a_year_of_contacts(
    knut_team, carpentry, client_for
) -> None:
    women, men = _members_by_sex(carpentry)
    client = client_for(knut_team.team_leader)
    url = reverse("worktraining:gender-statistics", args=[knut_team.unit.pk])
    _contact(women[0], datetime.date(YEAR, 1, 5), 30, knut_team.work_supervisor)
    one = page_queries(client, url)
    for month in range(2, 13):
        for enrolment in (women[month % len(women)], men[month % len(men)]):
            _contact(enrolment, datetime.date(YEAR, month, 5), 45, knut_team.work_supervisor)

    assert page_queries(client, url) == one == STATISTICS_PAGE_QUERIES
