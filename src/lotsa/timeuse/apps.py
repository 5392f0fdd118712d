from django.apps import AppConfig


class TimeUseConfig(AppConfig):
    name = "lotsa.timeuse"
    label = "timeuse"
