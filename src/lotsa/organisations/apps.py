from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "lotsa.organisations"
    label = "organisations"
