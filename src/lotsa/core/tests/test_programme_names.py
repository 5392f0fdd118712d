"""Pages, messages and e-mails name a programme model by its name in the reader's language,
never by the code it is stored under ("AMIA", "KNUT_PV")."""

from __future__ import annotations

import datetime

import pytest
from django.template import Context, Template
from django.utils import translation

from lotsa.accounts.services import save_language
from lotsa.cohorts.services import create_cohort
from lotsa.errors import DomainError
from lotsa.pathways.definitions.registry import programme_name
from lotsa.pathways.services.lifecycle import transition_phase
from lotsa.retention.services import save_rule
from lotsa.testing.factories import ReferralFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]

AMIA_SV = "AMiA – aktivering och mobilisering inför arbetslivsintroduktion"
AMIA_DA = "AMiA – aktivering og mobilisering før arbejdslivsintroduktion"
KNUT_PV_SV = "Kommunal praktisk verksamhet (KNUT-PV)"
RAW_CODES = ("AMIA", "KNUT_PV")  # as pages showed them: the code in capitals
START = datetime.date(2026, 1, 10)


def _without_codes(page: str) -> bool:
    shown = [code for code in RAW_CODES if code in page]
    assert not shown, shown
    return True


def test_the_filter_and_the_helper_give_the_name_in_the_current_language() -> None:
    template = Template("{{ code|programme_name }}")  # a builtin: no {% load %}
    with translation.override("sv"):
        assert template.render(Context({"code": "amia"})) == AMIA_SV
        assert programme_name("knut_pv") == KNUT_PV_SV
    with translation.override("da"):
        assert template.render(Context({"code": "amia"})) == AMIA_DA
    # A model the installation no longer runs keeps the only name it has.
    assert programme_name("retired_model") == "retired_model"


def test_the_caseload_the_case_page_and_the_unit_board_name_the_model(
    personas, case, client_for
) -> None:
    amia = case("amia", started_on=START)
    knut = case("knut_pv", started_on=START)
    coach = client_for(personas.coach_a)

    caseload = coach.get("/caseload/").content.decode()
    case_page = coach.get(f"/cases/{amia.pk}/").content.decode()
    board = client_for(personas.team_leader_a).get(f"/units/{personas.unit_a.pk}/board/")

    assert AMIA_SV in caseload and KNUT_PV_SV in caseload and _without_codes(caseload)
    assert f"<title>{amia.participant.display_name} – {AMIA_SV}" in case_page
    assert _without_codes(case_page)
    phases = [name for _code, name in board.context["board"].phases]
    # The board's narrow columns use the short names people say, never the codes.
    assert "AMiA – Överlämning" in phases and "KNUT-PV – Remiss" in phases
    assert _without_codes(board.content.decode())
    assert knut.programme_model == "knut_pv"


def test_a_danish_reader_sees_the_danish_name(personas, case, client_for) -> None:
    case("amia", started_on=START)
    save_language(user=personas.coach_a, language="da")

    caseload = client_for(personas.coach_a).get("/caseload/").content.decode()

    assert AMIA_DA in caseload and AMIA_SV not in caseload and _without_codes(caseload)


def test_other_enrolments_of_the_person_are_named(personas, two_orgs, client_for) -> None:
    ips_case = two_orgs["full"].enrolments.get(programme_model="ips")

    page = client_for(personas.coach_a).get(f"/cases/{ips_case.pk}/").content.decode()

    assert f"{AMIA_SV} – {personas.joint_team.name}" in page and _without_codes(page)


def test_referrals_cohorts_administration_and_retention_name_the_model(
    personas, case, client_for
) -> None:
    case("knut_pv")
    ReferralFactory(
        from_unit=personas.unit_b,
        referred_by=personas.coach_b,
        to_unit=personas.unit_a,
        programme_model="amia",
    )
    cohort = create_cohort(
        actor=personas.coach_a,
        unit=personas.unit_a,
        programme_code="knut_pv",
        name="Arbetslag 1",
        starts_on=START,
    )
    save_rule(
        actor=personas.administrator,
        rule=None,
        organisation=personas.municipality,
        programme_code="amia",
        years=5,
    )
    coach, administrator = client_for(personas.coach_a), client_for(personas.administrator)

    pages = {
        "referrals": (coach.get("/referrals/"), AMIA_SV),
        "cohort": (coach.get(f"/cohorts/{cohort.pk}/"), KNUT_PV_SV),
        "cohorts": (coach.get(f"/units/{personas.unit_a.pk}/cohorts/"), KNUT_PV_SV),
        "administration": (administrator.get("/administration/"), AMIA_SV),
        "retention": (administrator.get("/administration/retention/"), AMIA_SV),
    }

    for page, (response, name) in pages.items():
        text = response.content.decode()
        assert response.status_code == 200, page
        assert name in text and _without_codes(text), page


def test_a_refused_move_names_the_model(personas, case) -> None:
    amia = case("amia", started_on=START)

    with pytest.raises(DomainError) as refused:
        transition_phase(actor=personas.coach_a, enrolment=amia, to_phase="planning", day=START)

    message = " ".join(refused.value.errors["to_phase"])
    assert message.startswith("AMiA – activation and mobilisation before the Work-Life")
    assert "AMIA" not in message
