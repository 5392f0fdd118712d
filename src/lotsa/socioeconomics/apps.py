from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SocioeconomicsConfig(AppConfig):
    name = "lotsa.socioeconomics"
    label = "socioeconomics"
    verbose_name = _("Socioeconomic value")

    def ready(self) -> None:
        from lotsa.socioeconomics.registry import parameter_sets

        # A broken parameter file must stop the start, not surface in the first report.
        parameter_sets()
