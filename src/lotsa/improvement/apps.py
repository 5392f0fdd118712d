from django.apps import AppConfig


class ImprovementConfig(AppConfig):
    name = "lotsa.improvement"
    label = "improvement"

    def ready(self) -> None:
        from lotsa.fidelity.evidence import register_measure
        from lotsa.improvement.evidence import executive_support

        register_measure("executive_support", executive_support)
