from django.apps import AppConfig


class EmploymentConfig(AppConfig):
    name = "lotsa.employment"
    label = "employment"

    def ready(self) -> None:
        from lotsa.employment.services import count_employer_contacts_from_start
        from lotsa.pathways.lifecycle_hooks import enrolment_started

        # Employment builds on pathways, so pathways learns of this through its hook.
        enrolment_started.register(count_employer_contacts_from_start)
