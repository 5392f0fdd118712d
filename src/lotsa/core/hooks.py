"""A point in a lower app's work where apps built on it do their own part.

An app cannot import the apps that depend on it (docs/architecture.md, "Import directions"). So
where its service must let them act, it offers a ``HookPoint``: each of those apps registers its
function from its ``AppConfig.ready()``, and the service runs them inside its own transaction
after its change. What they keep stays consistent with the change, and if one fails the whole
change is rolled back.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, ParamSpec

Arguments = ParamSpec("Arguments")


class HookPoint(Generic[Arguments]):
    """The functions to call at one point, in the order they were registered."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._hooks: list[Callable[Arguments, None]] = []

    def register(self, hook: Callable[Arguments, None]) -> Callable[Arguments, None]:
        # ``ready()`` may run more than once in one process; a hook still runs once.
        if hook not in self._hooks:
            self._hooks.append(hook)
        return hook

    def run(self, *args: Arguments.args, **kwargs: Arguments.kwargs) -> None:
        for hook in self._hooks:
            hook(*args, **kwargs)
