"""The competitive-job rule in words, for the job page; ``employment.models.COMPETITIVE`` is the
same rule as a database condition (a test keeps the two in agreement)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from lotsa.employment.models import JobForm


@dataclass(frozen=True)
class Criterion:
    text: Any
    met: bool


def competitive_criteria(job: Any) -> list[Criterion]:
    """A job is competitive when every criterion holds (the IPS definition of competitive work)."""
    return [
        Criterion(
            _("Open to anyone: an ordinary job on the open labour market"),
            job.form == JobForm.OPEN_MARKET and not job.reserved_for_disability,
        ),
        Criterion(
            _("Paid at least the customary wage for the work"), bool(job.paid_customary_wage)
        ),
        Criterion(_("Not reserved for people with disabilities"), not job.reserved_for_disability),
        Criterion(_("Not time-limited by a programme"), not job.time_limited_by_programme),
    ]


def is_competitive(job: Any) -> bool:
    return all(criterion.met for criterion in competitive_criteria(job))
