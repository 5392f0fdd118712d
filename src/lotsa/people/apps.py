from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "lotsa.people"
    label = "people"
