"""The participant's own time report (the AMiA diary): hours week by week, submitted by signing."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from lotsa.errors import DomainError
from lotsa.participant_space.models import Signature, SignedDocument
from lotsa.participant_space.signing import content_hash, time_report_content
from lotsa.participant_space.tests.conftest import Space
from lotsa.testing.clock import TODAY
from lotsa.timereports import services as timereports
from lotsa.timereports.models import TimeReport
from lotsa.timereports.services import WeekHours

pytestmark = pytest.mark.django_db

MONTH = f"{TODAY:%Y-%m}"


def _week_count(client: Client, space: Space) -> int:
    page = client.get(reverse("me:time-report", args=[space.enrolment.pk, MONTH]))
    assert page.status_code == 200
    return sum(1 for name in page.context["form"].fields if name.startswith("planned_"))


def _hours(weeks: int, actual: str = "8") -> dict[str, str]:
    data = {"note": "A good month"}
    for number in range(1, weeks + 1):
        data[f"planned_{number}"] = "10"
        data[f"actual_{number}"] = actual
    return data


def _report() -> TimeReport:
    return TimeReport.objects.prefetch_related("weeks").get()


def test_the_participant_enters_saves_and_submits_a_month(
    space: Space, client_for: Callable[..., Client]
) -> None:
    client = space.client(client_for)
    weeks = _week_count(client, space)
    url = reverse("me:time-report", args=[space.enrolment.pk, MONTH])
    assert client.post(url, _hours(weeks)).status_code == 302
    report = _report()
    assert [w.actual_hours for w in report.weeks.all()] == [Decimal("8.0")] * weeks
    assert report.entered_by == space.account.user
    shown = content_hash(time_report_content(report))
    submit = reverse("me:submit-time-report", args=[space.enrolment.pk, MONTH])
    assert client.post(submit, {"content_hash": shown}).status_code == 302
    report = _report()
    assert report.signed_on == TODAY
    assert Signature.objects.get().document == SignedDocument.TIME_REPORT
    page = client.get(url).content.decode()
    assert "Signed on" in page
    assert client.post(url, _hours(weeks, actual="9")).status_code == 400
    assert [w.actual_hours for w in _report().weeks.all()] == [Decimal("8.0")] * weeks


def test_staff_see_that_the_participant_submitted_it_in_lotsa(
    space: Space, client_for: Callable[..., Client]
) -> None:
    client = space.client(client_for)
    weeks = _week_count(client, space)
    client.post(reverse("me:time-report", args=[space.enrolment.pk, MONTH]), _hours(weeks))
    client.post(
        reverse("me:submit-time-report", args=[space.enrolment.pk, MONTH]),
        {"content_hash": content_hash(time_report_content(_report()))},
    )
    staff = client_for(space.personas.coach_a)
    staff.cookies["django_language"] = "en"
    page = staff.get(reverse("timereports:month", args=[space.enrolment.pk, MONTH]))
    assert "Submitted by the participant in Lotsa on" in page.content.decode()


def test_staff_cannot_change_a_month_the_participant_submitted(
    space: Space, client_for: Callable[..., Client]
) -> None:
    client = space.client(client_for)
    weeks = _week_count(client, space)
    client.post(reverse("me:time-report", args=[space.enrolment.pk, MONTH]), _hours(weeks))
    client.post(
        reverse("me:submit-time-report", args=[space.enrolment.pk, MONTH]),
        {"content_hash": content_hash(time_report_content(_report()))},
    )
    with pytest.raises(DomainError):
        timereports.save_time_report(
            actor=space.personas.coach_a,
            enrolment=space.enrolment,
            month=TODAY.replace(day=1),
            weeks=[WeekHours(Decimal(1), Decimal(1))] * weeks,
        )


def test_hours_above_60_are_a_field_error(space: Space, client_for: Callable[..., Client]) -> None:
    client = space.client(client_for)
    weeks = _week_count(client, space)
    url = reverse("me:time-report", args=[space.enrolment.pk, MONTH])
    response = client.post(url, _hours(weeks, actual="61"))
    assert response.status_code == 400
    assert response.context["form"].errors["actual_1"]
    response = client.post(url, _hours(weeks, actual="lots"))
    assert response.status_code == 400
    assert not TimeReport.objects.exists()


def test_hours_changed_after_the_page_was_opened_are_not_submitted(
    space: Space, client_for: Callable[..., Client]
) -> None:
    client = space.client(client_for)
    weeks = _week_count(client, space)
    url = reverse("me:time-report", args=[space.enrolment.pk, MONTH])
    client.post(url, _hours(weeks))
    shown = content_hash(time_report_content(_report()))
    client.post(url, _hours(weeks, actual="9"))
    response = client.post(
        reverse("me:submit-time-report", args=[space.enrolment.pk, MONTH]), {"content_hash": shown}
    )
    assert response.status_code == 409
    assert _report().signed_on is None
    assert not Signature.objects.exists()
