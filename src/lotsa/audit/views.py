from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from lotsa.accounts.types import AuthenticatedHttpRequest
from lotsa.audit.forms import AuditFilterForm
from lotsa.audit.models import AuditEvent
from lotsa.audit.queries import audit_entries
from lotsa.audit.services import record
from lotsa.audit.verify import verify_chain
from lotsa.core.pages import administrators_only

PAGE_SIZE = 50


@administrators_only
def log_review(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The audit trail for administrators, filtered by participant, user and period."""
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    entries = audit_entries(
        participant_id=filters.get("participant"),
        actor=filters.get("user"),
        since=filters.get("since"),
        until=filters.get("until"),
    )
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    # Reading the trail reveals who looked at whom, so the review is itself recorded.
    record(
        AuditEvent.AUDIT_REVIEWED,
        actor=request.user,
        participant_id=filters.get("participant"),
        changes={
            key: getattr(value, "pk", str(value))
            for key, value in filters.items()
            if value not in (None, "")
        },
    )
    chain = verify_chain() if request.GET.get("verify") else None
    status = 400 if form.is_bound and not form.is_valid() else 200
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/log_review.html",
        {"form": form, "page": page, "chain": chain, "query": query.urlencode()},
        status=status,
    )
