"""Anything reached by id that is not the participant's own answers 404, and is audited."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from lotsa.audit.models import AuditEntry, AuditEvent
from lotsa.casework.models import PlanRevision
from lotsa.participant_space.signing import content_hash, plan_content
from lotsa.participant_space.tests.conftest import Space, write_plan
from lotsa.testing.clock import TODAY
from lotsa.testing.factories import EnrolmentFactory, ParticipantFactory

pytestmark = pytest.mark.django_db


def _month() -> str:
    return f"{TODAY:%Y-%m}"


def _hash_of(revision: PlanRevision) -> str:
    fresh = PlanRevision.objects.prefetch_related("sub_goals", "items").get(pk=revision.pk)
    return content_hash(plan_content(fresh))


def _refused_urls(revision: PlanRevision, enrolment_id: int) -> list[tuple[str, str]]:
    return [
        ("post", reverse("me:sign-plan", args=[revision.pk])),
        ("get", reverse("me:time-report", args=[enrolment_id, _month()])),
        ("post", reverse("me:time-report", args=[enrolment_id, _month()])),
        ("post", reverse("me:submit-time-report", args=[enrolment_id, _month()])),
    ]


def test_another_participants_plan_and_time_report_answer_404(
    space: Space, client_for: Callable[..., Client]
) -> None:
    client = space.client(client_for)
    for method, url in _refused_urls(space.other_plan, space.other.pk):
        before = AuditEntry.objects.count()
        response = getattr(client, method)(url, {"content_hash": _hash_of(space.other_plan)})
        assert response.status_code == 404, url
        assert AuditEntry.objects.order_by("sequence")[before:].first().event == (
            AuditEvent.ACCESS_DENIED.value
        )


def test_the_same_persons_record_in_a_unit_without_a_link_answers_404(
    space: Space, client_for: Callable[..., Client]
) -> None:
    own = space.enrolment.participant
    elsewhere = EnrolmentFactory(
        participant=ParticipantFactory(identity_number=own.identity_number),
        unit=space.personas.unit_a,
        programme_model="amia",
        status="active",
    )
    revision = PlanRevision.objects.create(
        enrolment=elsewhere, number=1, long_term_goal="Goal", created_by=space.personas.coach_a
    )
    client = space.client(client_for)
    for method, url in _refused_urls(revision, elsewhere.pk):
        response = getattr(client, method)(url, {"content_hash": _hash_of(revision)})
        assert response.status_code == 404, url


def test_a_month_outside_the_enrolment_answers_404(
    space: Space, client_for: Callable[..., Client]
) -> None:
    client = space.client(client_for)
    before_start = space.enrolment.start_date.replace(day=1).replace(
        year=space.enrolment.start_date.year - 1
    )
    for month in (f"{before_start:%Y-%m}", f"{TODAY.year + 1}-01", "2026-13", "soon"):
        url = reverse("me:time-report", args=[space.enrolment.pk, month])
        assert client.get(url).status_code == 404, month


def test_a_case_of_a_model_without_time_reports_has_no_time_report_page(
    space: Space, client_for: Callable[..., Client]
) -> None:
    ips = EnrolmentFactory(participant=space.enrolment.participant, unit=space.personas.unit_a)
    url = reverse("me:time-report", args=[ips.pk, _month()])
    assert space.client(client_for).get(url).status_code == 404


def test_a_new_plan_version_on_another_case_does_not_open_mine(
    space: Space, client_for: Callable[..., Client]
) -> None:
    newer = write_plan(space.personas, space.other, "Another goal of someone else")
    response = space.client(client_for).post(
        reverse("me:sign-plan", args=[newer.pk]), {"content_hash": _hash_of(newer)}
    )
    assert response.status_code == 404
