"""The administrators' page of retention rules: what each organisation keeps, for how long."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lotsa.accounts.types import AuthenticatedHttpRequest
from lotsa.core.pages import administrators_only, form_page
from lotsa.retention import queries, services
from lotsa.retention.forms import RetentionRuleForm
from lotsa.retention.models import RetentionRule


@administrators_only
def rules(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(
        request,
        "retention/rules.html",
        {
            "organisations": queries.retention_overview(timezone.localdate()),
            "default_years": settings.RETENTION_YEARS,
        },
    )


@administrators_only
def rule_edit(request: AuthenticatedHttpRequest, rule_id: int | None = None) -> HttpResponse:
    rule = get_object_or_404(RetentionRule, pk=rule_id) if rule_id else None
    initial = {name: getattr(rule, name) for name in services.RULE_FIELDS} if rule else {}
    if rule:
        initial["organisation"] = rule.organisation_id
    return form_page(
        request,
        RetentionRuleForm(request.POST or None, initial=initial),
        lambda data: services.save_rule(actor=request.user, rule=rule, **data),
        template="organisations/form.html",
        context={
            "title": str(rule.organisation) if rule else _("New retention rule"),
            "back": "organisations:retention",
        },
        message=_("Saved."),
        done=lambda _saved: reverse("organisations:retention"),
    )
