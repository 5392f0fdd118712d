"""Points of the fidelity review where apps that build on fidelity do their own part.

Those apps depend on fidelity, so fidelity cannot call them. Instead each registers its
functions here from its ``AppConfig.ready()``, and the review service runs them inside its
transaction after its own change (``core.hooks``): if one fails, the change is rolled back.

* ``review_finalised``: after a review is final and its recommendations are improvement
  actions; each hook is given the review and the reviewer who finalised it (the improvement
  register takes the review's actions in).
"""

from __future__ import annotations

from lotsa.accounts.types import Actor
from lotsa.core.hooks import HookPoint
from lotsa.fidelity.models import FidelityReview


class ReviewPoint(HookPoint[[FidelityReview, Actor]]):
    """A point of the review workflow; its hooks are given the review and who acted on it."""


review_finalised = ReviewPoint("review finalised")
