from django.apps import AppConfig


class PathwaysConfig(AppConfig):
    name = "lotsa.pathways"
    label = "pathways"

    def ready(self) -> None:
        from lotsa.pathways.definitions.registry import registry

        # A broken definition file must stop the start, not surface on the first case page.
        registry()
