"""What the reads behind a register extract share: a record's fields as plain values.

Each app reads its own part of the extract (``*_for_extract`` in its ``queries``) for
enrolments the page has already scoped to the records officer's organisation, and gives it as
dictionaries keyed by the record's field names, so the keys of the extract stay the names of
the stored fields. The page that produces the extract puts the parts together.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from django.db import models

Row = dict[str, Any]


def fields_of(record: models.Model, names: Iterable[str]) -> Row:
    """The named fields of a record, as stored (codes, not their labels)."""
    return {name: getattr(record, name) for name in names}


def staff_name(user: Any) -> str:
    """How a member of staff is named in an extract: full name, or the username without one."""
    if user is None:
        return ""
    return str(user.get_full_name() or user.get_username())


def by_enrolment(
    records: Iterable[models.Model], row: Callable[[Any], Row], enrolment: str = "enrolment_id"
) -> dict[int, list[Row]]:
    """Rows of records grouped by the enrolment they belong to, in the records' order."""
    grouped: dict[int, list[Row]] = defaultdict(list)
    for record in records:
        grouped[getattr(record, enrolment)].append(row(record))
    return dict(grouped)
