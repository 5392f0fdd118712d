"""What a participant signs: the canonical content of exactly the version a page shows, and its
hash. The same function builds the content the page shows, the content a signature keeps and
the content a status is checked against, so that a signature binds one version and nothing else:
any change to the plan or the hours gives another hash, and the new version reads "not signed"."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lotsa.accounts.sign_in_method import INVITATION, PASSKEY, PASSWORD, PROVIDER_PREFIX
from lotsa.casework.models import PlanRevision
from lotsa.documents.models import FinalDocument
from lotsa.jom.models import InternshipAgreement
from lotsa.jom.models.internship import SECTION_CODES as AGREEMENT_SECTIONS
from lotsa.timereports.models import TimeReport


def content_hash(content: dict[str, Any]) -> str:
    """SHA-256 of the content as JSON with sorted keys and no spaces, so that the same content
    always gives the same hash."""
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _day(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def plan_content(revision: PlanRevision) -> dict[str, Any]:
    """The plan version as the participant's page shows it (sub-goals and items read along)."""
    return {
        "plan_revision": revision.pk,
        "number": revision.number,
        "long_term_goal": revision.long_term_goal,
        "sub_goals": [goal.text for goal in revision.sub_goals.all()],
        "activities": [
            {
                "activity": item.activity,
                "purpose": item.purpose,
                "starts_on": _day(item.starts_on),
                "ends_on": _day(item.ends_on),
                "responsible": item.responsible,
                "status": item.status,
            }
            for item in revision.items.all()
        ],
    }


def time_report_content(report: TimeReport) -> dict[str, Any]:
    """The month's report as the participant's page shows it (weeks read along)."""
    return {
        "time_report": report.pk,
        "month": f"{report.month:%Y-%m}",
        "weeks": [
            {
                "starts_on": _day(week.starts_on),
                "ends_on": _day(week.ends_on),
                "planned_hours": str(week.planned_hours),
                "actual_hours": str(week.actual_hours),
            }
            for week in report.weeks.all()
        ],
        "note": report.note,
    }


def final_document_content(document: FinalDocument) -> dict[str, Any]:
    """The version of the final documentation as the participant's page shows it, with each
    agency's approval and its date (approvals read along). Not the signature itself: signing
    must not change what was signed."""
    return {
        "final_document": document.pk,
        "version": document.version,
        "joint_planning": document.joint_planning,
        "activities": document.activities,
        "prerequisites": document.prerequisites,
        "assessment": document.assessment,
        "approvals": [
            {"agency": approval.agency, "approved_on": _day(approval.approved_on)}
            for approval in document.approvals.all()
        ],
    }


def internship_agreement_content(agreement: InternshipAgreement) -> dict[str, Any]:
    """The version of the agreement guide as the participant's page shows it, with the parts the
    company may see and the consent to share them. Not the signatures: signing must not change
    what was signed."""
    return {
        "internship_agreement": agreement.pk,
        "version": agreement.version,
        "sections": {
            code: getattr(agreement, code)
            for code in AGREEMENT_SECTIONS
            if getattr(agreement, code)
        },
        "shared_sections": list(agreement.shared_sections),
        "consent_given_on": _day(agreement.consent_given_on),
    }


SIGN_IN_METHODS = {
    PASSWORD: gettext_lazy("password"),
    PASSKEY: gettext_lazy("passkey"),
    INVITATION: gettext_lazy("invitation code and passkey"),
}


def sign_in_method_label(method: str) -> str:
    """How the person signed in, in words; an e-identification names its provider."""
    provider = method.removeprefix(PROVIDER_PREFIX)
    if provider != method:
        return _("e-identification (%(provider)s)") % {"provider": provider}
    return str(SIGN_IN_METHODS.get(method, method))
