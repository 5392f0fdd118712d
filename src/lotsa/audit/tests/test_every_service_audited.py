"""Every public service and every audited read writes exactly the audit entries it promises.

One case per service (or per path of a service that writes different events): the least data
it needs is arranged, the service is called, and the entries it wrote are held against the
table, event by event and participant by participant. Almost every service writes one entry; a
service that writes several (one per participant, or one per record it creates) says so in its
row. The rows live in ``audited/``, one module for the services of cases, one for those of
staff and units, one for the reads. The meta-tests below discover the services and the audited
reads by looking at the code, so a new one without a row fails here, and they keep every event
type accounted for.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable, Iterator
from types import ModuleType
from typing import Any

import pytest
from django.db.models import Max

import lotsa
from lotsa.audit.models import AuditEntry, AuditEvent
from lotsa.audit.services import record as write_audit_entry
from lotsa.audit.tests.audited.case_writes import CASE_WRITES
from lotsa.audit.tests.audited.identity_providers import IDENTITY_PROVIDER_WRITES
from lotsa.audit.tests.audited.improvement import IMPROVEMENT_READS, IMPROVEMENT_WRITES
from lotsa.audit.tests.audited.jom_course import JOM_COURSE_READS, JOM_COURSE_WRITES
from lotsa.audit.tests.audited.jom_internship import JOM_INTERNSHIP_READS, JOM_INTERNSHIP_WRITES
from lotsa.audit.tests.audited.own_data import OWN_DATA_WRITES
from lotsa.audit.tests.audited.own_space import OWN_SPACE_WRITES
from lotsa.audit.tests.audited.reads import ACCESS, READS, SIGN_IN, WRITTEN_ELSEWHERE
from lotsa.audit.tests.audited.rows import Call, Case, World
from lotsa.audit.tests.audited.second_factors import SECOND_FACTOR_WRITES
from lotsa.audit.tests.audited.socioeconomics import SOCIOECONOMIC_WRITES
from lotsa.audit.tests.audited.staff_writes import STAFF_WRITES
from lotsa.audit.tests.audited.survey_answers import SURVEY_ANSWER_READS, SURVEY_ANSWER_WRITES
from lotsa.audit.tests.audited.survey_coordination import (
    SURVEY_COORDINATION_READS,
    SURVEY_COORDINATION_WRITES,
)
from lotsa.audit.tests.audited.survey_results import SURVEY_RESULT_READS
from lotsa.audit.tests.audited.surveys import SURVEY_WRITES
from lotsa.audit.tests.audited.teamwork import TEAMWORK_READS, TEAMWORK_WRITES
from lotsa.audit.tests.audited.timeuse import TIMEUSE_WRITES
from lotsa.audit.tests.audited.worktraining_daily import (
    WORKTRAINING_DAILY_READS,
    WORKTRAINING_DAILY_WRITES,
)
from lotsa.audit.tests.audited.worktraining_motivation import (
    WORKTRAINING_MOTIVATION_READS,
    WORKTRAINING_MOTIVATION_WRITES,
)
from lotsa.audit.tests.audited.worktraining_planning import (
    WORKTRAINING_PLANNING_READS,
    WORKTRAINING_PLANNING_WRITES,
)
from lotsa.audit.tests.audited.worktraining_records import (
    WORKTRAINING_RECORDS_READS,
    WORKTRAINING_RECORDS_WRITES,
)
from lotsa.pathways.models import Enrolment
from lotsa.testing.personas import Personas

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]


SERVICES = (
    CASE_WRITES
    + STAFF_WRITES
    + IDENTITY_PROVIDER_WRITES
    + SECOND_FACTOR_WRITES
    + OWN_SPACE_WRITES
    + OWN_DATA_WRITES
    + SURVEY_WRITES
    + SURVEY_COORDINATION_WRITES
    + SURVEY_ANSWER_WRITES
    + JOM_COURSE_WRITES
    + JOM_INTERNSHIP_WRITES
    + WORKTRAINING_RECORDS_WRITES
    + WORKTRAINING_DAILY_WRITES
    + WORKTRAINING_PLANNING_WRITES
    + WORKTRAINING_MOTIVATION_WRITES
    + SOCIOECONOMIC_WRITES
    + TIMEUSE_WRITES
    + TEAMWORK_WRITES
    + IMPROVEMENT_WRITES
)
TABLE = (
    SERVICES
    + READS
    + SURVEY_COORDINATION_READS
    + SURVEY_RESULT_READS
    + SURVEY_ANSWER_READS
    + JOM_COURSE_READS
    + JOM_INTERNSHIP_READS
    + WORKTRAINING_RECORDS_READS
    + WORKTRAINING_DAILY_READS
    + WORKTRAINING_PLANNING_READS
    + WORKTRAINING_MOTIVATION_READS
    + TEAMWORK_READS
    + IMPROVEMENT_READS
    + ACCESS
    + SIGN_IN
)


@pytest.fixture
def world(personas: Personas, case: Callable[..., Enrolment], round_instruments: None) -> World:
    return World(personas, case)


def _last_sequence() -> int:
    return AuditEntry.objects.aggregate(last=Max("sequence"))["last"] or 0


def _expected_participants(call: Call, result: Any, count: int) -> list[int | None]:
    participant = call.participant
    if callable(participant):
        participant = participant(result)
    if isinstance(participant, tuple):
        return list(participant)
    return [participant] * count


@pytest.mark.parametrize("row", TABLE, ids=lambda row: row.id)
def test_the_service_writes_exactly_the_entries_it_promises(world: World, row: Case) -> None:
    call = row.arrange(world)
    before = _last_sequence()
    result = None
    if row.raises is None:
        result = row.service(**call.kwargs)
    else:
        with pytest.raises(row.raises):
            row.service(**call.kwargs)
    written = AuditEntry.objects.filter(sequence__gt=before).order_by("sequence")
    assert [(entry.event, entry.participant_id) for entry in written] == list(
        zip(
            [event.value for event in row.events],
            _expected_participants(call, result, len(row.events)),
            strict=True,
        )
    )
    actor = call.kwargs.get("actor", call.kwargs.get("user"))
    assert {entry.actor_id for entry in written} == {getattr(actor, "pk", None)}


def _modules() -> Iterator[ModuleType]:
    """Lotsa's modules, tests and migrations apart."""
    for info in pkgutil.walk_packages(lotsa.__path__, "lotsa."):
        if not {"tests", "migrations"} & set(info.name.split(".")):
            yield importlib.import_module(info.name)


