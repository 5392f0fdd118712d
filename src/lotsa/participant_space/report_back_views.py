"""The reports back to the commissioner as the participant reads them: every version sent
about their own cases (R17: the participant may see what goes back to the commissioner)."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from lotsa.accounts.models import User
from lotsa.participant_space.boundary import participant_required
from lotsa.participant_space.queries import own_enrolments, record_own_view
from lotsa.pathways.services.enrolment_changes import programme_of
from lotsa.worktraining.models import ReportBack, ReportBackStatus
from lotsa.worktraining.queries.report_back import ShownContent, shown_content


@dataclass(frozen=True)
class SentReport:
    report: ReportBack
    content: ShownContent


def sent_reports_back_for(user: User) -> list[SentReport]:
    """The versions sent about my cases, newest first, with what they said. One query."""
    reports = list(
        ReportBack.objects.filter(enrolment__in=own_enrolments(user), status=ReportBackStatus.SENT)
        .select_related("enrolment__unit", "sent_to_organisation")
        .order_by("-sent_on", "-id")
    )
    record_own_view(user, "reports_back", (r.enrolment.participant_id for r in reports))
    return [SentReport(r, shown_content(r, programme_of(r.enrolment))) for r in reports]


@participant_required
@require_GET
def reports_back(request: HttpRequest) -> HttpResponse:
    assert isinstance(request.user, User)
    return render(
        request,
        "participant_space/reports_back.html",
        {"reports": sent_reports_back_for(request.user)},
    )
