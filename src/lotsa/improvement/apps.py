from django.apps import AppConfig


class ImprovementConfig(AppConfig):
    name = "lotsa.improvement"
    label = "improvement"

    def ready(self) -> None:
        from lotsa.fidelity.review_hooks import review_finalised
        from lotsa.improvement.services import take_in_finalised_review

        # The register builds on fidelity, so fidelity learns of this through its hook.
        review_finalised.register(take_in_finalised_review)