def _of_role(module: ModuleType, *roles: str) -> bool:
    """Whether the module is, or is inside, a module named for one of the roles."""
    return bool(set(roles) & set(module.__name__.split(".")[2:]))


def _own_functions(module: ModuleType) -> Iterator[Any]:
    for name, function in vars(module).items():
        if (
            inspect.isfunction(function)
            and function.__module__ == module.__name__
            and not name.startswith("_")
        ):
            yield function


def _name(function: Any) -> str:
    return f"{function.__module__.removeprefix('lotsa.')}.{function.__name__}"


def _takes_actor(function: Any) -> bool:
    parameter = inspect.signature(function).parameters.get("actor")
    return parameter is not None and parameter.kind is inspect.Parameter.KEYWORD_ONLY


def _writes_audit_entries(function: Any) -> bool:
    return inspect.getclosurevars(function).globals.get("record") is write_audit_entry


def test_every_public_service_has_a_case() -> None:
    """A public function of a services module that takes ``actor`` is a service (the audit
    trail's own writer apart); each needs a row in the table."""
    services = {
        _name(function)
        for module in _modules()
        if _of_role(module, "services")
        for function in _own_functions(module)
        if _takes_actor(function) and function is not write_audit_entry
    }
    assert services - {_name(case.service) for case in SERVICES} == set()


# Public helpers that write their entry only as one step of a service, shared between modules
# of a services package or between apps; the row of the named service proves the entry.
PART_OF_A_SERVICE = {
    "people.services.create_participant": "pathways.services.lifecycle.register_participant",
    "people.services.refuse_known_duplicate": "people.services.update_participant",
    "pathways.services.enrolment_changes.save_audited_change": (
        "pathways.services.lifecycle.pause_enrolment"
    ),
    "timereports.services.write_month_hours": "timereports.services.save_time_report",
}


def test_everything_but_the_pages_that_writes_audit_entries_has_a_case() -> None:
    """A public function that writes to the audit trail itself (a read, a refusal, a sign-in)
    needs a row. Pages and API operations are held to the people they show by the walk over
    every route in ``core/tests/test_audit_completeness.py``."""
    writers = {
        _name(function)
        for module in _modules()
        if not _of_role(module, "views", "api")
        for function in _own_functions(module)
        if _writes_audit_entries(function)
    }
    proved = {_name(case.service) for case in TABLE}
    assert writers - proved - set(PART_OF_A_SERVICE) == set()
    assert set(PART_OF_A_SERVICE.values()) <= proved


def test_every_event_type_is_proved_by_a_case_or_said_where_it_is_written() -> None:
    proved = {event for case in TABLE for event in case.events}
    assert proved.isdisjoint(WRITTEN_ELSEWHERE)
    assert set(AuditEvent) - proved - set(WRITTEN_ELSEWHERE) == set()


def test_a_case_that_writes_several_entries_says_why() -> None:
    assert [case.id for case in TABLE if len(case.events) > 1 and not case.why_several] == []
