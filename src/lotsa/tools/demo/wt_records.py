"""Work-training records in the demo: each KNUT-PV unit's work units with a task catalogue, and
for a few of its participants the commissioner's referral, work analyses and a summary for the
referrer."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from lotsa.accounts.models import User
from lotsa.cohorts.models import Cohort
from lotsa.cohorts.services import add_member, create_cohort
from lotsa.core.choices import Country
from lotsa.organisations.models import Membership, Role, Unit
from lotsa.pathways.models import Enrolment, UnitProgramme
from lotsa.pathways.services.lifecycle import register_participant, start_enrolment
from lotsa.people.models import ConsentKind
from lotsa.people.services import record_consent
from lotsa.worktraining.models import WorkTask, WorkUnit
from lotsa.worktraining.services.analysis import (
    EntryInput,
    record_work_analysis,
    write_analysis_summary,
)
from lotsa.worktraining.services.referral import ReferralDetails, save_work_referral
from lotsa.worktraining.services.units import (
    TaskDetails,
    WorkUnitDetails,
    save_work_task,
    save_work_unit,
)

if TYPE_CHECKING:
    from lotsa.tools.demo.builder import DemoBuilder

DAY = datetime.timedelta(days=1)
# Work units and their tasks: (name, financing, services, daily rate, tasks), each task with
# its steps, occupation codes (SSYK 2012) and the levels of its functional requirements.
WORK_UNITS = (
    (
        "Snickeriet",
        "mixed",
        ["work_training", "work_trial", "functional_observation"],
        "60.00",
        (
            (
                "Slipning av möbler",
                ["Ta på hörselskydd och skyddsglasögon", "Slipa ytan", "Städa arbetsplatsen"],
                ["7522"],
                {"protective_equipment": 3, "punctuality": 2, "endurance": 2, "attention": 2},
            ),
            (
                "Montering av fågelholkar",
                ["Hämta delar enligt ritning", "Skruva ihop", "Kontrollera och packa"],
                ["7522", "8219"],
                {"planning": 2, "cooperation": 1, "attention": 2},
            ),
        ),
    ),
    (
        "Caféet",
        "revenue",
        ["work_training", "placement", "language_placement"],
        "60.00",
        (
            (
                "Servering och kassa",
                ["Ta emot beställning", "Ta betalt", "Duka av"],
                ["5131", "5230"],
                {"cooperation": 3, "reaction_speed": 2, "punctuality": 3},
            ),
            (
                "Disk och städning",
                ["Sortera disk", "Köra diskmaskinen", "Torka av borden"],
                ["9412", "9111"],
                {"endurance": 2, "punctuality": 2},
            ),
        ),
    ),
)
NEEDS = (
    "Har varit utan arbete länge och behöver komma in i fasta tider.",
    "Behöver pröva om ett arbete med händerna passar, efter en lång sjukskrivning.",
    "Vill öva på att arbeta i grupp och att tala svenska i arbetet.",
)


class DemoWorkTraining:
    def __init__(self, builder: DemoBuilder) -> None:
        self.rng = builder.rng
        self.today = builder.today

    def build(self) -> None:
        for place in UnitProgramme.objects.filter(programme_code="knut_pv").select_related("unit"):
            leader = self._member(place.unit_id, Role.SUPERVISOR)
            coach = self._member(place.unit_id, Role.COACH)
            if leader is None or coach is None:
                continue
            tasks = [
                task
                for name, financing, services, rate, catalogue in WORK_UNITS
                for task in self._work_unit(
                    leader, place.unit, name, financing, services, rate, catalogue
                )
            ]
            cases = Enrolment.objects.filter(
                unit=place.unit, programme_model="knut_pv", status="active"
            ).order_by("pk")[: len(NEEDS)]
            for number, enrolment in enumerate(cases):
                self._case(coach, enrolment, number, tasks)

    @staticmethod
    def _member(unit_id: int, role: str) -> User | None:
        membership = (
            Membership.objects.filter(unit_id=unit_id, role=role, ends_on__isnull=True)
            .select_related("user")
            .order_by("pk")
            .first()
        )
        return membership.user if membership else None

    @staticmethod
    def _work_unit(
        leader: User,
        unit: Unit,
        name: str,
        financing: str,
        services: list[str],
        rate: str,
        catalogue: tuple[tuple[str, list[str], list[str], dict[str, int]], ...],
    ) -> list[WorkTask]:
        work_unit = save_work_unit(
            actor=leader,
            unit=unit,
            work_unit=WorkUnit.objects.filter(unit=unit, name=name).first(),
            details=WorkUnitDetails(
                name=name,
                financing=financing,
                services=services,
                places=8,
                daily_rate=Decimal(rate),
            ),
        )
        return [
            save_work_task(
                actor=leader,
                work_unit=work_unit,
                details=TaskDetails(
                    name=task_name,
                    steps=steps,
                    occupation_codes=occupations,
                    requirements=requirements,
                    knowledge_needed="Introduktion av arbetshandledaren.",
                ),
            )
            for task_name, steps, occupations, requirements in catalogue
        ]

    def _case(self, coach: User, enrolment: Enrolment, number: int, tasks: list[WorkTask]) -> None:
        received = max(enrolment.referral_date, self.today - 60 * DAY)
        asks = ["work_training"] + (["work_ability_assessment"] if number == 0 else [])
        save_work_referral(
            actor=coach,
            enrolment=enrolment,
            details=ReferralDetails(
                commissioner=("municipal_social_assistance", "af", "municipal_labour_market")[
                    number
                ],
                received_on=received,
                stated_needs=NEEDS[number],
                requested_services=asks,
                to_train_or_test="Passa tider, uthållighet och att samarbeta.",
                participant_category="regular",
                need_category=("AM1", "RH", "AM2")[number],
            ),
            confirm_not_offered=number == 0,
        )
        task = tasks[number % len(tasks)]
        analyses = []
        for weeks_ago in (4, 1):
            observed = max(received, self.today - weeks_ago * 7 * DAY)
            analyses.append(
                record_work_analysis(
                    actor=coach,
                    enrolment=enrolment,
                    task=task,
                    observed_on=observed,
                    purpose="rehabilitation",
                    entries=[
                        EntryInput(
                            requirement.requirement,
                            self_rating=self.rng.randint(3, 9),
                            observed_level=self.rng.randint(1, 3),
                            observation=self.rng.choice(
                                ["Kom i tid alla dagar.", "Behövde påminnas om pauser.", ""]
                            ),
                        )
                        for requirement in task.requirements.all()
                    ],
                )
            )
        write_analysis_summary(
            actor=coach,
            enrolment=enrolment,
            written_on=analyses[-1].observed_on,
            text="Har kommit i tid och klarar allt fler moment på egen hand.",
            analyses=analyses,
        )


def ensure_work_training_cases(builder: DemoBuilder) -> None:
    """A work group and a few participants in work training in every work-training unit,
    whatever the random cases gave it: the work units' records are about them."""
    start = builder.today - 90 * DAY
    for place in UnitProgramme.objects.filter(programme_code="knut_pv").select_related("unit"):
        unit = place.unit
        coach = DemoWorkTraining._member(unit.pk, Role.COACH)
        if coach is None:
            continue
        group = Cohort.objects.filter(
            unit=unit, programme_code="knut_pv", activity=""
        ).first() or create_cohort(
            actor=coach, unit=unit, programme_code="knut_pv", name="Arbetsgrupp 1", starts_on=start
        )
        active = list(
            Enrolment.objects.filter(unit=unit, programme_model="knut_pv", status="active")
        )
        for index in range(len(active), len(NEEDS)):
            referral_date = start + (7 * index) * DAY
            participant = register_participant(
                actor=coach,
                details=builder.details(Country.SWEDEN, anonymous=False),
                unit=unit,
                programme_model="knut_pv",
                referral_date=referral_date,
                referral_source="social_services",
            )
            record_consent(
                actor=coach,
                participant=participant,
                kind=ConsentKind.PARTICIPATION,
                given_on=referral_date,
            )
            active.append(
                start_enrolment(
                    actor=coach, enrolment=participant.enrolments.get(), day=referral_date + DAY
                )
            )
        members = set(group.members.values_list("enrolment_id", flat=True))
        for enrolment in active:
            if enrolment.pk not in members:
                joined = max(group.starts_on, enrolment.start_date or group.starts_on)
                add_member(actor=coach, cohort=group, enrolment=enrolment, joined_on=joined)
