from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "lotsa.surveys"
    label = "surveys"

    def ready(self) -> None:
        # A broken instrument file, or a programme model scheduling a wave no instrument has,
        # stops the start, like a broken programme model.
        from lotsa.pathways.definitions.registry import registry
        from lotsa.surveys.instruments import instruments
        from lotsa.surveys.waves import check_programme_waves

        check_programme_waves(registry().programmes.values(), instruments().values())
