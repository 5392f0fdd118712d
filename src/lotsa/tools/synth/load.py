"""Bulk loading of generated tables: COPY on PostgreSQL, batched inserts on SQLite."""

from __future__ import annotations

import datetime
import time
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from itertools import islice
from typing import Any

from django.apps import apps
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils.translation import gettext as _

from lotsa.accounts.models import User
from lotsa.employment.models import EmployerContact
from lotsa.employment.queries import first_face_to_face_employer_contact
from lotsa.errors import DomainError
from lotsa.organisations.models import Organisation
from lotsa.pathways.models import Enrolment
from lotsa.people.models import Participant
from lotsa.tools.synth.generate import Generator, Table
from lotsa.tools.synth.models import SyntheticDataset
from lotsa.tools.synth.scales import Scale

BATCH = 5_000


def ensure_replaceable() -> None:
    """Refuse a database that holds anything but synthetic data; empty a synthetic one."""
    if SyntheticDataset.objects.exists():
        call_command("flush", interactive=False, verbosity=0)
        return
    found = [
        str(model._meta.verbose_name_plural)
        for model in (Participant, Enrolment, Organisation, User)
        if model.objects.exists()
    ]
    if found:
        raise DomainError(
            {
                "database": _(
                    "The database already holds data (%(found)s) and is not marked synthetic; "
                    "synthetic data is only loaded into an empty database."
                )
                % {"found": ", ".join(found)}
            }
        )


def _sqlite_value(value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).replace(tzinfo=None).isoformat(" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _batches(rows: Iterable[tuple[Any, ...]]) -> Iterator[list[tuple[Any, ...]]]:
    iterator = iter(rows)
    while batch := list(islice(iterator, BATCH)):
        yield batch


def write(table: Table) -> int:
    columns = ", ".join(connection.ops.quote_name(c) for c in table.columns)
    count = 0
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            raw = cursor.cursor  # psycopg's own cursor, for COPY
            with raw.copy(f"COPY {table.name} ({columns}) FROM STDIN") as copy:
                for row in table.rows:
                    copy.write_row(row)
                    count += 1
        return count
    marks = ", ".join(["%s"] * len(table.columns))
    # Table and column names come from the generator, never from input.
    sql = f"INSERT INTO {table.name} ({columns}) VALUES ({marks})"  # noqa: S608
    with connection.cursor() as cursor:
        for batch in _batches(table.rows):
            cursor.executemany(sql, [tuple(map(_sqlite_value, row)) for row in batch])
            count += len(batch)
    return count


def _reset_sequences() -> None:
    models = list(apps.get_models(include_auto_created=True))
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)
        if connection.vendor == "postgresql":
            # Filling the summaries rewrote a quarter of the enrolments; compact the table so
            # that reports do not scan the old row versions, then gather the planner's
            # statistics for everything.
            cursor.execute("VACUUM FULL pathways_enrolment")
            cursor.execute("ANALYZE")


def _set_aside(table: str) -> list[str]:
    """Drop the foreign keys and plain indexes of a PostgreSQL table before loading it, and
    return the statements that make them again: checking and indexing millions of rows at once
    afterwards is far faster than row by row during COPY."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype = 'f'",
            [table],
        )
        keys = cursor.fetchall()
        cursor.execute(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = %s "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)",
            [table],
        )
        indexes = cursor.fetchall()
        quoted = connection.ops.quote_name(table)
        for name, _definition in keys:
            cursor.execute(
                f"ALTER TABLE {quoted} DROP CONSTRAINT {connection.ops.quote_name(name)}"
            )
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    return [definition for _name, definition in indexes] + [
        f"ALTER TABLE {quoted} ADD CONSTRAINT {connection.ops.quote_name(name)} {definition}"
        for name, definition in keys
    ]


def fill_summaries() -> int:
    """Compute the summary columns the services keep (they are not written row by row here):
    the first face-to-face employer contact of each enrolment that has any contact linked."""
    linked = EmployerContact.enrolments.through.objects.values("enrolment_id")
    return Enrolment.objects.filter(pk__in=linked, start_date__isnull=False).update(
        first_employer_contact_on=first_face_to_face_employer_contact()
    )


def load(
    scale: Scale, seed: int, today: datetime.date, progress: Callable[[str, int, float], None]
) -> SyntheticDataset:
    """Replace the database's data with a generated dataset of the given scale."""
    ensure_replaceable()
    counts: dict[str, int] = {}
    bulk = connection.vendor == "postgresql"
    with transaction.atomic():
        restore: list[str] = []
        for table in Generator(scale, seed, today).tables():
            began = time.monotonic()
            if bulk:
                restore += _set_aside(table.name)
            # A table may come in parts (the cohorts, then the work groups).
            written = write(table)
            counts[table.name] = counts.get(table.name, 0) + written
            progress(table.name, written, time.monotonic() - began)
        began = time.monotonic()
        with connection.cursor() as cursor:
            for statement in restore:
                cursor.execute(statement)
        progress("indexes and foreign keys", len(restore), time.monotonic() - began)
        began = time.monotonic()
        filled = fill_summaries()
        progress("summaries", filled, time.monotonic() - began)
        dataset = SyntheticDataset.objects.create(scale=scale.code, seed=seed, rows=counts)
    _reset_sequences()
    return dataset
