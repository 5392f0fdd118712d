"""The rows of a work-training unit's records of a participant: the commissioner's referral, work units and tasks, work analysis, motivational interviewing."""

from __future__ import annotations

from lotsa.audit.tests.audited.rows import Case

WORKTRAINING_RECORDS_WRITES: list[Case] = []
WORKTRAINING_RECORDS_READS: list[Case] = []
