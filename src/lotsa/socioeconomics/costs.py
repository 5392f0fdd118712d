"""The payers a programme's cost may be split between, and the splits offered ready-made.

The payers are the public payers of the country's default parameter set, named as the sets
name them, so a unit's cost split is one the engine takes with that set (or a copy of it).
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

from lotsa.socioeconomics.registry import parameter_sets

QUARTER, HALF, WHOLE = Decimal("0.25"), Decimal("0.5"), Decimal(1)

# A coordination association (samordningsförbund) is financed half by Försäkringskassan and a
# quarter each by the region and the municipalities (Finsam).
SPLIT_PRESETS: dict[str, tuple[tuple[str, Promise, dict[str, Decimal]], ...]] = {
    "SE": (
        (
            "coordination_association",
            pgettext_lazy("cost split", "Coordination association: ½ FK, ¼ region, ¼ municipality"),
            {"staten_fk": HALF, "region": QUARTER, "kommun": QUARTER},
        ),
        ("municipality", pgettext_lazy("cost split", "The municipality alone"), {"kommun": WHOLE}),
    ),
    "DK": (
        (
            "municipality",
            pgettext_lazy("cost split", "The municipality alone"),
            {"kommune": WHOLE},
        ),
    ),
}


def cost_payers(country: str) -> tuple[str, ...]:
    """The public payers of the country's newest default set, in its order."""
    default = parameter_sets().default_for(country)
    return default.public_payers if default is not None else ()
