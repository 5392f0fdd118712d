"""An organisation's copy of a parameter set: copied from its country's default, adjusted in
versions checked like any set, never touching the shipped one, and offered to the report."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lotsa.accounts.services import save_language
from lotsa.audit.models import AuditEntry, AuditEvent
from lotsa.errors import DomainError, Forbidden
from lotsa.organisations.models import Organisation
from lotsa.socioeconomics.models import ParameterSetCopy
from lotsa.socioeconomics.queries_costs import parameter_set_for_key, parameter_sets_for
from lotsa.socioeconomics.registry import parameter_sets
from lotsa.socioeconomics.services import adjust_parameter_set, copy_parameter_set
from lotsa.testing.factories import MembershipFactory, OrganisationFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db

WAGE = "states.arbete_heltid.wage"


def copied(personas, name: str = "Våra löner") -> ParameterSetCopy:  # type: ignore[no-untyped-def]
    return copy_parameter_set(
        actor=personas.manager_a,
        organisation=personas.municipality,
        set_id="se-2025",
        name=name,
    )


def test_an_adjusted_copy_keeps_its_versions_and_the_shipped_set_stays_as_it_was(
    personas,
) -> None:
    copy = copied(personas)
    saved = adjust_parameter_set(
        actor=personas.manager_a,
        copy=copy,
        values={WAGE: Decimal(27000), "discount.rate": Decimal("0.03")},
        note="Avtalslön 2025",
        based_on_version=1,
    )
    assert saved.version == 2
    assert saved.changes == {WAGE: ["25000", "27000"], "discount.rate": ["0.035", "0.03"]}
    assert copy.versions.count() == 2
    assert parameter_sets().get("se-2025").states["arbete_heltid"].wage.value == 25000
    offered = parameter_set_for_key(personas.team_leader_a, f"copy-{copy.pk}-v2")
    assert offered is not None
    wage = offered.parameters.states["arbete_heltid"].wage
    assert (wage.value, wage.provenance.status) == (Decimal(27000), "A")
    assert "Avtalslön 2025" in wage.provenance.note
    assert (offered.parameters.id, offered.parameters.version) == (f"copy-{copy.pk}", 2)
    earlier = parameter_set_for_key(personas.team_leader_a, f"copy-{copy.pk}-v1")
    assert earlier is not None and earlier.parameters.states["arbete_heltid"].wage.value == 25000
    events = (
        AuditEntry.objects.filter(actor=personas.manager_a)
        .order_by("sequence")
        .values_list("event", flat=True)
    )
    assert list(events) == [AuditEvent.PARAMETER_SET_COPIED, AuditEvent.PARAMETER_SET_ADJUSTED]


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"displacement": Decimal("1.5")}, "displacement"),
        ({"horizon_years": Decimal("2.5")}, "horizon_years"),
        ({"states.forsorjningsstod.benefit": Decimal(-1)}, "states.forsorjningsstod.benefit"),
        (
            {"states.forsorjningsstod.benefit_payers.shares.kommun": Decimal("0.9")},
            "states.forsorjningsstod.benefit_payers.shares.kommun",
        ),
        ({"discount.rate": Decimal("-0.01")}, "discount.rate"),
    ],
)
def test_a_value_that_breaks_the_set_is_refused_at_its_field(personas, values, field) -> None:
    copy = copied(personas)
    with pytest.raises(DomainError) as error:
        adjust_parameter_set(
            actor=personas.manager_a, copy=copy, values=values, note="", based_on_version=1
        )
    assert field in error.value.errors
    assert copy.versions.count() == 1


def test_the_page_shows_a_problem_at_its_field(personas, client_for) -> None:
    copy = copied(personas)
    client = client_for(personas.manager_a)
    url = reverse("socioeconomics:copy-edit", args=[copy.pk])
    form = client.get(url).context["form"]
    data = {name: form[name].value() for name in form.fields}
    data |= {"displacement": "2", "version": "1", "note": ""}
    response = client.post(url, data)
    assert response.status_code == 400
    assert "displacement" in response.context["form"].errors
    data["displacement"] = "0.1"
    assert client.post(url, data).status_code == 302
    assert copy.versions.count() == 2


def test_a_copy_is_of_the_organisations_country_only(personas) -> None:
    with pytest.raises(DomainError) as error:
        copy_parameter_set(
            actor=personas.manager_a,
            organisation=personas.municipality,
            set_id="dk-2024",
            name="Fel land",
        )
    assert set(error.value.errors) == {"set_id"}


def test_who_sees_copies_and_who_adjusts_them(personas, client_for) -> None:
    copy = copied(personas)
    for persona, see, edit in (
        ("manager_a", 200, 200),
        ("team_leader_a", 200, 403),
        ("analyst", 200, 403),
        ("coach_a", 403, 403),
        ("reviewer", 403, 403),
    ):
        client = client_for(getattr(personas, persona))
        assert client.get(reverse("socioeconomics:copy", args=[copy.pk])).status_code == see
        assert client.get(reverse("socioeconomics:copy-edit", args=[copy.pk])).status_code == edit
    with pytest.raises(Forbidden):
        adjust_parameter_set(
            actor=personas.team_leader_a,
            copy=copy,
            values={WAGE: Decimal(1)},
            note="",
            based_on_version=1,
        )


def test_another_organisations_copy_is_not_found_nor_offered(personas, client_for) -> None:
    copy = copied(personas)
    elsewhere = UserFactory(username="manager_elsewhere")
    MembershipFactory(user=elsewhere, unit=personas.unit_b, role="manager")
    client = client_for(elsewhere)
    assert client.get(reverse("socioeconomics:copy", args=[copy.pk])).status_code == 404
    assert AuditEntry.objects.filter(
        event=AuditEvent.ACCESS_DENIED,
        actor=elsewhere,
        object_type="socioeconomics.parametersetcopy",
    ).exists()
    assert parameter_set_for_key(elsewhere, f"copy-{copy.pk}-v1") is None
    keys = [offered.key for offered in parameter_sets_for(elsewhere, "SE")]
    assert keys == ["se-2025", "se-2025-example-a"]
    mine = [o.key for o in parameter_sets_for(personas.analyst, "SE")]
    assert mine == ["se-2025", "se-2025-example-a", f"copy-{copy.pk}-v1"]
    titles = [o.title for o in parameter_sets_for(personas.analyst, "SE")]
    assert titles[-1] == "Våra löner (Testby kommun), version 1"


def test_a_danish_organisation_copies_the_danish_default(personas) -> None:
    jobcentre = OrganisationFactory(country="DK", kind=Organisation.Kind.JOBCENTRE)
    leader = UserFactory(username="leder")
    MembershipFactory(user=leader, unit=UnitFactory(organisation=jobcentre), role="manager")
    copy = copy_parameter_set(
        actor=leader, organisation=jobcentre, set_id="dk-2024", name="Vores satser"
    )
    adjust_parameter_set(
        actor=leader,
        copy=copy,
        values={"refusion.steps[0].state_share": Decimal("0.7")},
        note="",
        based_on_version=1,
    )
    offered = parameter_sets_for(leader, "DK")[-1]
    assert offered.parameters.refusion.steps[0].state_share == Decimal("0.7")  # type: ignore[union-attr]


def test_the_list_reads_the_same_number_of_queries_at_one_and_many_copies(
    personas, client_for
) -> None:
    client = client_for(personas.analyst)
    url = reverse("socioeconomics:parameter-sets")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    copied(personas, "Första")
    one = queries()
    for n in range(4):
        copy = copied(personas, f"Kopia {n}")
        adjust_parameter_set(
            actor=personas.manager_a,
            copy=copy,
            values={WAGE: Decimal(26000 + n)},
            note="",
            based_on_version=1,
        )
    assert queries() == one
    assert one <= 8


def test_the_list_speaks_swedish_and_danish(personas, client_for) -> None:
    copied(personas)
    client = client_for(personas.manager_a)
    page = client.get(reverse("socioeconomics:parameter-sets")).content.decode()
    assert "Parameteruppsättningar" in page
    assert "Kopiera en parameteruppsättning" in page
    save_language(user=personas.manager_a, language="da")
    danish = client.get(reverse("socioeconomics:parameter-sets")).content.decode()
    assert "Parametersæt" in danish
