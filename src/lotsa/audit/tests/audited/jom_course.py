"""The rows of a JOM course: its organisation model, provider contract and weekly reports, target group, admission and timetable."""

from __future__ import annotations

from lotsa.audit.tests.audited.rows import Case

JOM_COURSE_WRITES: list[Case] = []
JOM_COURSE_READS: list[Case] = []
