from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "lotsa.core"
    label = "core"
