from django.apps import AppConfig


class TimeUseConfig(AppConfig):
    name = "lotsa.timeuse"
    label = "timeuse"

    def ready(self) -> None:
        from lotsa.fidelity.evidence import register_measure
        from lotsa.timeuse.evidence import employment_services_time

        register_measure("employment_services_time", employment_services_time)
