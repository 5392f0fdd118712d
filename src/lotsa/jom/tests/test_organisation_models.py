"""Who may do which task of a JOM course: the course's organisation model gives each task to
the provider, the jobcentre or a partner; a staff member acts for the party that employs them,
and at the jobcentre by their function."""

from __future__ import annotations

import pytest

from lotsa import access
from lotsa.audit.models import AuditEntry, AuditEvent
from lotsa.errors import Forbidden
from lotsa.jom.models import CourseTask
from lotsa.testing.factories import CourseFactory
from lotsa.testing.personas import JomTeam

pytestmark = pytest.mark.django_db

A, T, M, AG, F = (
    CourseTask.ADMISSION,
    CourseTask.TEACHING,
    CourseTask.MENTORING,
    CourseTask.INTERNSHIP_AGREEMENTS,
    CourseTask.INTERNSHIP_FOLLOW_UP,
)
# The tasks each of the team may do under models 1, 2 and 3.
EXPECTED = {
    "teacher": {1: {A, T, M, AG}, 2: {A, T}, 3: {A, T}},
    "project_leader": {1: {A, F}, 2: {M, AG, F}, 3: {M, AG, F}},
    "company_consultant": {1: {F}, 2: {AG, F}, 3: {AG, F}},
    "caseworker": {1: set(), 2: {M}, 3: {M}},
    "mentor": {1: set(), 2: {M}, 3: set()},
    "manager": {1: set(), 2: set(), 3: set()},
}


@pytest.mark.parametrize("model", [1, 2, 3])
def test_the_organisation_model_shares_out_the_tasks(jom_team: JomTeam, model: int) -> None:
    course = CourseFactory.create(cohort__unit=jom_team.unit, organisation_model=model)

    for member, tasks in EXPECTED.items():
        user = getattr(jom_team, member)
        may = {task for task in CourseTask if access.may_do_course_task(user, course, task)}
        assert may == tasks[model], (member, model)


def test_staff_of_another_unit_do_no_task(jom_team: JomTeam, personas) -> None:
    course = CourseFactory.create(cohort__unit=jom_team.unit, organisation_model=1)

    assert not any(access.may_do_course_task(personas.coach_a, course, t) for t in CourseTask)


def test_a_task_of_another_party_is_refused_and_logged(jom_team: JomTeam) -> None:
    course = CourseFactory.create(cohort__unit=jom_team.unit, organisation_model=2)

    with pytest.raises(Forbidden):
        access.require_course_task(jom_team.caseworker, course, CourseTask.ADMISSION)

    refusal = AuditEntry.objects.get(event=AuditEvent.ACCESS_DENIED, actor=jom_team.caseworker)
    assert refusal.changes == {"action": "course.admission"}
    assert refusal.object_id == str(course.pk)


def test_a_course_of_another_unit_is_not_found(jom_team: JomTeam, personas) -> None:
    course = CourseFactory.create(cohort__unit=jom_team.unit)

    assert access.get_course_for(jom_team.caseworker, course.pk, access.Action.VIEW_PARTICIPANT)
    with pytest.raises(access.NotFound):
        access.get_course_for(personas.coach_a, course.pk, access.Action.VIEW_PARTICIPANT)


def test_the_flow_report_opens_on_the_model_the_users_units_run(jom_team: JomTeam, client_for):
    response = client_for(jom_team.caseworker).get("/outcomes/flow/?quarter=2025Q1")

    assert response.status_code == 200
    assert response.context["view"].programme.code == "jom"
    offered = [programme.code for programme in response.context["programmes"]]
    assert offered == ["jom"]
