from django.apps import AppConfig


class TeamworkConfig(AppConfig):
    name = "lotsa.teamwork"
    verbose_name = "Team practice"
