from django.apps import AppConfig, apps
from django.core.signals import request_finished
from django.db.models.signals import pre_save


class CoreConfig(AppConfig):
    name = "lotsa.core"
    label = "core"

    def ready(self) -> None:
        from lotsa.core.logs import forget_request_id
        from lotsa.core.orm import install_column_identity
        from lotsa.dates import refuse_implausible_dates

        request_finished.connect(forget_request_id, dispatch_uid="forget_request_id")
        install_column_identity()

        # Structural, like the audit trail: a date no service can mean is refused for every
        # Lotsa record, whichever service, form, API call or command writes it.
        for model in apps.get_models():
            if model.__module__.startswith("lotsa."):
                pre_save.connect(refuse_implausible_dates, sender=model, dispatch_uid=model)
