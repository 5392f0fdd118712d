"""Points of the enrolment lifecycle where apps that build on pathways do their own part.

Those apps depend on pathways, so pathways cannot call them. Instead each registers its
functions here from its ``AppConfig.ready()``, and the lifecycle service runs them inside its
transaction after its own change: what they keep stays consistent with the enrolment, and if
one fails the whole change is rolled back.

* ``enrolment_started``: after an enrolment starts (employment recomputes the first employer
  contact, as contacts recorded before a backdated start may fall after it).
"""

from __future__ import annotations

from collections.abc import Callable

from lotsa.pathways.models import Enrolment

EnrolmentHook = Callable[[Enrolment], None]


class LifecyclePoint:
    """The functions to call at one point of the lifecycle, in the order they were registered."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._hooks: list[EnrolmentHook] = []

    def register(self, hook: EnrolmentHook) -> EnrolmentHook:
        # ``ready()`` may run more than once in one process; a hook still runs once.
        if hook not in self._hooks:
            self._hooks.append(hook)
        return hook

    def run(self, enrolment: Enrolment) -> None:
        for hook in self._hooks:
            hook(enrolment)


enrolment_started = LifecyclePoint("enrolment started")
