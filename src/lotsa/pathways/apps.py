from django.apps import AppConfig


class PathwaysConfig(AppConfig):
    name = "lotsa.pathways"
    label = "pathways"
