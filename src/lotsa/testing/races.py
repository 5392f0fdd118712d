"""Simultaneous requests in a test: threads released together, each on its own connection."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from django.db import connections

from lotsa.errors import DomainError


def at_once(count: int, act: Callable[[int], Any]) -> list[Any]:
    """Run ``act(i)`` in ``count`` threads released together; each result or exception."""
    barrier = threading.Barrier(count)
    results: list[Any] = [None] * count

    def run(i: int) -> None:
        try:
            barrier.wait(timeout=10)
            results[i] = act(i)
        except Exception as error:  # noqa: BLE001 - the test looks at what each thread got
            results[i] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def refused(results: list[Any]) -> list[DomainError]:
    """The refusals among the results; anything else that was raised fails the test."""
    unexpected = [r for r in results if isinstance(r, Exception) and not isinstance(r, DomainError)]
    assert not unexpected, unexpected
    return [r for r in results if isinstance(r, DomainError)]
