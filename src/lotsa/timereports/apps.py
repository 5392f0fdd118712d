from django.apps import AppConfig


class TimeReportsConfig(AppConfig):
    name = "lotsa.timereports"
    label = "timereports"
