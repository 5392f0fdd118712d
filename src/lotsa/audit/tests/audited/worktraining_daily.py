"""The rows of a work-training unit's daily work: workdays and schedules, incidents, the compensation basis, the report back to the commissioner."""

from __future__ import annotations

from lotsa.audit.tests.audited.rows import Case

WORKTRAINING_DAILY_WRITES: list[Case] = []
WORKTRAINING_DAILY_READS: list[Case] = []
