"""My schedule: the published weeks of the work units whose work group I am in, with my own
lines and the whole group's."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from lotsa.accounts.types import AuthenticatedHttpRequest
from lotsa.participant_space.boundary import participant_required
from lotsa.participant_space.queries import own_enrolments, record_own_view
from lotsa.worktraining.queries.daily import schedules_for_participant


@participant_required
@require_GET
def my_schedule(request: AuthenticatedHttpRequest) -> HttpResponse:
    enrolments = own_enrolments(request.user)
    weeks = schedules_for_participant(enrolments, timezone.localdate())
    record_own_view(
        request.user, "schedule", list(enrolments.values_list("participant_id", flat=True))
    )
    return render(request, "participant_space/schedule.html", {"weeks": weeks})
