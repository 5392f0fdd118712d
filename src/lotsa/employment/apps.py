from django.apps import AppConfig


class EmploymentConfig(AppConfig):
    name = "lotsa.employment"
    label = "employment"
