from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "lotsa.casework"
    label = "casework"
