"""Programme flow (JOM Table 1), AMiA transition, KNUT-PV throughput, contact statistics,
suppression, drill-through, exports, errors and the API."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from decimal import Decimal
from typing import Any

import pytest
from django.utils import translation
from django.utils.html import escape
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from lotsa.audit.models import AuditEntry
from lotsa.casework.models import Contact
from lotsa.cohorts.models import Cohort, CohortMember
from lotsa.organisations.models import Role
from lotsa.outcomes import charts, dimensions, queries, reports, tables
from lotsa.outcomes import metrics as m
from lotsa.outcomes.metrics.contacts import DAYS_PER_MONTH
from lotsa.outcomes.metrics.ips import IPS_QUARTERLY
from lotsa.outcomes.periods import Period, parse_period
from lotsa.outcomes.tests.data import (
    JOM_TABLE_1,
    Q3_2026,
    D,
    ips_quarter,
    job,
    jom_project,
    started,
)
from lotsa.pathways.definitions.registry import registry
from lotsa.pathways.models import (
    Enrolment,
    EnrolmentEvent,
    EventKind,
    FollowUp,
    Milestone,
    UnitProgramme,
)
from lotsa.people import pseudonyms
from lotsa.testing.factories import MembershipFactory, UnitFactory, UserFactory
from lotsa.testing.queries import page_queries
from lotsa.testing.spreadsheets import read_csv

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]
YEAR_2013 = {"start": "2013-01-01", "end": "2013-12-31"}
PSEUDONYM = re.compile(r"P-[A-Z2-7]{20}")


def _view(user: Any, code: str, params: dict[str, str]) -> queries.ReportView:
    return queries.report_view(
        user, reports.REPORTS[code], params, parse_period(params, D(2026, 11, 1))
    )


def _row(table: tables.Table, code: str) -> list[Any]:
    return [cell.value for cell in table.row(code).cells]


def _member(units: list[Any], role: str = Role.COACH) -> Any:
    user = UserFactory()
    for unit in units:
        MembershipFactory(user=user, unit=unit, role=role)
    return user


# ------------------------------------------------------------------ programme flow


def test_jom_table_1_is_reproduced_from_the_project_data() -> None:
    region, units = jom_project()
    view = _view(
        _member(units), "flow", YEAR_2013 | {"programme": "jom", "organisation": str(region.pk)}
    )
    by_unit = view.tables[0]
    assert [str(label) for _key, label in by_unit.columns] == [
        "Jobcenter Greve",
        "Jobcenter Halsnæs",
        "Jobcenter Køge",
        "Total",
    ]
    order = ["Greve", "Halsnæs", "Køge"]

    def expected(index: int) -> list[int]:
        values = [JOM_TABLE_1[name][index] for name in order]
        return [*values, sum(values)]

    assert _row(by_unit, "admitted") == expected(0) and expected(0)[-1] == 44
    assert _row(by_unit, "started") == expected(1) and expected(1)[-1] == 41
    assert _row(by_unit, "completed") == expected(2) and expected(2)[-1] == 37
    assert _row(by_unit, "end_state_job") == [0, 0, 0, 0]
    assert _row(by_unit, "end_state_education") == [2, 0, 4, 6]
    assert _row(by_unit, "end_state_extended_internship") == [8, 8, 1, 17]
    assert _row(by_unit, "end_state_other") == [3, 1, 10, 14]
    assert _row(by_unit, "dropped_out")[-1] + _row(by_unit, "re_referred")[-1] == 4
    funnel = charts.steps_chart(view)
    assert funnel is not None
    assert [bar.text for bar in funnel.bars[1:4]] == ["44", "41", "37"]
    assert [bar.width for bar in funnel.bars[1:4]] == sorted(
        (bar.width for bar in funnel.bars[1:4]), reverse=True
    )


def test_the_six_month_follow_up_and_the_cohort_breakdown() -> None:
    region, units = jom_project()
    completer = units[0].enrolments.filter(exit_reason="education").first()
    FollowUp.objects.create(
        enrolment=completer, code="six_months_after_end", status="job", observed_on=D(2014, 3, 31)
    )
    cohort = Cohort.objects.create(
        unit=units[0], programme_code="jom", name="Hold 1", starts_on=D(2013, 3, 1)
    )
    for enrolment in units[0].enrolments.all()[:10]:
        CohortMember.objects.create(cohort=cohort, enrolment=enrolment, joined_on=D(2013, 3, 1))
    view = _view(_member(units), "flow", YEAR_2013 | {"programme": "jom", "unit": str(units[0].pk)})
    total = view.tables[0]
    assert total.total("six_months_after_end__job").value == 1
    assert total.total("six_months_after_end__not_recorded").value == 17  # Greve's 18 exits - 1
    by_cohort = next(t for t in view.tables if t.dimension.code == "cohort")
    assert [cell.value for cell in by_cohort.row("admitted").cells] == [10, 8, 18]
    # The records behind a follow-up's counts: the one recorded, and the 17 with none (an
    # enrolment without follow-ups reads no status, and is counted there).
    params = YEAR_2013 | {"programme": "jom", "unit": str(units[0].pk)}
    for code, expected in (("six_months_after_end__job", {completer.pk}),
                           ("six_months_after_end__not_recorded", 17)):  # fmt: skip
        _view_behind, _metric, lines = queries.records_behind(
            _member(units), reports.REPORTS["flow"], params, parse_period(params, D(2026, 11, 1)),
            metric_code=code, dimension_code="unit", group=tables.TOTAL,
        )  # fmt: skip
        behind = {line.enrolment.pk for line in lines}
        assert behind == expected if isinstance(expected, set) else len(behind) == expected
        assert completer.pk not in behind or code.endswith("__job")


# ------------------------------------------------------------------ AMiA, KNUT-PV, contacts


def test_amia_transition_90_days_after_the_work_life_introduction(personas: Any) -> None:
    unit = personas.joint_team
    statuses = ["work", "studies", "af_programme", "sickness_benefit", None]
    for i, status in enumerate(statuses):
        enrolment = started(
            unit, sex="female", born=1980, referred=D(2026, 1, 5), start=D(2026, 1, 10),
            programme_model="amia",
        )  # fmt: skip
        Milestone.objects.create(enrolment=enrolment, code="ali_end", occurred_on=D(2026, 4, 1 + i))
        if status:
            FollowUp.objects.create(
                enrolment=enrolment,
                code="ninety_days_after_ali",
                status=status,
                observed_on=D(2026, 7, 1),
            )
    view = _view(personas.fk_caseworker, "amia", {"quarter": "2026Q2"})
    main = view.tables[0]
    assert main.total("through_ali").value == 5
    assert main.total("transition_recorded").value == 4
    assert main.total("transitioned").value == 3
    assert main.total("transition_rate").value == Decimal(75)
    assert main.total("ninety_days_after_ali__not_recorded").value == 1


def test_knut_throughput_steps_places_and_exits(case: Any, personas: Any) -> None:
    UnitProgramme.objects.filter(unit=personas.unit_a, programme_code="knut_pv").update(places=8)
    unit = personas.unit_a
    first = started(unit, sex="male", born=1975, referred=D(2026, 6, 1), start=D(2026, 7, 1),
                    programme_model="knut_pv", phase="referral")  # fmt: skip
    EnrolmentEvent.objects.create(
        enrolment=first, kind=EventKind.PHASE_CHANGED, occurred_on=D(2026, 7, 11),
        from_phase="referral", to_phase="visit_and_investigation",
    )  # fmt: skip
    EnrolmentEvent.objects.create(
        enrolment=first, kind=EventKind.PHASE_CHANGED, occurred_on=D(2026, 8, 10),
        from_phase="visit_and_investigation", to_phase="work_training",
    )  # fmt: skip
    second = started(unit, sex="female", born=1990, referred=D(2026, 5, 1), start=D(2026, 5, 2),
                     programme_model="knut_pv", status="exited", end_date=D(2026, 9, 1),
                     exit_reason="regular_job")  # fmt: skip
    EnrolmentEvent.objects.create(
        enrolment=second, kind=EventKind.PHASE_CHANGED, occurred_on=D(2026, 7, 2),
        from_phase="referral", to_phase="visit_and_investigation",
    )  # fmt: skip
    view = _view(personas.coach_a, "knut", Q3_2026 | {"unit": str(unit.pk)})
    main = view.tables[0]
    assert main.total("inflow").value == 1
    assert main.total("outflow").value == 1
    assert main.total("exit_regular_job").value == 1
    assert main.total("places_used").value == 1
    assert main.total("places").value == Decimal(8)
    assert main.total("occupancy").value == Decimal("12.5")
    # referral: 10 days (first) and 61 days (second, 2 May – 2 July); investigation: 30 days
    assert main.total("days_in_referral").value == Decimal("35.5")
    assert main.total("days_in_visit_and_investigation").value == Decimal(30)
    staircase = charts.steps_chart(view)
    assert staircase is not None
    assert [bar.text for bar in staircase.bars[:2]] == [
        main.total("days_in_referral").text,
        main.total("days_in_visit_and_investigation").text,
    ]
    assert staircase.bars[0].width > staircase.bars[1].width > 0


def test_contact_statistics(personas: Any) -> None:
    data = ips_quarter()
    e1 = data.e1
    first_job = e1.jobs.order_by("starts_on").first()
    for day, mode, place, outcome, linked in (
        (D(2026, 7, 25), "face_to_face", "community", "held", first_job),  # 7 days before
        (D(2026, 8, 3), "face_to_face", "office", "held", first_job),  # 2 days after the start
        (D(2026, 8, 20), "phone", "digital", "held", None),
        (D(2026, 8, 21), "face_to_face", "workplace", "missed", None),
    ):
        Contact.objects.create(
            enrolment=e1, occurred_at=f"{day}T10:00:00+02:00", occurred_on=day, mode=mode,
            place=place, outcome=outcome, job=linked, staff=data.coach,
        )  # fmt: skip
    main = _view(data.coach, "contacts", Q3_2026 | {"programme": "ips"}).tables[0]
    assert main.total("contacts_held").value == 3
    assert main.total("face_to_face_held").value == 2
    assert main.total("community_share").value == Decimal(50)
    # e1 e3 e7 open all quarter (92 days each), e2 from 20 July (73), e4 until 31 July (31)
    assert main.total("participant_months").value == Decimal(380) / DAYS_PER_MONTH
    assert main.total("counted_job_starts").value == 3
    assert main.total("support_before_start").value == 1
    assert main.total("support_first_days").value == 1


def _support(job_: Any, staff: Any, *days: Any) -> None:
    for day in days:
        Contact.objects.create(
            enrolment=job_.enrolment, occurred_at=f"{day}T10:00:00+02:00", occurred_on=day,
            mode="face_to_face", place="workplace", outcome="held", job=job_, staff=staff,
        )  # fmt: skip


def test_follow_along_compliance_weekly_in_the_first_month_then_monthly() -> None:
    unit = UnitFactory(name="IPS Följ")
    coach = _member([unit])

    def job_starting(day: Any, **fields: Any) -> Any:
        return job(
            started(unit, sex="female", born=1990, referred=D(2026, 5, 1), start=D(2026, 5, 5)),
            day,
            **fields,
        )

    every_week = job_starting(D(2026, 7, 6))  # weeks: 6–12, 13–19, 20–26 July, 27 July–2 Aug
    _support(every_week, coach, D(2026, 7, 7), D(2026, 7, 13), D(2026, 7, 26), D(2026, 8, 2))
    _support(every_week, coach, D(2026, 9, 1))  # the first day of the last 30 of the quarter
    missed_week_three = job_starting(D(2026, 7, 13))
    _support(missed_week_three, coach, D(2026, 7, 13), D(2026, 7, 20), D(2026, 8, 3))
    _support(missed_week_three, coach, D(2026, 8, 31))  # one day too early for the last month
    job_starting(D(2026, 9, 10))  # its first four weeks end in October
    job_starting(D(2026, 7, 1), ends_on=D(2026, 9, 15))  # ended: no monthly contact due
    job_starting(D(2026, 7, 20), ends_on=D(2026, 8, 1))  # ended in its second week: neither
    job_starting(D(2026, 7, 2), counted=False)  # fewer than four paid hours: not counted
    view = _view(coach, "contacts", Q3_2026 | {"programme": "ips", "unit": str(unit.pk)})
    main = view.tables[0]
    assert main.total("first_month_ended").value == 3
    assert main.total("supported_every_week").value == 1
    assert main.total("supported_every_week_share").value.quantize(Decimal("0.1")) == Decimal(
        "33.3"
    )
    assert main.total("monthly_follow_along").value == 2
    assert main.total("supported_last_month").value == 1
    assert main.total("supported_last_month_share").value == Decimal(50)
    quarter, cells = view.trend[-1]
    assert str(quarter) == "2026 Q3"
    assert cells["contacts_held"].value == main.total("contacts_held").value == 9
    assert cells["participant_months"].value == main.total("participant_months").value
    previous, earlier = view.trend[-2]
    assert str(previous) == "2026 Q2" and earlier["contacts_held"].value == 0
    # six enrolments open from 5 May: 57 days of the second quarter each
    assert earlier["participant_months"].value == Decimal(6 * 57) / DAYS_PER_MONTH


@pytest.mark.parametrize("code", [c for c, r in reports.REPORTS.items() if r.open_in_period])
def test_reading_only_enrolments_open_in_the_period_changes_no_figure(code: str) -> None:
    data = ips_quarter()
    ended_long_ago = started(data.unit, sex="male", born=1980, referred=D(2024, 1, 5),
                             start=D(2024, 1, 10), end_date=D(2024, 6, 1), status="exited",
                             phase="closed", exit_reason="education", outcome="education")  # fmt: skip
    job(ended_long_ago, D(2026, 8, 3))  # recorded after the end: a job start, not a first job
    started(data.unit, sex="female", born=1999, referred=D(2027, 1, 4), start=D(2027, 1, 8))
    report = reports.REPORTS[code]
    view = _view(data.coach, code, Q3_2026 | {"unit": str(data.unit.pk), "programme": "ips"})
    everything = replace(report, open_in_period=False)
    unnarrowed = queries.report_view(data.coach, everything, Q3_2026 | {
        "unit": str(data.unit.pk), "programme": "ips"}, parse_period(Q3_2026, D(2026, 11, 1)))  # fmt: skip
    for narrowed_table, table in zip(view.tables, unnarrowed.tables, strict=True):
        for narrowed_row, row in zip(narrowed_table.rows, table.rows, strict=True):
            assert [c.value for c in narrowed_row.cells] == [c.value for c in row.cells], (
                row.metric.code
            )
    assert [{k: c.value for k, c in cells.items()} for _q, cells in view.trend] == [
        {k: c.value for k, c in cells.items()} for _q, cells in unnarrowed.trend
    ]
    # and no enrolment figure counts an enrolment outside the window
    for metric in report.metrics(view.programme):
        if getattr(metric, "base", None) == m.ENROLMENT:
            ctx = view.ctx.fresh()
            condition = metric.condition(ctx)
            enrolments = tables.records_of_report(Enrolment, "", ctx, {data.unit.pk})
            counted = enrolments.filter(condition)
            assert not counted.exclude(tables._open_within(ctx.period)).exists(), metric.code


# ------------------------------------------------------------------ suppression


def _table(values: list[int], limit: int = 5) -> tables.Table:
    metric = m.Count("served", "Served", "", m.served)
    cells = [tables.Cell(value, drill=str(i)) for i, value in enumerate(values)]
    cells.append(tables.Cell(sum(values), drill=tables.TOTAL))
    table = tables.Table(dimensions.DIMENSIONS["sex"], [], [tables.Row(metric, cells)], limit)
    tables.suppress(table, limit)
    return table


def test_a_single_hidden_count_takes_the_next_smallest_with_it() -> None:
    cells = _table([12, 3, 8]).rows[0].cells
    assert [cell.text for cell in cells] == ["12", "< 5", "suppressed", "23"]
    assert [cell.suppressed for cell in cells] == [False, True, True, False]
    assert [cell.complementary for cell in cells] == [False, False, True, False]


def test_a_count_hidden_to_protect_another_never_claims_to_be_small() -> None:
    """Hidden only so that a small count cannot be worked out, it may be large: it says so."""
    cells = _table([250, 1, 90]).rows[0].cells
    assert [cell.text for cell in cells] == ["250", "< 5", "suppressed", "341"]


@given(st.lists(st.integers(min_value=0, max_value=40), min_size=1, max_size=6))
def test_no_hidden_count_can_be_recovered_from_the_total(values: list[int]) -> None:
    cells = _table(values).rows[0].cells
    groups, total = cells[:-1], cells[-1]
    hidden = [cell for cell in groups if cell.suppressed]
    assert all(cell.suppressed for cell in groups if cell.value < 5)
    if not total.suppressed:
        assert len(hidden) != 1
    for cell in groups:
        if cell.suppressed and cell.value >= 5:
            assert cell.complementary and cell.text == "suppressed"
        elif cell.suppressed:
            assert not cell.complementary and cell.text == "< 5"


def test_analysts_get_suppressed_cells_and_hidden_rates(personas: Any) -> None:
    data = ips_quarter()
    MembershipFactory(user=personas.analyst, unit=data.unit, role=Role.ANALYST)
    view = _view(personas.analyst, "ips", Q3_2026 | {"unit": str(data.unit.pk)})
    main = view.tables[0]
    assert not view.scope.sees_people
    assert main.total("served").text == "5"
    assert main.total("rate_numerator").text == "< 5"
    assert main.total("employment_rate").suppressed and main.total("employment_rate").text == "–"
    coach = _view(data.coach, "ips", Q3_2026 | {"unit": str(data.unit.pk)}).tables[0]
    assert coach.total("rate_numerator").text == "2"


# ------------------------------------------------------------------ pages, drill-through, exports


def test_pages_exports_and_the_api_label_counts_hidden_to_protect_others(
    client_for: Any, api_for: Any
) -> None:
    region, units = jom_project()
    analyst = _member(units, Role.ANALYST)
    query = "start=2013-01-01&end=2013-12-31&programme=jom"
    view = _view(analyst, "flow", YEAR_2013 | {"programme": "jom"})
    protecting = [
        (row.metric.code, cell)
        for row in view.tables[0].rows
        for cell in row.cells
        if cell.complementary
    ]
    assert protecting and all(cell.value >= 5 for _code, cell in protecting)
    with translation.override("sv"):  # as the pages show it
        label = str(tables.SUPPRESSED)
        legend = str(tables.SUPPRESSED_LEGEND % {"hidden": label, "limit": 5})
    assert label not in ("< 5", "–")
    page = client_for(analyst).get(f"/outcomes/flow/?{query}")
    html = page.content.decode()
    assert f'<td class="number">{label}</td>' in html
    assert escape(legend) in html  # the legend explains it
    rows = read_csv(client_for(analyst).get(f"/outcomes/flow/export.csv?{query}").content)
    assert any(label in row for row in rows)
    assert [legend] in rows
    body = api_for(analyst).get(f"/api/outcomes/flow?{query}").json()
    cells = [cell for figure in body["tables"][0]["figures"] for cell in figure["cells"]]
    flagged = [cell for cell in cells if cell["complementary"]]
    assert len(flagged) == len(protecting)
    assert all(cell["suppressed"] and cell["value"] is None for cell in flagged)
    assert {cell["shown"] for cell in flagged} == {label}


def test_every_count_opens_exactly_its_records(client_for: Any) -> None:
    data = ips_quarter()
    view = _view(data.coach, "ips", Q3_2026 | {"unit": str(data.unit.pk)})
    client = client_for(data.coach)
    for table in (view.tables[0], view.tables[1]):
        for row in table.rows:
            if not row.is_count:
                continue
            for cell in row.cells:
                response = client.get(
                    f"/outcomes/ips/records/?quarter=2026Q3&unit={data.unit.pk}"
                    f"&metric={row.metric.code}&dimension={table.dimension.code}&group={cell.drill}"
                )
                assert response.status_code == 200
                assert len(response.context["lines"]) == cell.value, (row.metric.code, cell.drill)
    page = client.get(f"/outcomes/ips/records/?quarter=2026Q3&unit={data.unit.pk}"
                      "&metric=in_competitive_work&dimension=unit&group=total")  # fmt: skip
    assert data.e1.participant.last_name in page.content.decode()
    logged = AuditEntry.objects.filter(event="outcomes.records").order_by("pk").last()
    assert set(logged.changes["participants"]) == {
        data.e1.participant_id,
        data.e2.participant_id,
        data.e7.participant_id,
    }


def test_the_report_page_links_every_count_and_escapes_what_users_named(
    client_for: Any,
) -> None:
    data = ips_quarter(name="Enhet <b>A&B</b>")
    page = client_for(data.coach).get(f"/outcomes/ips/?quarter=2026Q3&unit={data.unit.pk}")
    html = page.content.decode()
    view = _view(data.coach, "ips", Q3_2026 | {"unit": str(data.unit.pk)})
    links = 0
    for table in view.tables:
        for row in table.rows:
            for cell in row.cells:
                link = (
                    f"&amp;metric={row.metric.code}&amp;dimension={table.dimension.code}"
                    f'&amp;group={cell.drill}">{cell.text}</a>'
                )
                if row.is_count and cell.value:
                    assert link in html, link
                    links += 1
                elif row.is_count:
                    assert link not in html, link
    assert links > 20
    assert "<b>A&B</b>" not in html and "Enhet &lt;b&gt;A&amp;B&lt;/b&gt;" in html
    assert f'<option value="{data.unit.pk}" selected>' in html


def test_analysts_drill_into_pseudonyms_only_and_not_into_hidden_cells(
    personas: Any, client_for: Any
) -> None:
    data = ips_quarter()
    MembershipFactory(user=personas.analyst, unit=data.unit, role=Role.ANALYST)
    client = client_for(personas.analyst)
    base = f"/outcomes/ips/records/?quarter=2026Q3&unit={data.unit.pk}&dimension=unit"
    shown = client.get(f"{base}&metric=served&group=total")
    assert shown.status_code == 200
    text = shown.content.decode()
    listed = set(PSEUDONYM.findall(text))
    assert len(listed) == 5
    assert data.e1.participant.last_name not in text
    assert pseudonyms.pseudonym(data.e1.participant_id) not in text
    # a list of its own: the next one cannot be linked with it, by code or by day
    again = set(PSEUDONYM.findall(client.get(f"{base}&metric=served&group=total").content.decode()))
    assert len(again) == 5 and not listed & again
    assert "<td>2026-05</td>" in text and "2026-05-01" not in text  # e1's referral
    hidden = client.get(f"{base}&metric=rate_numerator&group=total")
    assert hidden.status_code == 404
    assert AuditEntry.objects.filter(event="access.denied", actor=personas.analyst).exists()


def test_the_report_page_shows_figures_bands_and_charts(client_for: Any) -> None:
    data = ips_quarter()
    response = client_for(data.coach).get(f"/outcomes/ips/?quarter=2026Q3&unit={data.unit.pk}")
    assert response.status_code == 200
    text = response.content.decode()
    assert "<svg" in text and "50,0\xa0%" in text
    assert response.context["view"].band.code == "excellent"
    lines = response.context["unit_chart"].lines
    assert [line.label.rsplit(": ", 1)[-1] for line in lines] == [
        "31\xa0%",
        "40\xa0%",
        "41\xa0%",
        "50\xa0%",
    ]
    assert len({line.legend_y for line in lines}) == len({line.dashes for line in lines}) == 4
    assert "kvalitet" in lines[1].label.lower()
    assert [str(q) for q, _cells in response.context["view"].trend][-1] == "2026 Q3"


def test_the_form_keeps_the_choices_and_an_empty_scope_shows_no_figures(client_for: Any) -> None:
    data = ips_quarter()
    response = client_for(data.coach).get("/outcomes/flow/?quarter=2026Q3&programme=jom")
    text = response.content.decode()
    assert '<option value="jom" selected>' in text
    assert 'value="2026Q3"' in text
    assert "Ingen av dina enheter arbetar enligt den här programmodellen." in text
    assert "<table" not in text and "<svg" not in text


def test_csv_and_xlsx_hold_the_figures_of_the_page(client_for: Any) -> None:
    data = ips_quarter()
    client = client_for(data.coach)
    query = f"quarter=2026Q3&unit={data.unit.pk}"
    rows = read_csv(client.get(f"/outcomes/ips/export.csv?{query}").content)
    served = next(row for row in rows if row and row[0] == "Deltagare som fått stöd")
    assert served[-1] == "5"
    book = load_workbook(io.BytesIO(client.get(f"/outcomes/ips/export.xlsx?{query}").content))
    assert len(book.sheetnames) == 4
    sheet = book[book.sheetnames[0]]
    values = {row[0]: row[-1] for row in sheet.iter_rows(values_only=True) if row and row[0]}
    assert values["Deltagare som fått stöd"] == 5 and values["Sysselsättningsgrad"] == 0.5
    assert AuditEntry.objects.filter(event="outcomes.export").count() == 2


def test_a_unit_named_like_a_formula_is_plain_text_in_csv_and_xlsx(client_for: Any) -> None:
    data = ips_quarter(name="=1+1")
    client = client_for(data.coach)
    query = f"quarter=2026Q3&unit={data.unit.pk}"
    rows = read_csv(client.get(f"/outcomes/ips/export.csv?{query}").content)
    assert rows[2] == ["Enheter", "'=1+1"]
    assert rows[4][1] == "'=1+1"
    book = load_workbook(io.BytesIO(client.get(f"/outcomes/ips/export.xlsx?{query}").content))
    sheet = book[book.sheetnames[0]]
    assert sheet["B3"].data_type == "s" and sheet["B3"].value == "'=1+1"
    assert sheet["B5"].data_type == "s" and sheet["B5"].value == "'=1+1"
    assert not any(
        cell.data_type == "f" for sheet in book for row in sheet.iter_rows() for cell in row
    )
    served = next(
        row for row in sheet.iter_rows(values_only=True) if row[0] == "Deltagare som fått stöd"
    )
    assert served[-1] == 5


def test_pdf_of_a_units_quarterly_report(client_for: Any) -> None:
    from pypdf import PdfReader

    data = ips_quarter()
    response = client_for(data.coach).get(
        f"/outcomes/ips/report.pdf?quarter=2026Q3&unit={data.unit.pk}"
    )
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "IPS Kvartal" in text and "Sysselsättningsgrad" in text


def test_definitions_page_lists_every_figure_in_three_languages(
    client_for: Any, personas: Any
) -> None:
    text = client_for(personas.coach_a).get("/outcomes/definitions/").content.decode()
    for metric in IPS_QUARTERLY:
        assert f"<code>{metric.code}</code>" in text
    assert "Sysselsättningsgrad" in text and "Beskæftigelsesfrekvens" in text


@pytest.mark.parametrize(
    ("query", "status", "field"),
    [
        ("start=2026-09-30&end=2026-07-01", 400, "end"),
        ("quarter=2026Q7", 400, "quarter"),
        ("quarter=2026Q3&unit=999999", 404, None),
        ("quarter=2026Q3&country=XX", 400, "country"),
    ],
)
def test_bad_input_gets_a_clear_error(
    client_for: Any, personas: Any, query: str, status: int, field: str | None
) -> None:
    response = client_for(personas.coach_a).get(f"/outcomes/ips/?{query}")
    assert response.status_code == status
    if field:
        assert field in response.context["errors"]


def test_a_unit_the_user_may_not_see_is_refused(
    client_for: Any, api_for: Any, personas: Any
) -> None:
    assert (
        client_for(personas.coach_a).get(f"/outcomes/ips/?unit={personas.unit_b.pk}").status_code
        == 404
    )
    assert (
        api_for(personas.coach_a).get(f"/api/outcomes/ips?unit={personas.unit_b.pk}").status_code
        == 404
    )
    assert client_for(personas.reviewer).get("/outcomes/ips/").status_code == 403
    other = personas.unit_b.organisation_id
    assert (
        client_for(personas.coach_a).get(f"/outcomes/ips/?organisation={other}").status_code == 404
    )
    inverted = api_for(personas.coach_a).get("/api/outcomes/ips?start=2026-09-30&end=2026-07-01")
    assert inverted.status_code == 422
    assert inverted.json()["detail"][0]["loc"][-1] == "end"


def test_the_api_returns_the_figures_of_the_page(api_for: Any) -> None:
    data = ips_quarter()
    body = api_for(data.coach).get(f"/api/outcomes/ips?quarter=2026Q3&unit={data.unit.pk}").json()
    figures = {f["code"]: f["cells"][-1] for f in body["tables"][0]["figures"]}
    assert figures["served"]["value"] == 5
    assert Decimal(str(figures["employment_rate"]["value"])) == Decimal(50)
    assert body["pseudonymous"] is False
    page = _view(data.coach, "ips", Q3_2026 | {"unit": str(data.unit.pk)})
    assert [q["quarter"] for q in body["trend"]] == [str(q) for q, _cells in page.trend]
    last = {f["group"]: f for f in body["trend"][-1]["figures"]}
    assert last["rate_numerator"]["value"] == 2 and last["rate_denominator"]["value"] == 4
    assert body["trend"][-1]["start"] == "2026-07-01"


def test_the_api_lists_the_records_behind_a_count(api_for: Any, personas: Any) -> None:
    data = ips_quarter()
    base = f"/api/outcomes/ips/records?quarter=2026Q3&unit={data.unit.pk}"
    body = api_for(data.coach).get(f"{base}&metric=in_competitive_work").json()
    assert body["count"] == 3 and body["pseudonymous"] is False
    assert {r["enrolment"] for r in body["records"]} == {data.e1.pk, data.e2.pk, data.e7.pk}
    by_sex = api_for(data.coach).get(f"{base}&metric=served&dimension=sex&group=female").json()
    assert {r["enrolment"] for r in by_sex["records"]} == {data.e1.pk, data.e3.pk}
    MembershipFactory(user=personas.analyst, unit=data.unit, role=Role.ANALYST)
    analyst = api_for(personas.analyst)
    pseudonymous = analyst.get(f"{base}&metric=served").json()
    assert pseudonymous["count"] == 5 and pseudonymous["pseudonymous"] is True
    assert {r["enrolment"] for r in pseudonymous["records"]} == {None}
    codes = {r["participant"] for r in pseudonymous["records"]}
    assert len(codes) == 5 and all(PSEUDONYM.fullmatch(code) for code in codes)
    again = {r["participant"] for r in analyst.get(f"{base}&metric=served").json()["records"]}
    assert not codes & again
    assert {r["referral_date"] for r in pseudonymous["records"]} == {None}
    assert "2026-05" in {r["referral_month"] for r in pseudonymous["records"]}
    staff = body["records"][0]
    assert staff["referral_date"] and staff["referral_month"] == staff["referral_date"][:7]
    assert analyst.get(f"{base}&metric=rate_numerator").status_code == 404
    unknown = api_for(data.coach).get(f"{base}&metric=employment_rate")
    assert unknown.status_code == 422
    assert unknown.json()["detail"][0]["loc"][-1] == "metric"
    assert api_for(data.coach).get(f"{base}").status_code == 422


# ------------------------------------------------------------------ query counts


def test_report_pages_run_a_fixed_number_of_queries(client_for: Any) -> None:
    from lotsa.testing.factories import OrganisationFactory

    organisation = OrganisationFactory()
    small = ips_quarter(organisation)
    for model in ("amia", "knut_pv"):
        UnitProgramme.objects.create(unit=small.unit, programme_code=model, places=10)
    client = client_for(small.coach)
    urls = {
        code: f"/outcomes/{code}/?quarter=2026Q3&organisation={organisation.pk}"
        + ("&programme=ips" if code in ("flow", "contacts") else "")
        for code in PINNED_QUERIES
    }
    before = {code: page_queries(client, url) for code, url in urls.items()}
    bigger = ips_quarter(organisation, name="IPS Större")
    MembershipFactory(user=small.coach, unit=bigger.unit, role=Role.COACH)
    for enrolment in (bigger.e1, bigger.e2, bigger.e7):
        job(enrolment, D(2026, 8, 20))
    for model in ("amia", "knut_pv"):
        UnitProgramme.objects.create(unit=bigger.unit, programme_code=model, places=10)
        for start in (D(2026, 7, 1), D(2026, 8, 1)):
            started(bigger.unit, sex="male", born=1980, referred=D(2026, 6, 1), start=start,
                    programme_model=model, phase="referral")  # fmt: skip
    client = client_for(small.coach)
    after = {code: page_queries(client, url) for code, url in urls.items()}
    assert before == after == PINNED_QUERIES


# Queries of each report page: session, user, roles, the grouped queries of each table, trend
# (in the tables' queries where the report reads the same enrolments for both: flow, AMiA).
PINNED_QUERIES = {"ips": 11, "flow": 9, "amia": 8, "knut": 12, "contacts": 13}


def test_one_row_of_aggregates_equals_what_aggregate_gives() -> None:
    data = ips_quarter()
    ctx = m.Context(Period(D(2026, 7, 1), D(2026, 9, 30)), registry().get("ips"))
    metrics = reports.report_of("ips").metrics(ctx.programme)
    aggregates = tables._aggregates(metrics, ctx, m.ENROLMENT)
    assert len(aggregates) > 5
    # nothing can match an empty scope: no query at all
    for unit_ids in ({data.unit.pk}, set()):
        records = tables.records_of_report(Enrolment, "", ctx, unit_ids)
        mine = tables._aggregate(records, aggregates)
        assert {alias: mine[alias] for alias in aggregates} == records.aggregate(**aggregates)
    records = tables.records_of_report(Enrolment, "", ctx, {data.unit.pk})
    assert tables._aggregate(records, aggregates)["served"] > 0


def test_the_period_helpers() -> None:
    assert str(Period(D(2026, 7, 1), D(2026, 9, 30))) == "2026 Q3"
    assert parse_period({}, D(2026, 11, 23)) == Period(D(2026, 7, 1), D(2026, 9, 30))


def test_a_trend_read_with_the_tables_equals_the_trend_read_alone() -> None:
    """The flow report reads its trend in the tables' grouped queries, added up over every
    group: the same figures as its own query."""
    data = ips_quarter()
    ctx = m.Context(Period(D(2026, 7, 1), D(2026, 9, 30)), registry().get("ips"))
    report = reports.report_of("flow")
    metrics = report.metrics(ctx.programme)
    trend = tables.TrendQuery.of(metrics, report.trend, ctx)
    _tables, together = tables.build_tables(
        metrics, ctx, [data.unit], ("unit", "sex"), limit=None, trend=trend
    )
    alone = tables._trend_alone(trend, ctx, {data.unit.pk}, None, None)

    def values(rows: list[tuple[Period, dict[str, tables.Cell]]]) -> list[Any]:
        return [(quarter, {code: c.value for code, c in cells.items()}) for quarter, cells in rows]

    assert values(together) == values(alone)
    assert sum(cells["referred"].value or 0 for _quarter, cells in alone) > 0


def test_a_fact_is_read_under_a_name_per_period_and_collected_for_the_query() -> None:
    q3 = m.Context(Period(D(2026, 7, 1), D(2026, 9, 30)), registry().get("ips"))
    q2 = replace(q3, period=Period(D(2026, 4, 1), D(2026, 6, 30)))
    in_q3, in_q2 = q3.fact(m.COMPETITIVE_JOBS), q2.fact(m.COMPETITIVE_JOBS)
    assert in_q3 != in_q2
    # Not per period: one name, one column, whatever the quarter.
    assert q3.fact(m.FIRST_COUNTED_JOB) == q2.fact(m.FIRST_COUNTED_JOB) == "first_counted_job_on"
    # The trend's quarters share their collection, so one query joins them all.
    assert set(q3.facts) == set(q2.facts) == {in_q3, in_q2, "first_counted_job_on"}
    assert q3.fresh().facts == {} and q3.fresh() == q3
