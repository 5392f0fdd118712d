"""Apps that build on pathways act on the lifecycle through hooks they register; a hook runs
inside the lifecycle's transaction, so its failure undoes the change."""

from __future__ import annotations

import datetime

import pytest

from lotsa.pathways.lifecycle_hooks import LifecyclePoint
from lotsa.pathways.models import Enrolment, EnrolmentStatus
from lotsa.pathways.services import lifecycle
from lotsa.pathways.services.lifecycle import start_enrolment

pytestmark = pytest.mark.django_db
START = datetime.date(2026, 1, 10)


@pytest.fixture
def started(monkeypatch) -> LifecyclePoint:  # type: ignore[no-untyped-def]
    """A start point of its own, without the hooks the installed apps registered."""
    point = LifecyclePoint("enrolment started")
    monkeypatch.setattr(lifecycle, "enrolment_started", point)
    return point


def test_a_start_runs_its_hooks_after_the_change(personas, case, started) -> None:
    seen: list[tuple[int, str]] = []
    started.register(lambda e: seen.append((e.pk, e.status)))
    enrolment = case("ips")
    start_enrolment(actor=personas.coach_a, enrolment=enrolment, day=START)
    assert seen == [(enrolment.pk, EnrolmentStatus.ACTIVE)]


def test_a_failing_hook_rolls_the_start_back(personas, case, started) -> None:
    def fail(enrolment: Enrolment) -> None:
        raise RuntimeError("hook failed")

    started.register(fail)
    enrolment = case("ips")
    with pytest.raises(RuntimeError):
        start_enrolment(actor=personas.coach_a, enrolment=enrolment, day=START)
    assert Enrolment.objects.get(pk=enrolment.pk).status == EnrolmentStatus.REFERRED


def test_a_hook_registered_twice_runs_once(started) -> None:
    calls: list[int] = []

    def hook(enrolment: Enrolment) -> None:
        calls.append(enrolment.pk)

    started.register(hook)
    started.register(hook)
    started.run(Enrolment(pk=1))
    assert calls == [1]
