from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "lotsa.audit"
    label = "audit"
