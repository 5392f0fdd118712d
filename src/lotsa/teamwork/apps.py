from django.apps import AppConfig


class TeamworkConfig(AppConfig):
    name = "lotsa.teamwork"
    verbose_name = "Team practice"

    def ready(self) -> None:
        from lotsa.fidelity.evidence import register_measure
        from lotsa.teamwork import evidence

        for measure in (
            evidence.team_assignment,
            evidence.team_integration,
            evidence.vocational_unit,
            evidence.supervisor_role,
        ):
            register_measure(measure.__name__, measure)
