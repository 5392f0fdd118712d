"""The rows of the socioeconomic records: a unit's programme cost, an organisation's copies of
the parameter sets."""

from __future__ import annotations

from decimal import Decimal

from lotsa.audit.tests.audited.rows import Call, Case, E, World, one, refused
from lotsa.errors import Forbidden
from lotsa.socioeconomics import services
from lotsa.socioeconomics.models import CostBasis, ParameterSetCopy, UnitProgrammeCost

DETAILS = services.CostDetails(
    basis=CostBasis.PER_PARTICIPANT,
    split={"kommun": Decimal(1)},
    cost_per_participant=Decimal(90000),
)


def _cost(w: World) -> UnitProgrammeCost:
    return services.record_programme_cost(
        actor=w.personas.manager_a, unit=w.personas.unit_a, year=2025, details=DETAILS
    )


def _copy(w: World) -> ParameterSetCopy:
    return services.copy_parameter_set(
        actor=w.personas.manager_a,
        organisation=w.personas.municipality,
        set_id="se-2025",
        name="Våra värden",
    )


SOCIOECONOMIC_WRITES: list[Case] = [
    one(
        services.record_programme_cost,
        E.PROGRAMME_COST_SAVED,
        lambda w: Call(
            {
                "actor": w.personas.team_leader_a,
                "unit": w.personas.unit_a,
                "year": 2025,
                "details": DETAILS,
            }
        ),
    ),
    refused(
        services.record_programme_cost,
        E.ACCESS_DENIED,
        lambda w: Call(
            {
                "actor": w.personas.coach_a,
                "unit": w.personas.unit_a,
                "year": 2025,
                "details": DETAILS,
            }
        ),
        Forbidden,
        "role without the right",
    ),
    one(
        services.revise_programme_cost,
        E.PROGRAMME_COST_SAVED,
        lambda w: Call(
            {
                "actor": w.personas.manager_a,
                "cost": _cost(w),
                "details": services.CostDetails(
                    basis=CostBasis.PER_PARTICIPANT,
                    split={"kommun": Decimal(1)},
                    cost_per_participant=Decimal(95000),
                ),
            }
        ),
    ),
    one(
        services.copy_parameter_set,
        E.PARAMETER_SET_COPIED,
        lambda w: Call(
            {
                "actor": w.personas.manager_a,
                "organisation": w.personas.municipality,
                "set_id": "se-2025",
                "name": "Våra värden",
            }
        ),
    ),
    one(
        services.adjust_parameter_set,
        E.PARAMETER_SET_ADJUSTED,
        lambda w: Call(
            {
                "actor": w.personas.manager_a,
                "copy": _copy(w),
                "values": {"states.arbete_heltid.wage": Decimal(26000)},
                "note": "Avtalslön",
                "based_on_version": 1,
            }
        ),
    ),
]
