from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "lotsa.tools.demo"
    label = "demo"
