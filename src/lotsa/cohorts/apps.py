from django.apps import AppConfig


class CohortsConfig(AppConfig):
    name = "lotsa.cohorts"
    label = "cohorts"
