"""Two staff changing the same course, provider contract, target group or timetable session:
the change made from an older version is refused with a message to reload, instead of silently
overwriting the first; a change from the current version is saved and counted."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import models
from django.utils import timezone

from lotsa.accounts.models import User
from lotsa.audit.models import AuditEntry, AuditEvent
from lotsa.errors import EditConflict
from lotsa.jom.models import Course, ProviderContract, SessionPlan, TargetGroup
from lotsa.jom.services import admission, contract
from lotsa.jom.services import course as course_services
from lotsa.jom.tests.helpers import course_of, provider_contract, target_group
from lotsa.testing.personas import JomTeam

pytestmark = pytest.mark.django_db

RELOAD_DA = "En anden har ændret dette, siden du åbnede det"


def _values_of(kind: type[Any], record: models.Model, **change: object) -> Any:
    """The values a service takes, as the record holds them, with a change."""
    names = [field.name for field in dataclasses.fields(kind)]
    return kind(**{name: getattr(record, name) for name in names} | change)


def _change_course(team: JomTeam, course: Course, venue: str, version: int | None) -> object:
    return course_services.save_course(
        actor=team.project_leader,
        cohort=course.cohort,
        course=course,
        values=_values_of(course_services.CourseValues, course, venue=venue),
        version=version,
    )


def _change_contract(
    team: JomTeam, saved: ProviderContract, duty: str, version: int | None
) -> object:
    values = contract.ContractValues(
        provider=saved.provider,
        valid_from=saved.valid_from,
        contact_person=saved.contact_person,
        reporting_duty=duty,
        tasks={task.task: (task.hours_budgeted, task.note) for task in saved.tasks.all()},
    )
    return contract.save_provider_contract(
        actor=team.project_leader, unit=team.unit, contract=saved, values=values, version=version
    )


def _change_target_group(
    team: JomTeam, saved: TargetGroup, description: str, version: int | None
) -> object:
    return admission.save_target_group(
        actor=team.project_leader,
        unit=team.unit,
        target_group=saved,
        values=_values_of(admission.TargetGroupValues, saved, description=description),
        version=version,
    )


def _first_session(team: JomTeam) -> SessionPlan:
    course = course_of(team, with_records=False)
    course_services.generate_timetable(actor=team.project_leader, course=course)
    plan = SessionPlan.objects.filter(session__cohort=course.cohort).first()
    assert plan is not None
    return plan


def _change_session(team: JomTeam, plan: SessionPlan, venue: str, version: int | None) -> object:
    starts_at = timezone.localtime(plan.session.starts_at)
    values = course_services.SessionValues(
        day=starts_at.date(),
        starts_at=starts_at.time(),
        duration_minutes=plan.session.duration_minutes,
        module=plan.module,
        profession=plan.profession,
        venue=venue,
    )
    return course_services.save_session_plan(
        actor=team.teacher, plan=plan, values=values, version=version
    )


@dataclass(frozen=True)
class Edited:
    """One kind of record staff change in place: how a test makes one, changes its text field
    through the service, and opens its page."""

    build: Callable[[JomTeam], Any]
    change: Callable[[JomTeam, Any, str, int | None], object]
    text_field: str
    event: AuditEvent
    page: Callable[[Any], str]
    editor: Callable[[JomTeam], User]


def _leader(team: JomTeam) -> User:
    return team.project_leader


EDITED = {
    "course": Edited(
        lambda team: course_of(team, with_records=False),
        _change_course,
        "venue",
        AuditEvent.COURSE_SAVED,
        lambda course: f"/courses/{course.pk}/edit/",
        _leader,
    ),
    "provider contract": Edited(
        provider_contract,
        _change_contract,
        "reporting_duty",
        AuditEvent.PROVIDER_CONTRACT_SAVED,
        lambda saved: f"/courses/contracts/{saved.pk}/",
        _leader,
    ),
    "target group": Edited(
        target_group,
        _change_target_group,
        "description",
        AuditEvent.TARGET_GROUP_SAVED,
        lambda saved: f"/courses/target-groups/{saved.pk}/",
        _leader,
    ),
    "session": Edited(
        _first_session,
        _change_session,
        "venue",
        AuditEvent.SESSION_PLAN_SAVED,
        lambda plan: f"/courses/{plan.session.cohort.course.pk}/timetable/{plan.pk}/",
        lambda team: team.teacher,
    ),
}
edited_kinds = pytest.mark.parametrize("edited", EDITED.values(), ids=EDITED.keys())


def _as_saved(record: models.Model) -> Any:
    """The record as a page opened now would show it."""
    return type(record).objects.get(pk=record.pk)  # type: ignore[attr-defined]


@edited_kinds
def test_a_change_from_the_current_version_is_saved_and_counted(
    jom_team: JomTeam, edited: Edited
) -> None:
    record = edited.build(jom_team)
    assert record.version == 1

    edited.change(jom_team, _as_saved(record), "Lokale 1", 1)
    edited.change(jom_team, _as_saved(record), "Lokale 2", 2)

    saved = _as_saved(record)
    assert (getattr(saved, edited.text_field), saved.version) == ("Lokale 2", 3)


@edited_kinds
def test_a_change_from_an_older_version_is_refused_and_changes_nothing(
    jom_team: JomTeam, edited: Edited
) -> None:
    record = edited.build(jom_team)
    first, second = _as_saved(record), _as_saved(record)
    edited.change(jom_team, first, "Lokale 1", 1)
    audited = AuditEntry.objects.filter(event=edited.event).count()

    with pytest.raises(EditConflict) as refused:
        edited.change(jom_team, second, "Lokale 2", 1)

    assert refused.value.errors == EditConflict().errors
    saved = _as_saved(record)
    assert (getattr(saved, edited.text_field), saved.version) == ("Lokale 1", 2)
    assert (getattr(second, edited.text_field), second.version) == ("Lokale 1", 2)
    assert AuditEntry.objects.filter(event=edited.event).count() == audited


def _posted(initial: dict[str, Any]) -> dict[str, Any]:
    """A form's initial values as the browser sends them back."""
    return {
        name: value.pk if isinstance(value, models.Model) else value
        for name, value in initial.items()
        if value not in (None, "", False)
    }


@edited_kinds
def test_the_page_refuses_a_change_from_an_older_version(
    jom_team: JomTeam, client_for, edited: Edited
) -> None:
    record = edited.build(jom_team)
    url = edited.page(record)
    client = client_for(edited.editor(jom_team))
    client.cookies["django_language"] = "da"
    form = client.get(url).context["form"]
    assert form.initial["version"] == 1
    opened = _posted(form.initial)

    assert client.post(url, opened | {edited.text_field: "Lokale 1"}).status_code == 302
    stale = client.post(url, opened | {edited.text_field: "Lokale 2"}, HTTP_ACCEPT_LANGUAGE="da")

    assert stale.status_code == 400
    assert "version" not in stale.context["form"].errors
    assert RELOAD_DA in str(stale.context["form"].non_field_errors())
    assert RELOAD_DA in stale.content.decode()
    saved = _as_saved(record)
    assert (getattr(saved, edited.text_field), saved.version) == ("Lokale 1", 2)


def test_a_session_replaced_by_a_new_timetable_is_not_saved_back(jom_team: JomTeam) -> None:
    plan = _first_session(jom_team)
    course = plan.session.cohort.course
    course_services.generate_timetable(actor=jom_team.project_leader, course=course)

    with pytest.raises(EditConflict):
        _change_session(jom_team, plan, "Lokale 1", 1)

    assert not SessionPlan.objects.filter(pk=plan.pk).exists()
