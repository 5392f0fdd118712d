from django.apps import AppConfig


class ImprovementConfig(AppConfig):
    name = "lotsa.improvement"
    label = "improvement"

    def ready(self) -> None:
        from lotsa.fidelity.evidence import register_measure
        from lotsa.fidelity.review_hooks import review_finalised
        from lotsa.improvement.evidence import executive_support
        from lotsa.improvement.services import take_in_finalised_review

        # The register builds on fidelity, so fidelity learns of these through its hooks.
        review_finalised.register(take_in_finalised_review)
        register_measure("executive_support", executive_support)
