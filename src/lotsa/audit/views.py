from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from lotsa.accounts.types import AuthenticatedHttpRequest
from lotsa.audit.forms import AuditFilterForm
from lotsa.audit.models import AuditEntry, AuditEvent
from lotsa.audit.queries import ReviewedEntry, audit_entries, last_sequence, reviewed_entries
from lotsa.audit.services import record
from lotsa.audit.verify import verify_chain
from lotsa.core import spreadsheets
from lotsa.core.downloads import XLSX, download
from lotsa.core.pages import administrators_only

PAGE_SIZE = 50
# Entries put into words at a time for an export, so that each batch costs the same queries.
EXPORT_BATCH = 500


def _filtered(form: AuditFilterForm, up_to: int | None = None) -> QuerySet[AuditEntry]:
    filters = form.cleaned_data
    return audit_entries(
        up_to=filters.get("upto") or up_to,
        participant_ids=filters.get("participant"),
        actor=filters.get("user"),
        since=filters.get("since"),
        until=filters.get("until"),
        kind=filters.get("kind", ""),
        event=filters.get("event", ""),
    )


def _audited_filters(form: AuditFilterForm) -> dict[str, Any]:
    """The filters as the entry of the review keeps them."""
    return {
        key: getattr(value, "pk", value if isinstance(value, list) else str(value))
        for key, value in form.cleaned_data.items()
        if value not in (None, "") and key != "upto"
    }


def _participant(form: AuditFilterForm) -> int | None:
    """The person the review is about, when it names exactly one record."""
    ids = form.cleaned_data.get("participant") or []
    return ids[0] if len(ids) == 1 else None


@administrators_only
def log_review(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The audit trail for administrators, in words, filtered by person, member of staff,
    period and kind of event. Filters that cannot be read are shown with their errors (400)
    and no entries."""
    form = AuditFilterForm(request.GET if request.GET else None)
    if form.is_bound and not form.is_valid():
        return render(request, "audit/log_review.html", {"form": form}, status=400)
    if not form.is_bound:
        form = AuditFilterForm({})
        form.is_valid()
    up_to = form.cleaned_data.get("upto") or last_sequence()
    page = Paginator(_filtered(form, up_to), PAGE_SIZE).get_page(request.GET.get("page"))
    # Read before the review's own entry is written, which would otherwise slip onto the page.
    entries = reviewed_entries(list(page.object_list), request.user)
    # Reading the trail reveals who looked at whom, so the review is itself recorded.
    record(
        AuditEvent.AUDIT_REVIEWED,
        actor=request.user,
        participant_id=_participant(form),
        changes=_audited_filters(form),
    )
    chain = verify_chain() if request.GET.get("verify") else None
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("verify", None)
    query["upto"] = str(up_to)
    return render(
        request,
        "audit/log_review.html",
        {
            "form": form,
            "page": page,
            "entries": entries,
            "chain": chain,
            "query": query.urlencode(),
        },
    )


def export_columns() -> list[str]:
    return [
        _("Number"),
        _("Time"),
        _("Kind of event"),
        _("Event"),
        _("Staff member"),
        _("Role and unit"),
        _("Participant number"),
        _("Person"),
        _("People listed"),
        _("Record concerned"),
        _("Details"),
        _("Address"),
    ]


def export_row(entry: ReviewedEntry) -> list[Any]:
    return [
        entry.sequence,
        # Spreadsheets hold no time zone: the local time, as the page shows it.
        entry.occurred_at.replace(tzinfo=None),
        entry.kind,
        entry.event,
        entry.staff,
        entry.roles,
        entry.participant_id,
        entry.participant,
        entry.listed or None,
        entry.record,
        "; ".join(f"{key}: {value}" for key, value in entry.details),
        entry.address,
    ]


@administrators_only
def export_review(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The filtered entries as a workbook, in the words of the page, as they stand when it
    is asked for. The export is recorded with its filters and how many entries it holds."""
    form = AuditFilterForm(request.GET)
    if not form.is_valid():
        return render(request, "audit/log_review.html", {"form": form}, status=400)
    rows: list[list[Any]] = [export_columns()]
    entries, older_than = _filtered(form), None
    while True:
        # Batches by sequence number: entries written meanwhile do not move the next batch.
        batch = list(
            (entries if older_than is None else entries.filter(sequence__lt=older_than))[
                :EXPORT_BATCH
            ]
        )
        rows.extend(export_row(entry) for entry in reviewed_entries(batch, request.user))
        if len(batch) < EXPORT_BATCH:
            break
        older_than = batch[-1].sequence
    record(
        AuditEvent.AUDIT_EXPORTED,
        actor=request.user,
        participant_id=_participant(form),
        changes={**_audited_filters(form), "entries": len(rows) - 1},
    )
    workbook = spreadsheets.xlsx([(_("Audit log review"), rows)])
    return download(workbook, XLSX, f"audit-log-{timezone.localdate().isoformat()}.xlsx")
