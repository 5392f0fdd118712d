from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SynthConfig(AppConfig):
    name = "lotsa.synth"
    verbose_name = _("Synthetic data")
    default_auto_field = "django.db.models.BigAutoField"
