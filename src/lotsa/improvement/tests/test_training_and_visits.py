from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from lotsa.audit.models import AuditEntry, AuditEvent
from lotsa.errors import DomainError, Forbidden
from lotsa.improvement.models import BenchmarkingVisit, CourseKind, TrainingRecord
from lotsa.improvement.queries import competence_for, staff_trained
from lotsa.improvement.services import record_training, record_visit
from lotsa.testing.queries import page_queries

pytestmark = pytest.mark.django_db

DAY = datetime.date(2025, 10, 1)


def train(actor: Any, staff: Any, kind: str = CourseKind.IPS, **fields: Any) -> TrainingRecord:
    values = {
        "course_name": "IPS basics",
        "provider": "Regional IPS centre",
        "completed_on": DAY,
        "hours": Decimal("16"),
        "certificate": True,
    }
    return record_training(actor=actor, staff=staff, kind=kind, **(values | fields))


def test_staff_record_their_own_courses_and_the_team_leader_the_units(personas) -> None:
    own = train(personas.coach_a, personas.coach_a)
    assert (own.staff, own.recorded_by) == (personas.coach_a, personas.coach_a)
    train(personas.team_leader_a, personas.colleague_a, CourseKind.MOTIVATIONAL_INTERVIEWING)
    for actor, staff in (
        (personas.coach_a, personas.colleague_a),
        (personas.team_leader_a, personas.coach_b),
        (personas.coach_b, personas.coach_a),
    ):
        with pytest.raises(Forbidden):
            train(actor, staff)
    assert TrainingRecord.objects.count() == 2
    saved = AuditEntry.objects.filter(event=AuditEvent.TRAINING_SAVED).order_by("sequence")
    assert [e.changes["staff"] for e in saved] == [personas.coach_a.pk, personas.colleague_a.pk]
    assert AuditEntry.objects.filter(
        event=AuditEvent.ACCESS_DENIED,
        actor=personas.coach_a,
        object_id=str(personas.colleague_a.pk),
    ).exists()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"hours": Decimal("0")}, "hours"),
        ({"hours": Decimal("1001")}, "hours"),
        ({"kind": "yoga"}, "kind"),
        ({"completed_on": timezone.localdate() + datetime.timedelta(days=1)}, "completed_on"),
        ({"course_name": ""}, "course_name"),
    ],
)
def test_a_training_record_is_checked_field_by_field(personas, fields, field) -> None:
    with pytest.raises(DomainError) as error:
        train(personas.coach_a, personas.coach_a, **fields)
    assert set(error.value.errors) == {field}


def test_the_competence_overview_shows_who_has_which_training(personas) -> None:
    train(personas.coach_a, personas.coach_a)
    train(personas.coach_a, personas.coach_a, CourseKind.NPF, course_name="NPF in working life")
    train(personas.team_leader_a, personas.team_leader_a)
    train(personas.colleague_a, personas.colleague_a, completed_on=DAY + datetime.timedelta(days=1))
    overview = competence_for(personas.unit_a, DAY)
    kinds = {row.membership.user_id: row.kinds for row in overview.rows}
    assert kinds[personas.coach_a.pk] == {"ips", "npf"}
    assert kinds[personas.colleague_a.pk] == set()  # taken after the day
    # Two coaches today (the former one has left); the team leader's course is not a coach's.
    assert (overview.coaches, overview.coaches_with_ips_training) == (2, 1)
    assert overview.ips_trained_share == Decimal("50.0")


def test_staff_trained_is_the_evidence_at_a_periods_end(
    personas, django_assert_num_queries
) -> None:
    train(personas.coach_a, personas.coach_a)
    train(personas.colleague_a, personas.colleague_a, CourseKind.MOTIVATIONAL_INTERVIEWING)
    with django_assert_num_queries(1):
        evidence = staff_trained(personas.unit_a, DAY)
    assert evidence.coaches == tuple(sorted((personas.coach_a.pk, personas.colleague_a.pk)))
    assert evidence.ips_trained == (personas.coach_a.pk,)
    assert evidence.share == Decimal("50.0")
    assert staff_trained(personas.unit_a, DAY - datetime.timedelta(days=1)).ips_trained == ()


