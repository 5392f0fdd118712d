"""The work-training unit's records, by sub-topic."""

from lotsa.worktraining.models.units import Financing, WorkUnit

__all__ = ["Financing", "WorkUnit"]
