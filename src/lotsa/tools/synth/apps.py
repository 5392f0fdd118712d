from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SynthConfig(AppConfig):
    name = "lotsa.tools.synth"
    # The label it had before it moved under lotsa.tools: its table and migration history keep
    # their names in the databases that already have them.
    label = "synth"
    verbose_name = _("Synthetic data")
    default_auto_field = "django.db.models.BigAutoField"
