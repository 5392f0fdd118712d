from django.apps import AppConfig


class JomConfig(AppConfig):
    name = "lotsa.jom"
    label = "jom"

    def ready(self) -> None:
        # A programme model that drops a code these records mark stops the start.
        from lotsa.jom import codes
        from lotsa.pathways.definitions.programme import check_record_codes
        from lotsa.pathways.definitions.registry import registry

        check_record_codes(
            registry().programmes[codes.PROGRAMME],
            milestones=codes.MILESTONES,
            checklist=codes.CHECKLIST,
        )
