from django.apps import AppConfig


class FidelityConfig(AppConfig):
    name = "lotsa.fidelity"
    label = "fidelity"

    def ready(self) -> None:
        from lotsa.fidelity.scale import scales

        # A broken scale file must stop the start, like a broken programme definition.
        scales()
