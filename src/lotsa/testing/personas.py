"""Lotsa's test personas: the people every permission test is about.

Unit A is an IPS team in a municipality; unit B an IPS team elsewhere; the joint team is an
AMiA team with members employed by Försäkringskassan and Arbetsförmedlingen.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from lotsa.accounts.models import User
from lotsa.organisations.models import Organisation, Role, Unit
from lotsa.people.models import Participant
from lotsa.testing.factories import (
    EnrolmentFactory,
    MembershipFactory,
    OrganisationFactory,
    ParticipantFactory,
    UnitFactory,
    UserFactory,
)


@dataclass
class Personas:
    unit_a: Unit
    unit_b: Unit
    joint_team: Unit
    fk: Organisation
    af: Organisation
    coach_a: User
    colleague_a: User
    coach_b: User
    team_leader_a: User
    manager_a: User
    fk_caseworker: User
    af_caseworker: User
    reviewer: User
    analyst: User
    administrator: User
    former_coach_a: User
    own: Participant
    same_unit: Participant
    other_unit: Participant
    unenrolled: Participant
    joint: Participant


def build_personas() -> Personas:
    municipality = OrganisationFactory(name="Testby kommun")
    elsewhere = OrganisationFactory(name="Annanby kommun")
    fk = OrganisationFactory(name="Försäkringskassan", kind=Organisation.Kind.FORSAKRINGSKASSAN)
    af = OrganisationFactory(name="Arbetsförmedlingen", kind=Organisation.Kind.ARBETSFORMEDLINGEN)
    unit_a = UnitFactory(organisation=municipality, name="IPS Testby")
    unit_b = UnitFactory(organisation=elsewhere, name="IPS Annanby")
    joint_team = UnitFactory(organisation=fk, name="AMiA Testby", runs=["amia"])
    staff_unit = UnitFactory(organisation=municipality, name="Förvaltning")

    def member(username: str, unit: Unit, role: str, **kwargs: object) -> User:
        user = UserFactory(username=username, first_name=username.split("_")[0].title())
        MembershipFactory(user=user, unit=unit, role=role, **kwargs)
        return user

    coach_a = member("coach_a", unit_a, Role.COACH)
    colleague_a = member("colleague_a", unit_a, Role.COACH)
    coach_b = member("coach_b", unit_b, Role.COACH)
    team_leader_a = member("leader_a", unit_a, Role.SUPERVISOR)
    manager_a = member("manager_a", unit_a, Role.MANAGER)
    fk_caseworker = member("fk_caseworker", joint_team, Role.COACH, employer=fk)
    af_caseworker = member("af_caseworker", joint_team, Role.COACH, employer=af)
    reviewer = member("reviewer", unit_a, Role.FIDELITY_REVIEWER)
    analyst = member("analyst", staff_unit, Role.ANALYST)
    administrator = member("administrator", staff_unit, Role.ADMINISTRATOR)
    former = member("former_a", unit_a, Role.COACH, ends_on=datetime.date(2021, 1, 1))

    own = EnrolmentFactory(unit=unit_a, responsible_staff=coach_a).participant
    same_unit = EnrolmentFactory(unit=unit_a, responsible_staff=colleague_a).participant
    other_unit = EnrolmentFactory(unit=unit_b, responsible_staff=coach_b).participant
    joint = EnrolmentFactory(
        unit=joint_team, responsible_staff=fk_caseworker, programme_model="amia", phase="mapping"
    ).participant
    unenrolled = ParticipantFactory()
    return Personas(
        unit_a=unit_a,
        unit_b=unit_b,
        joint_team=joint_team,
        fk=fk,
        af=af,
        coach_a=coach_a,
        colleague_a=colleague_a,
        coach_b=coach_b,
        team_leader_a=team_leader_a,
        manager_a=manager_a,
        fk_caseworker=fk_caseworker,
        af_caseworker=af_caseworker,
        reviewer=reviewer,
        analyst=analyst,
        administrator=administrator,
        former_coach_a=former,
        own=own,
        same_unit=same_unit,
        other_unit=other_unit,
        unenrolled=unenrolled,
        joint=joint,
    )
