"""Points of the enrolment lifecycle where apps that build on pathways do their own part.

Those apps depend on pathways, so pathways cannot call them. Instead each registers its
functions here from its ``AppConfig.ready()``, and the lifecycle service runs them inside its
transaction after its own change (``core.hooks``): what they keep stays consistent with the
enrolment, and if one fails the whole change is rolled back.

* ``enrolment_started``: after an enrolment starts (employment recomputes the first employer
  contact, as contacts recorded before a backdated start may fall after it).
"""

from __future__ import annotations

from lotsa.core.hooks import HookPoint
from lotsa.pathways.models import Enrolment


class LifecyclePoint(HookPoint[[Enrolment]]):
    """A point of the enrolment lifecycle; its hooks are given the enrolment."""


enrolment_started = LifecyclePoint("enrolment started")
