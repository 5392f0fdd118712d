from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "lotsa.documents"
    label = "documents"
