from django.apps import AppConfig


class WorktrainingConfig(AppConfig):
    name = "lotsa.worktraining"
    label = "worktraining"

    def ready(self) -> None:
        # A programme model that drops a code these records mark stops the start.
        from lotsa.pathways.definitions.programme import check_record_codes
        from lotsa.pathways.definitions.registry import registry
        from lotsa.worktraining import codes
        from lotsa.worktraining.concepts import concepts

        check_record_codes(
            registry().programmes[codes.PROGRAMME],
            milestones=codes.MILESTONES,
            checklist=codes.CHECKLIST,
        )
        # A broken concept list stops the start, as a broken programme model does.
        concepts()
