from typing import Any

from django.apps import AppConfig
from django.core import checks


class FidelityConfig(AppConfig):
    name = "lotsa.fidelity"
    label = "fidelity"

    def ready(self) -> None:
        from lotsa.fidelity.scale import scales

        # A broken scale file must stop the start, like a broken programme definition.
        scales()
        checks.register(scale_measures_check)


def scale_measures_check(**_options: Any) -> list[checks.CheckMessage]:
    """Every measure a scale names is registered: the apps above fidelity register theirs when
    they start, after this app, so the check runs once all have (``check``, ``migrate``)."""
    from lotsa.fidelity.evidence import MEASURES, PER_SPECIALIST_MEASURES
    from lotsa.fidelity.scale import measure_problems, scales

    return [
        checks.Error(problem, id="fidelity.E001")
        for scale in scales().values()
        for problem in measure_problems(scale, MEASURES, PER_SPECIALIST_MEASURES)
    ]
