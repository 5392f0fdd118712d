"""Names for people to read of the codes in ``vocabulary.py``: payers, states, result columns,
provenance statuses, perspectives and tornado parameters, translated like every other text.

Parameter files carry codes only; the names live here, so a set and an organisation's copy of it
read the same in every language.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext, pgettext_lazy

from lotsa.socioeconomics.parameter_set import ParameterSet
from lotsa.socioeconomics.vocabulary import PUBLIC, SOCIETY, Perspective

_MUNICIPALITY = pgettext_lazy("socioeconomic payer", "Municipality")
_STATE = pgettext_lazy("socioeconomic payer", "State")
_PERSON = pgettext_lazy("socioeconomic payer", "The individual")
_EMPLOYER = pgettext_lazy("socioeconomic payer", "Employer")

PAYER_NAMES: dict[str, Promise] = {
    "kommun": _MUNICIPALITY,
    "kommune": _MUNICIPALITY,
    "region": pgettext_lazy("socioeconomic payer", "Region"),
    "staten": _STATE,
    "stat": _STATE,
    "staten_fk": pgettext_lazy("socioeconomic payer", "State: Försäkringskassan"),
    "staten_af": pgettext_lazy("socioeconomic payer", "State: Arbetsförmedlingen"),
    "staten_ovrigt": pgettext_lazy("socioeconomic payer", "State: other (taxes, pensions)"),
    "individ": _PERSON,
    "borger": _PERSON,
    "arbetsgivare": _EMPLOYER,
    "arbejdsgiver": _EMPLOYER,
}

COLUMN_NAMES: dict[str, Promise] = {
    PUBLIC: pgettext_lazy("socioeconomic payer", "Public sector, total"),
    SOCIETY: pgettext_lazy("socioeconomic payer", "Society"),
}

STATE_NAMES: dict[str, Promise] = {
    "forsorjningsstod": pgettext_lazy(
        "socioeconomic state", "Social assistance (försörjningsstöd)"
    ),
    "sjukpenning": pgettext_lazy("socioeconomic state", "Sickness benefit (sjukpenning)"),
    "sjukersattning": pgettext_lazy(
        "socioeconomic state", "Sickness compensation (sjukersättning)"
    ),
    "aktivitetsstod": pgettext_lazy("socioeconomic state", "Activity support (aktivitetsstöd)"),
    "arbete_heltid": pgettext_lazy("socioeconomic state", "Full-time work"),
    "arbete_deltid_50": pgettext_lazy("socioeconomic state", "Half-time work"),
    "subventionerat_arbete": pgettext_lazy("socioeconomic state", "Subsidised work"),
    "studier_csn": pgettext_lazy("socioeconomic state", "Studies with student finance (CSN)"),
    "kontanthjaelp": pgettext_lazy("socioeconomic state", "Social assistance (kontanthjælp)"),
    "sygedagpenge": pgettext_lazy("socioeconomic state", "Sickness benefit (sygedagpenge)"),
    "foertidspension": pgettext_lazy("socioeconomic state", "Disability pension (førtidspension)"),
    "ressourceforloeb": pgettext_lazy(
        "socioeconomic state", "Resource programme (ressourceforløb)"
    ),
    "job": pgettext_lazy("socioeconomic state", "Ordinary job"),
    "uddannelse_su": pgettext_lazy("socioeconomic state", "Education with student grant (SU)"),
}

STATUS_NAMES: dict[str, Promise] = {
    "S": pgettext_lazy("provenance of a value", "Stated by the source"),
    "D": pgettext_lazy("provenance of a value", "Derived from stated values"),
    "A": pgettext_lazy("provenance of a value", "Assumption"),
    "U": pgettext_lazy("provenance of a value", "Uncertain"),
}

PERSPECTIVE_NAMES: dict[Perspective, Promise] = {
    Perspective.ACTORS: pgettext_lazy("socioeconomic perspective", "Each payer"),
    Perspective.BUDGET: pgettext_lazy("socioeconomic perspective", "Public budgets"),
    Perspective.SOCIETY: pgettext_lazy("socioeconomic perspective", "Society"),
}

TORNADO_NAMES: dict[str, Promise] = {
    "wage": pgettext_lazy("sensitivity parameter", "Wage"),
    "benefit": pgettext_lazy("sensitivity parameter", "Benefit level"),
    "cost": pgettext_lazy("sensitivity parameter", "Programme cost"),
    "discount_rate": pgettext_lazy("sensitivity parameter", "Discount rate"),
    "displacement": pgettext_lazy("sensitivity parameter", "Displacement"),
    "counterfactual": pgettext_lazy("sensitivity parameter", "Outcome without the programme"),
    "persistence": pgettext_lazy("sensitivity parameter", "Persistence of the effect"),
    "duration": pgettext_lazy("sensitivity parameter", "Duration of the effect"),
}


def column_name(code: str) -> str:
    """The name of a payer, of ``public`` or of ``society``."""
    return str(PAYER_NAMES.get(code) or COLUMN_NAMES.get(code) or code)


def state_name(code: str) -> str:
    return str(STATE_NAMES.get(code, code))


def parameter_set_title(parameters: ParameterSet) -> str:
    """ "Sweden, default values at 2025 prices", "Denmark, worked example at 2024 prices"."""
    country = {"SE": gettext("Sweden"), "DK": gettext("Denmark")}.get(
        parameters.country, parameters.country
    )
    if parameters.is_example:
        text = gettext("%(country)s, worked example at %(year)s prices")
    else:
        text = gettext("%(country)s, default values at %(year)s prices")
    return text % {"country": country, "year": parameters.price_year}
