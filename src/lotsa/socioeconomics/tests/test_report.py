"""The socioeconomic report of an IPS unit, computed from its recorded outcomes: recomputed by
hand from the rows, its queries pinned, its access, audit, what-if, exports and languages."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

import pytest
from django.apps import apps
from django.conf import settings
from openpyxl import load_workbook

from lotsa.audit.models import AuditEntry
from lotsa.cohorts.models import Cohort, CohortMember
from lotsa.errors import DomainError
from lotsa.organisations.models import Role
from lotsa.outcomes.periods import Period
from lotsa.outcomes.tests.data import D, job
from lotsa.pathways.models import EnrolmentStatus, FollowUp
from lotsa.socioeconomics.models import CostBasis
from lotsa.socioeconomics.registry import parameter_sets
from lotsa.socioeconomics.report import socioeconomic_report
from lotsa.socioeconomics.services import CostDetails, copy_parameter_set, record_programme_cost
from lotsa.testing.factories import EnrolmentFactory, MembershipFactory, UserFactory
from lotsa.testing.queries import page_queries

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]

URL = "/socioeconomics/report/"
YEAR_2026 = {"start": "2026-01-01", "end": "2026-12-31"}
PERIOD = Period(D(2026, 1, 1), D(2026, 12, 31))
COST = Decimal(60000)
BASE = YEAR_2026 | {
    "cost_per_participant": "60000",
    "counterfactual_arbete_heltid": "10",
    "counterfactual_source": "Jämförelsegrupp i kommunens uppföljning",
}


def started(unit: Any, sources: list[str], **fields: Any) -> Any:
    return EnrolmentFactory(
        unit=unit, baseline_income_sources=sources, start_date=D(2026, 2, 1), **fields
    )


def ips_unit_outcomes(unit: Any, *, extra: int = 0) -> None:
    """Ten on social assistance at the start: four in full-time work at the end of 2026, one
    part-time, one gone on to studies; and two whose income has no state in the set."""
    for _ in range(4):
        job(started(unit, ["social_assistance"]), D(2026, 5, 1), hours_per_week=Decimal(40))
    job(started(unit, ["social_assistance", "salary"]), D(2026, 6, 1))  # 20 hours
    started(
        unit,
        ["social_assistance"],
        status=EnrolmentStatus.EXITED,
        end_date=D(2026, 8, 31),
        exit_reason="education",
        outcome="education",
    )
    for _ in range(4 + extra):
        started(unit, ["social_assistance"])
    started(unit, ["unemployment_insurance"])
    started(unit, [])


def params(**extra: str) -> str:
    return urlencode(BASE | extra)


@pytest.fixture
def unit_a(personas: Any) -> Any:
    # The personas' own enrolments have no baseline recorded: they count as not valued.
    ips_unit_outcomes(personas.unit_a)
    return personas.unit_a


def test_the_report_recomputes_by_hand_from_the_rows(personas: Any, unit_a: Any) -> None:
    query = BASE | {"unit": str(unit_a.pk)}
    report = socioeconomic_report(personas.coach_a, query, PERIOD)
    mapped = report.mapped
    assert mapped.participants == 10
    assert mapped.baseline == {"forsorjningsstod": 10}
    assert mapped.outcomes == {"arbete_heltid": 4, "arbete_deltid_50": 1}
    assert mapped.outcomes_not_valued == {"studier_csn": 1}
    assert mapped.not_valued == {"unemployment_insurance": 1, "not_recorded": 3}

    parameters = parameter_sets().get("se-2025")
    assert parameters is not None
    aid = parameters.states["forsorjningsstod"].benefit
    full = parameters.states["arbete_heltid"]
    half = parameters.states["arbete_deltid_50"]
    assert aid is not None and full.wage and full.wage_tax and half.wage and half.wage_tax
    # A month in work instead of on social assistance, for the municipality: its share of the
    # income tax, and the aid it no longer pays. For the region: its share of the tax.
    kommun_full = full.wage_tax.shares["kommun"] * full.wage.value + aid.value
    kommun_half = half.wage_tax.shares["kommun"] * half.wage.value + aid.value
    region_full = full.wage_tax.shares["region"] * full.wage.value
    region_half = half.wage_tax.shares["region"] * half.wage.value
    # Net shares: 40 % − 10 % without the programme in full-time work, 10 % part-time; the
    # effect lasts the default two years (years 1 and 2), discounted at the set's 3.5 %.
    n, net_full, net_half = 10, Decimal("0.3"), Decimal("0.1")
    factors = Decimal(1) / Decimal("1.035") + Decimal(1) / Decimal("1.035") ** 2
    kommun = n * 12 * (net_full * kommun_full + net_half * kommun_half) * factors - n * COST
    region = n * 12 * (net_full * region_full + net_half * region_half) * factors
    result = report.result
    assert result is not None
    assert abs(result["kommun"].npv - kommun) < Decimal("0.01")
    assert abs(result["region"].npv - region) < Decimal("0.01")
    assert result["region"].pv_cost == 0
    assert result["kommun"].pv_cost == n * COST
    assert result.echo.parameter_set == "se-2025"


def test_the_page_shows_every_payer_the_cohort_and_the_provenance(
    personas: Any, unit_a: Any, client_for: Any, settings: Any
) -> None:
    client = client_for(personas.coach_a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(f"{URL}?{params(unit=str(unit_a.pk))}").content.decode()
    for payer in ("Municipality", "Region", "State: Försäkringskassan", "The individual"):
        assert payer in page
    for text in (
        "Public sector, total",
        "Society",
        "Net present value",
        "Benefit–cost ratio",
        "Payback, discounted",
        "Break-even net effect",
        "NPV per net success",
        "Parameter set se-2025, version 1, prices of 2025.",
        "Jämförelsegrupp i kommunens uppföljning",
        "Unemployment insurance",
        "<svg",
        '<desc id="flow-chart-desc">',
        "What the NPV of Public sector, total depends on most",
    ):
        assert text in page, text
    # Ten valued: under the 30 the result means much with, so it says so and names the limit.
    assert "Only 10 participants are valued: below 30" in page


def test_the_report_reads_the_same_number_of_queries_for_one_and_many(
    personas: Any, client_for: Any
) -> None:
    client = client_for(personas.coach_a)
    started(personas.unit_a, ["social_assistance"])
    url = f"{URL}?{params(unit=str(personas.unit_a.pk))}"
    one = page_queries(client, url)
    ips_unit_outcomes(personas.unit_a, extra=20)
    assert page_queries(client, url) == one == 13  # with the lookup of the units' recorded cost


@pytest.mark.parametrize("persona", ["reviewer", "administrator", "records_officer"])
def test_roles_that_see_no_reports_are_refused(
    persona: str, personas: Any, client_for: Any
) -> None:
    client = client_for(getattr(personas, persona))
    assert client.get(URL).status_code == 403
    assert client.get(f"{URL}?{params()}").status_code == 403


def test_another_units_report_is_not_found(personas: Any, client_for: Any) -> None:
    client = client_for(personas.coach_a)
    assert client.get(f"{URL}?{params(unit=str(personas.unit_b.pk))}").status_code == 404
    assert client.get(f"{URL}report.xlsx?{params(unit=str(personas.unit_b.pk))}").status_code == 404


def test_the_view_and_each_export_are_audited(personas: Any, unit_a: Any, client_for: Any) -> None:
    client = client_for(personas.coach_a)
    query = params(unit=str(unit_a.pk))
    for path, events in (
        ("", ["outcomes.view"]),
        ("report.xlsx", ["outcomes.view", "outcomes.export"]),
        ("report.pdf", ["outcomes.view", "outcomes.export"]),
    ):
        before = AuditEntry.objects.count()
        assert client.get(f"{URL}{path}?{query}").status_code == 200
        entries = AuditEntry.objects.order_by("pk")[before:]
        assert [entry.event for entry in entries] == events
        assert entries[0].changes["report"] == "socioeconomics"
        assert entries[0].changes["units"] == [unit_a.pk]
        if path:
            assert entries[1].changes["format"] == path.rsplit(".", 1)[-1]


def _rows() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label != "audit" and model._meta.label != "sessions.Session"
    }


def test_what_if_recomputes_and_saves_nothing(personas: Any, unit_a: Any, client_for: Any) -> None:
    client = client_for(personas.coach_a)
    base = socioeconomic_report(personas.coach_a, BASE | {"unit": str(unit_a.pk)}, PERIOD)
    before, audit = _rows(), AuditEntry.objects.count()
    changed = params(
        unit=str(unit_a.pk),
        share_arbete_heltid="60",
        discount_rate="0",
        displacement="10",
        duration_years="3",
        wage_level="110",
        benefit_level="90",
        cost_per_participant="80000",
    )
    response = client.get(f"{URL}?{changed}")
    assert response.status_code == 200
    assert _rows() == before
    assert AuditEntry.objects.count() == audit + 1
    assert response.context["report"].result["public"].npv != base.result["public"].npv
    assert response.context["report"].inputs.outcomes[0].share == Decimal("0.6")


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"cost_per_participant": ""}, "cost_per_participant"),
        ({"cost_per_participant": "many"}, "cost_per_participant"),
        ({"counterfactual_source": ""}, "counterfactual_source"),
        ({"discount_rate": "-1"}, "discount_rate"),
        ({"displacement": "150"}, "displacement"),
        ({"share_arbete_heltid": "x"}, "share_arbete_heltid"),
        ({"split_kommun": "50"}, "split"),
        ({"share_arbete_heltid": "80", "share_arbete_deltid_50": "40"}, "share"),
        ({"parameter_set": "dk-2024"}, "parameter_set"),
        ({"quarter": "2026Q9"}, "quarter"),
    ],
)
def test_bad_input_gives_field_errors(
    extra: dict[str, str], field: str, personas: Any, unit_a: Any, client_for: Any
) -> None:
    client = client_for(personas.coach_a)
    before = _rows()
    response = client.get(f"{URL}?{params(unit=str(unit_a.pk), **extra)}")
    assert response.status_code == 400
    assert field in response.context["errors"]
    assert _rows() == before


def test_an_explicit_net_effect_needs_no_counterfactual(
    personas: Any, unit_a: Any, client_for: Any
) -> None:
    query = BASE | {"counterfactual_source": "", "effect_net": "1", "unit": str(unit_a.pk)}
    report = socioeconomic_report(personas.coach_a, query, PERIOD)
    assert report.inputs is not None
    assert all(outcome.counterfactual_share == 0 for outcome in report.inputs.outcomes)


def test_small_counts_are_hidden_from_viewers_who_may_not_see_the_people(
    personas: Any, unit_a: Any, client_for: Any
) -> None:
    analyst = UserFactory()
    MembershipFactory(user=analyst, unit=unit_a, role=Role.ANALYST)
    report = socioeconomic_report(analyst, BASE | {"unit": str(unit_a.pk)}, PERIOD)
    limit = settings.SMALL_CELL_LIMIT
    part_time = next(line for line in report.outcome_lines if "Half" in line.label)
    assert part_time.suppressed and part_time.count_text == f"< {limit}"
    assert part_time.share_text == "–"
    assert report.result is not None  # ten valued: enough to show the result


def test_a_cohort_below_the_limit_shows_nothing_computed(personas: Any, client_for: Any) -> None:
    analyst = UserFactory()
    MembershipFactory(user=analyst, unit=personas.unit_a, role=Role.ANALYST)
    started(personas.unit_a, ["social_assistance"])
    report = socioeconomic_report(analyst, BASE | {"unit": str(personas.unit_a.pk)}, PERIOD)
    assert report.hidden and report.result is None


def test_a_cohort_scope_reads_its_members_only(personas: Any, unit_a: Any) -> None:
    cohort = Cohort.objects.create(
        unit=unit_a, programme_code="ips", name="Grupp 1", starts_on=D(2026, 2, 1)
    )
    members = list(unit_a.enrolments.order_by("pk"))[-6:]
    for enrolment in members:
        CohortMember.objects.create(cohort=cohort, enrolment=enrolment, joined_on=D(2026, 2, 1))
    query = BASE | {"cohort": str(cohort.pk)}
    report = socioeconomic_report(personas.coach_a, query, PERIOD)
    assert report.mapped.enrolments == 6


def test_the_exports_carry_the_figures(personas: Any, unit_a: Any, client_for: Any) -> None:
    client = client_for(personas.coach_a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    query = params(unit=str(unit_a.pk))
    report = socioeconomic_report(personas.coach_a, BASE | {"unit": str(unit_a.pk)}, PERIOD)
    assert report.result is not None
    book = load_workbook(io.BytesIO(client.get(f"{URL}report.xlsx?{query}").content))
    summary = book["Summary"]
    rows = {row[0]: row[1:] for row in summary.iter_rows(values_only=True) if row and row[0]}
    assert rows["Net present value"][0] == pytest.approx(
        float(report.result["kommun"].npv), abs=0.01
    )
    assert "Parameters" in book.sheetnames and "Municipality" in book.sheetnames
    pdf = client.get(f"{URL}report.pdf?{query}")
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_follow_up_statuses_count(personas: Any) -> None:
    enrolment = started(
        personas.unit_a,
        ["sickness_benefit"],
        status=EnrolmentStatus.EXITED,
        end_date=D(2026, 3, 31),
        exit_reason="other",
        outcome="other",
    )
    FollowUp.objects.create(
        enrolment=enrolment, code="six_months", status="work", observed_on=D(2026, 9, 30)
    )
    report = socioeconomic_report(
        personas.coach_a, BASE | {"unit": str(personas.unit_a.pk)}, PERIOD
    )
    assert report.mapped.outcomes == {"arbete_deltid_50": 1}
    assert report.mapped.baseline == {"sjukpenning": 1}


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("sv", ["Socioekonomiskt värde", "Nuvärde"]),
        ("da", ["Socialøkonomisk værdi", "Nutidsværdi"]),
    ],
)
def test_the_page_speaks_swedish_and_danish(
    language: str, words: list[str], personas: Any, unit_a: Any, client_for: Any
) -> None:
    client = client_for(personas.coach_a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = client.get(f"{URL}?{params(unit=str(unit_a.pk))}").content.decode()
    for word in words:
        assert word in page


def test_without_a_cost_in_the_form_the_units_recorded_cost_is_used(
    personas: Any, unit_a: Any
) -> None:
    query = BASE | {"unit": str(unit_a.pk)}
    query.pop("cost_per_participant")
    with pytest.raises(DomainError) as refused:
        socioeconomic_report(personas.coach_a, query, PERIOD)
    assert set(refused.value.errors) == {"cost_per_participant"}

    record_programme_cost(
        actor=personas.manager_a,
        unit=unit_a,
        year=2026,
        details=CostDetails(
            basis=CostBasis.PER_PARTICIPANT,
            split={
                "staten_fk": Decimal("0.5"),
                "region": Decimal("0.25"),
                "kommun": Decimal("0.25"),
            },
            cost_per_participant=Decimal(48000),
            source="Budget 2026",
        ),
    )
    report = socioeconomic_report(personas.coach_a, query, PERIOD)
    assert report.choices.cost_per_participant == Decimal(48000)
    assert report.choices.cost_split == {
        "staten_fk": Decimal("0.5"),
        "region": Decimal("0.25"),
        "kommun": Decimal("0.25"),
    }
    assert any("Budget 2026" in text for text in report.assumptions)
    # A cost typed into the form wins, with the set's default split.
    typed = socioeconomic_report(personas.coach_a, BASE | {"unit": str(unit_a.pk)}, PERIOD)
    assert typed.choices.cost_per_participant == COST
    assert typed.choices.recorded_cost == ""


def test_an_organisations_copy_of_the_parameter_set_can_be_chosen(
    personas: Any, unit_a: Any, client_for: Any
) -> None:
    copy = copy_parameter_set(
        actor=personas.manager_a,
        organisation=personas.municipality,
        set_id="se-2025",
        name="Våra antaganden",
    )
    key = f"copy-{copy.pk}-v1"
    page = client_for(personas.manager_a).get(f"{URL}?{params(unit=str(unit_a.pk))}")
    assert f'value="{key}"' in page.content.decode()
    report = socioeconomic_report(
        personas.manager_a, BASE | {"unit": str(unit_a.pk), "parameter_set": key}, PERIOD
    )
    assert report.parameters.version == 1
    assert report.result is not None
    # Staff of another organisation may not use it.
    with pytest.raises(DomainError) as refused:
        socioeconomic_report(
            personas.coach_b, BASE | {"unit": str(personas.unit_b.pk), "parameter_set": key}, PERIOD
        )
    assert set(refused.value.errors) == {"parameter_set"}
