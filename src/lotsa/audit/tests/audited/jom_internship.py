"""The rows of a JOM participant's internship: the agreement guide and its signatures, the internship, mentor and transport support, aftercare."""

from __future__ import annotations

from lotsa.audit.tests.audited.rows import Case

JOM_INTERNSHIP_WRITES: list[Case] = []
JOM_INTERNSHIP_READS: list[Case] = []
