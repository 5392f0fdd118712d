from django.apps import AppConfig


class ImprovementConfig(AppConfig):
    name = "lotsa.improvement"
    label = "improvement"
