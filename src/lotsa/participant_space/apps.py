from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipantSpaceConfig(AppConfig):
    name = "lotsa.participant_space"
    verbose_name = _("The participant's own space")
