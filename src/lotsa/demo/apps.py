from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "lotsa.demo"
    label = "demo"
