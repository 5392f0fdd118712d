"""The closed lists of codes a parameter set and the engine's inputs use.

Payer and state codes are those of the socioeconomic reference, per country; their names for
people to read are in ``names.py``. Code outside this app (the mapping from recorded outcomes to
states) names states by these codes, which is why the list is closed.
"""

from __future__ import annotations

from enum import StrEnum

COUNTRIES = ("SE", "DK")
CURRENCIES = {"SE": "SEK", "DK": "DKK"}

# Where a value comes from: stated by its source, derived from stated values, an assumption, or
# uncertain (a weak or conflicting source, or not verified).
STATUSES = ("S", "D", "A", "U")

KINDS = ("default", "example")
DEFAULT, EXAMPLE = KINDS


class Role(StrEnum):
    """What a payer is in the model: a public payer, the person, or the employer."""

    PUBLIC = "public"
    INDIVIDUAL = "individual"
    EMPLOYER = "employer"


PAYERS: dict[str, dict[str, Role]] = {
    "SE": {
        "kommun": Role.PUBLIC,
        "region": Role.PUBLIC,
        # The state as one payer, or split by agency (a set uses one or the other).
        "staten": Role.PUBLIC,
        "staten_fk": Role.PUBLIC,
        "staten_af": Role.PUBLIC,
        "staten_ovrigt": Role.PUBLIC,
        "individ": Role.INDIVIDUAL,
        "arbetsgivare": Role.EMPLOYER,
    },
    "DK": {
        "kommune": Role.PUBLIC,
        "region": Role.PUBLIC,
        "stat": Role.PUBLIC,
        "borger": Role.INDIVIDUAL,
        "arbejdsgiver": Role.EMPLOYER,
    },
}

# A payer and the parts it may be split into; a set lists the whole or its parts, not both.
SPLIT_PAYERS = {"staten": ("staten_fk", "staten_af", "staten_ovrigt")}

STATES: dict[str, tuple[str, ...]] = {
    "SE": (
        "forsorjningsstod",
        "sjukpenning",
        "sjukersattning",
        "aktivitetsstod",
        "arbete_heltid",
        "arbete_deltid_50",
        "subventionerat_arbete",
        "studier_csn",
    ),
    "DK": (
        "kontanthjaelp",
        "sygedagpenge",
        "foertidspension",
        "ressourceforloeb",
        "job",
        "uddannelse_su",
    ),
}

# The result's columns beside the payers: the public payers together, and society's real
# resources. No payer has either code.
PUBLIC = "public"
SOCIETY = "society"


class Production(StrEnum):
    """How a state's production is valued for society (and so what the employer gains)."""

    # The employer's whole labour cost: wage and contributions (Arbetsförmedlingen's practice).
    LABOUR_COST = "labour_cost"
    # A subsidised job produces what the employer pays for it after the subsidy.
    LABOUR_COST_LESS_SUBSIDY = "labour_cost_less_subsidy"
    # The gross wage (the Danish worked example, where contributions are left out).
    WAGE = "wage"
    # No production: a benefit or studies.
    NONE = "none"


class TaxRule(StrEnum):
    """How the person's income tax is found."""

    # Each state gives the tax on its wage and on its taxable benefit as shares of the gross
    # amount per payer (a credit the payer bears is a negative share).
    SHARES_OF_GROSS = "shares_of_gross"
    # AM-bidrag on labour income, then kommuneskat and bundskat on personal income above the
    # personfradrag.
    DANISH = "danish"


class Profile(StrEnum):
    """How an effect lasts after the programme."""

    STEP = "step"  # in full for a number of years, then gone
    DECAY = "decay"  # a share of it persists from one year to the next


class Perspective(StrEnum):
    BUDGET = "budget"  # the public payers together
    ACTORS = "actors"  # each payer, the person and the employer included
    SOCIETY = "society"  # real resources: production less services used


def role_of(country: str, payer: str) -> Role | None:
    return PAYERS.get(country, {}).get(payer)


def payer_for_role(country: str, role: Role) -> str:
    """The code of the person or the employer in a country (one each)."""
    return next(payer for payer, its_role in PAYERS[country].items() if its_role == role)
