from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "lotsa.outcomes"
    label = "outcomes"

    def ready(self) -> None:
        from lotsa.outcomes.benchmarks import benchmarks

        # A broken benchmark file must stop the start, like a broken programme definition.
        benchmarks()
