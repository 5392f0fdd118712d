from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "lotsa.surveys"
    label = "surveys"

    def ready(self) -> None:
        # A broken instrument file stops the start, like a broken programme model.
        from lotsa.surveys.instruments import instruments

        instruments()
