"""The rows of a work-training unit's planning: business plans, activity offers, gender reviews and statistics."""

from __future__ import annotations

from lotsa.audit.tests.audited.rows import Case

WORKTRAINING_PLANNING_WRITES: list[Case] = []
WORKTRAINING_PLANNING_READS: list[Case] = []