@pytest.mark.parametrize(
    ("persona", "competence", "own"),
    [
        ("coach_a", 404, 200),
        ("team_leader_a", 200, 200),
        ("manager_a", 200, 200),
        ("coach_b", 404, 200),
        ("analyst", 404, 403),
        ("reviewer", 404, 403),
    ],
)
def test_who_sees_which_training(personas, client_for, persona, competence, own) -> None:
    train(personas.coach_a, personas.coach_a, course_name="Supported employment in depth")
    user = getattr(personas, persona)
    client = client_for(user)
    page = client.get(f"/improvement/units/{personas.unit_a.pk}/competence/")
    assert page.status_code == competence
    if competence == 200:
        assert "Supported employment in depth" in page.content.decode()
        viewed = AuditEntry.objects.filter(event=AuditEvent.TRAINING_VIEWED, actor=user).get()
        assert personas.coach_a.pk in viewed.changes["staff"]
    mine = client.get("/improvement/training/")
    assert mine.status_code == own
    if own == 200:
        shown = "Supported employment in depth" in mine.content.decode()
        assert shown == (user == personas.coach_a)


def test_recording_a_course_on_the_pages(personas, client_for) -> None:
    leader = client_for(personas.team_leader_a)
    url = f"/improvement/units/{personas.unit_a.pk}/competence/"
    bad = leader.post(url, {"staff": personas.coach_b.pk, "kind": "ips", "course_name": "x",
                            "completed_on": "2025-10-01", "hours": "8"})  # fmt: skip
    assert bad.status_code == 400 and "staff" in bad.context["form"].errors
    assert leader.post(url, {"staff": personas.coach_a.pk, "kind": "ips", "course_name": "IPS",
                             "completed_on": "2025-10-01", "hours": "8"}).status_code == 302  # fmt: skip
    coach = client_for(personas.coach_a)
    bad = coach.post("/improvement/training/", {"kind": "mi", "course_name": "MI",
                                                "completed_on": "2025-10-01", "hours": "-1"})  # fmt: skip
    assert bad.status_code == 400 and "hours" in bad.context["form"].errors
    assert TrainingRecord.objects.get().staff == personas.coach_a


def test_the_competence_page_costs_the_same_for_one_and_many(personas, client_for) -> None:
    client = client_for(personas.team_leader_a)
    url = f"/improvement/units/{personas.unit_a.pk}/competence/"
    train(personas.coach_a, personas.coach_a)
    one = page_queries(client, url)
    for staff in (personas.colleague_a, personas.team_leader_a, personas.manager_a):
        train(personas.team_leader_a, staff)
        train(personas.team_leader_a, staff, CourseKind.NPF)
    assert page_queries(client, url) == one == COMPETENCE_PAGE_QUERIES


def test_the_team_leader_records_a_benchmarking_visit(personas) -> None:
    visit = record_visit(
        actor=personas.team_leader_a,
        unit=personas.unit_a,
        we_visited=False,
        partner_unit=personas.unit_b,
        visited_on=DAY,
        topic="Job development",
        learned="They plan employer visits together every Monday",
    )
    assert visit.partner == str(personas.unit_b)
    entry = AuditEntry.objects.get(event=AuditEvent.BENCHMARKING_VISIT_SAVED)
    assert entry.changes["partner"] == str(personas.unit_b)
    with pytest.raises(Forbidden):
        record_visit(actor=personas.coach_a, unit=personas.unit_a, we_visited=True,
                     visited_on=DAY, topic="x", partner_name="IPS Storstad")  # fmt: skip
    for partner, field in (
        ({}, "partner_name"),
        ({"partner_unit": personas.unit_a}, "partner_unit"),
    ):
        with pytest.raises(DomainError) as error:
            record_visit(actor=personas.team_leader_a, unit=personas.unit_a, we_visited=True,
                         visited_on=DAY, topic="x", **partner)  # fmt: skip
        assert set(error.value.errors) == {field}
    assert BenchmarkingVisit.objects.count() == 1


def test_the_visits_page_costs_the_same_for_one_and_many(personas, client_for, propose) -> None:
    client = client_for(personas.team_leader_a)
    url = f"/improvement/units/{personas.unit_a.pk}/benchmarking/"

    def visit() -> BenchmarkingVisit:
        return record_visit(actor=personas.team_leader_a, unit=personas.unit_a, we_visited=True,
                            visited_on=DAY, topic="Cover", partner_name="IPS Storstad")  # fmt: skip

    propose(source="benchmarking", benchmarking_visit=visit())
    one = page_queries(client, url)
    for _ in range(3):
        propose(source="benchmarking", benchmarking_visit=visit())
    assert page_queries(client, url) == one == VISITS_PAGE_QUERIES


# Sign-in, roles and the unit; its staff, their courses, the audit entry, the staff offered in
# the form.
COMPETENCE_PAGE_QUERIES = 8
# Sign-in, roles and the unit; the visits with their partner units, the improvements that came
# of them, the units offered as partners in the form.
VISITS_PAGE_QUERIES = 7
