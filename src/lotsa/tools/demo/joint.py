"""The demo's joint casework: AMiA cases at every point of their timeline (from selection to
the status 90 days after the Work-Life Introduction) with benefit facts, typed meetings, time
reports, the joint assessment and signed final documentation; people enrolled in two
organisations with and without consent to share; and referrals both ways between them.

Every write goes through the services, dated in the past, as the staff would have made them.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone

from lotsa.accounts.models import User
from lotsa.casework.services import (
    AttendeeInput,
    PlanInput,
    PlanItemInput,
    record_meeting,
    revise_plan,
    write_reflection,
)
from lotsa.cohorts.services import add_member, create_cohort
from lotsa.dates import add_months
from lotsa.documents.services import (
    FinalText,
    approve_final_document,
    sign_final_document,
    write_final_document,
)
from lotsa.organisations.models import Membership, Organisation, Unit
from lotsa.pathways.models import Enrolment
from lotsa.pathways.services.enrolment_changes import programme_of
from lotsa.pathways.services.enrolment_records import (
    record_benefit_facts,
    record_follow_up,
    record_milestone,
    tick_checklist_item,
)
from lotsa.pathways.services.lifecycle import (
    exit_enrolment,
    register_participant,
    start_enrolment,
    transition_phase,
)
from lotsa.pathways.services.responsibility import hand_over
from lotsa.pathways.services.unit_programmes import save_unit_programme
from lotsa.people.models import ConsentKind, Participant, SharingScope
from lotsa.people.services import (
    ParticipantDetails,
    record_consent,
    withdraw_consent,
)
from lotsa.referrals.services import (
    accept_referral,
    decline_referral,
    record_exit_handover,
    send_referral,
)
from lotsa.timereports.queries import month_form
from lotsa.timereports.services import (
    WeekHours,
    cosign_staff_time_report,
    mark_activity_report_sent,
    record_time_report_signature,
    save_time_report,
    submit_staff_time_report,
)

# The points of the timeline the demo's AMiA cases stand at, as months from the day their
# benefit days run out to today (negative: the benefit still runs), and how each ends.
STAGES: tuple[tuple[str, int], ...] = (
    ("selection", -8),
    ("pre_ali", -4),
    ("pre_ali", -2),
    ("ali", 1),
    ("post_ali", 4),
    ("exited", 8),
    ("exited", 10),
    ("no_capacity", 5),
    ("withdrew", -3),
)
PHASES = (
    "inform_and_enrol", "mapping", "goals_and_motivation", "planning", "activities", "follow_up",
    "exit_and_path",
)  # fmt: skip


@dataclass
class Team:
    unit: Unit
    fk: User
    af: User


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


class JointCases:
    """Builds the joint casework of the demo, with the builder's random numbers and people."""

    def __init__(self, builder: Any, cases_per_stage: int = 2) -> None:
        self.builder = builder
        self.rng: random.Random = builder.rng
        self.today: datetime.date = builder.today
        self.per_stage = cases_per_stage

    # ------------------------------------------------------------------ teams and people

    def team(self, unit: Unit, coaches: list[User]) -> Team:
        """The unit's pair: the first caseworker each agency employs there (the demo logins
        fk.caseworker and af.caseworker where they work)."""
        kinds = dict(
            Membership.objects.filter(unit=unit, user__in=coaches).values_list(
                "user_id", "employer__kind"
            )
        )
        named = sorted(coaches, key=lambda c: not c.username.endswith(".caseworker"))
        fk = next(c for c in named if kinds[c.pk] == Organisation.Kind.FORSAKRINGSKASSAN)
        af = next(c for c in named if kinds[c.pk] == Organisation.Kind.ARBETSFORMEDLINGEN)
        return Team(unit, fk, af)

    def person(self) -> ParticipantDetails:
        return self.builder.details("SE", False)

    def register(self, actor: User, unit: Unit, model: str, referred: datetime.date) -> Enrolment:
        participant = register_participant(
            actor=actor,
            details=self.person(),
            unit=unit,
            programme_model=model,
            referral_date=referred,
        )
        return participant.enrolments.get()

    # ------------------------------------------------------------------ AMiA cases

    def amia(self, teams: list[Team], manager: User) -> None:
        for team in teams:
            for stage, months in STAGES:
                for _copy in range(self.per_stage):
                    benefit_end = add_months(self.today, -months) + datetime.timedelta(
                        days=self.rng.randint(-12, 12)
                    )
                    self.amia_case(team, stage, benefit_end)
            self.caseworker_reports(team, manager)
            self.monthly_reports(team)
        self.redo_group(teams[0])

    def amia_case(self, team: Team, stage: str, benefit_end: datetime.date) -> Enrolment:
        """One AMiA case, from the handover about 7 months before the benefit ends."""
        handover = min(add_months(benefit_end, -7), self.today - datetime.timedelta(days=3))
        enrolment = self.register(team.fk, team.unit, "amia", handover)
        return self.walk(team, enrolment, stage, benefit_end)

    def walk(
        self, team: Team, enrolment: Enrolment, stage: str, benefit_end: datetime.date
    ) -> Enrolment:
        """Take a referred AMiA case through its timeline up to the stage: benefit facts, the
        pair, meetings, phases, plan, time reports, the Work-Life Introduction, the joint
        assessment, the final documentation, the exit and the status 90 days after."""
        rng = self.rng
        handover = enrolment.referral_date
        record_benefit_facts(
            actor=team.fk,
            enrolment=enrolment,
            benefit_type=rng.choice(
                ["sickness_benefit", "sickness_benefit", "sickness_compensation"]
            ),
            extent=rng.choice(["1.00", "0.75", "0.50"]),
            ends_on=benefit_end,
            sgi_checked_on=handover,
        )
        hand_over(
            actor=team.fk, enrolment=enrolment, to_staff=team.af, day=handover, share=True,
            note="AMiA-teamets handläggarpar.",
        )  # fmt: skip
        booked = min(handover + datetime.timedelta(days=rng.randint(1, 4)), self.today)
        record_milestone(
            actor=team.fk, enrolment=enrolment, code="three_party_meeting_booked", day=booked
        )
        if stage == "selection":
            return enrolment
        start = min(handover + datetime.timedelta(days=rng.randint(4, 12)), self.today)
        self.consent(team.fk, enrolment.participant, start)
        start_enrolment(actor=team.fk, enrolment=enrolment, day=start)
        self.meet(team, enrolment, "information", start, "Information om AMiA och ekonomin.")
        self.surveys_answered(team, enrolment, ["survey_t1"], start)
        day = start
        ali_start = benefit_end + datetime.timedelta(days=1)
        ali_end = ali_start + datetime.timedelta(days=89)
        last = {
            "pre_ali": self.today,
            "withdrew": self.today - datetime.timedelta(days=20),
            "ali": self.today,
            "post_ali": self.today,
            "no_capacity": ali_end,
            "exited": ali_end + datetime.timedelta(days=rng.randint(40, 80)),
        }[stage]
        for index, phase in enumerate(PHASES):
            move = start + datetime.timedelta(days=14 * index)
            if move >= last or (phase == "exit_and_path" and stage != "exited"):
                break
            if index:
                self.meet(team, enrolment, "mapping" if index == 1 else "joint_follow_up", move)
            if index == 1:
                record_milestone(
                    actor=team.af, enrolment=enrolment, code="mapping_completed", day=move
                )
            transition_phase(actor=team.af, enrolment=enrolment, to_phase=phase, day=move)
            day = move
            if phase == "activities":
                self.plan(team, enrolment, move)
                record_milestone(actor=team.af, enrolment=enrolment, code="plan_agreed", day=move)
                tick_checklist_item(
                    actor=team.fk, enrolment=enrolment, item_code="survey_t2", day=move
                )
        if stage == "withdrew":
            self.time_reports(team, enrolment, start, last)
            consent = enrolment.participant.consents.get(kind=ConsentKind.PARTICIPATION)
            withdraw_consent(
                actor=team.fk, consent=consent, withdrawn_on=last,
                reason="Vill inte längre delta i AMiA.",
            )  # fmt: skip
            exit_enrolment(actor=team.fk, enrolment=enrolment, day=last, reason="withdrew_consent")
            return enrolment
        self.follow_ups(team, enrolment, max(day, start), min(last, self.today))
        if ali_start <= self.today:
            record_milestone(actor=team.af, enrolment=enrolment, code="ali_start", day=ali_start)
        self.time_reports(team, enrolment, start, min(last, self.today))
        if stage in ("pre_ali", "ali"):
            return enrolment
        record_milestone(actor=team.af, enrolment=enrolment, code="ali_end", day=ali_end)
        capacity = "no" if stage == "no_capacity" else "yes"
        self.meet(
            team, enrolment, "capacity_assessment", ali_end,
            "Gemensam bedömning vid arbetslivsintroduktionens slut.", capacity=capacity,
        )  # fmt: skip
        ninety_days_after = ali_end + datetime.timedelta(days=90)
        if ninety_days_after <= self.today:
            self.surveys_answered(team, enrolment, ["survey_d90"], ninety_days_after)
        if stage == "post_ali":
            return enrolment
        if stage == "no_capacity":
            exit_enrolment(
                actor=team.fk, enrolment=enrolment, day=ali_end, reason="no_programme_capacity"
            )
            return enrolment
        self.meet(team, enrolment, "exit_meeting", last, "Avslutningsmöte om fortsatt planering.")
        self.surveys_answered(team, enrolment, ["survey_t3", "survey_exit", "survey_closing"], last)
        self.final_documentation(team, enrolment)
        reason = rng.choice(["work", "continues_af_programme", "available_for_work", "studies"])
        exit_enrolment(
            actor=team.fk, enrolment=enrolment, day=last, reason=reason,
            employment_status="in_work" if reason == "work" else "out_of_work",
            income_sources=["salary"] if reason == "work" else ["activity_support"],
        )  # fmt: skip
        record_exit_handover(
            actor=team.af,
            enrolment=enrolment,
            to_organisation=Organisation.objects.get(kind=Organisation.Kind.ARBETSFORMEDLINGEN),
            to_caseworker="Ordinarie arbetsförmedlare, Arbetsförmedlingen Mälarbygden",
            day=last,
            summary="Slutdokumentationen och planen för fortsatt arbetssökande.",
        )
        follow_up = ali_end + datetime.timedelta(days=90 + rng.randint(0, 10))
        if follow_up <= self.today:
            record_follow_up(
                actor=team.af,
                enrolment=enrolment,
                code="ninety_days_after_ali",
                status=rng.choice(["work", "studies", "af_programme", "af_regular_services"]),
                day=follow_up,
            )
        return enrolment

    def consent(self, actor: User, participant: Participant, day: datetime.date) -> None:
        record_consent(
            actor=actor, participant=participant, kind=ConsentKind.PARTICIPATION, given_on=day
        )

    def meet(
        self,
        team: Team,
        enrolment: Enrolment,
        kind: str,
        day: datetime.date,
        note: str = "Genomgång av plan och aktiviteter.",
        capacity: str = "",
    ) -> None:
        meeting = record_meeting(
            actor=team.fk,
            enrolment=enrolment,
            meeting_type=kind,
            occurred_at=at(day),
            mode="face_to_face",
            place="office",
            attendees=[
                AttendeeInput("participant"),
                AttendeeInput("fk", "Handläggare", team.fk.get_full_name()),
                AttendeeInput("af", "Arbetsförmedlare", team.af.get_full_name()),
            ],
            duration_minutes=60,
            note=note,
            agreed="Fortsätta enligt planen; nästa möte om en månad.",
            next_meeting_at=at(day + datetime.timedelta(days=28)),
            capacity=capacity,
        )
        if self.rng.random() < 0.5:
            write_reflection(
                actor=team.af, meeting=meeting, text="Bra samtal; deltagaren tog egna initiativ."
            )

    def follow_ups(
        self, team: Team, enrolment: Enrolment, since: datetime.date, until: datetime.date
    ) -> None:
        """A joint follow-up about every four weeks while the case goes on."""
        day = since + datetime.timedelta(days=28)
        while day < until:
            self.meet(team, enrolment, "joint_follow_up", day)
            day += datetime.timedelta(days=self.rng.randint(24, 30))

    def plan(self, team: Team, enrolment: Enrolment, day: datetime.date) -> None:
        revise_plan(
            actor=team.af,
            enrolment=enrolment,
            plan=PlanInput(
                long_term_goal="Ett arbete på deltid inom ett område deltagaren själv väljer.",
                sub_goals=["Regelbundna rutiner", "Arbetsträning två dagar i veckan"],
                items=[
                    PlanItemInput(activity="Promenadgrupp", purpose="Ork och rutiner"),
                    PlanItemInput(
                        activity="Arbetsträning", purpose="Pröva arbetsförmågan", status="ongoing"
                    ),
                ],
            ),
        )

    def surveys_answered(
        self, team: Team, enrolment: Enrolment, items: list[str], day: datetime.date
    ) -> None:
        """The surveys handed out on paper and returned that day, ticked on the case."""
        for item in items:
            tick_checklist_item(actor=team.fk, enrolment=enrolment, item_code=item, day=day)

    def time_reports(
        self, team: Team, enrolment: Enrolment, start: datetime.date, until: datetime.date
    ) -> None:
        """The hours of every month from the start to ``until`` that has ended, signed early
        the month after (a few signatures still missing)."""
        programme = programme_of(enrolment)
        month, current = start.replace(day=1), self.today.replace(day=1)
        while month <= until.replace(day=1) and month < current:
            planned = Decimal(self.rng.choice([6, 8, 10, 12]))
            weeks = month_form(enrolment, programme, month)["weeks"]
            hours = [
                WeekHours(planned, planned - Decimal(self.rng.choice([0, 0, 1, 2]))) for _ in weeks
            ]
            report = save_time_report(actor=team.af, enrolment=enrolment, month=month, weeks=hours)
            signed = add_months(month, 1) + datetime.timedelta(days=self.rng.randint(0, 6))
            if signed <= self.today and self.rng.random() < 0.97:
                record_time_report_signature(actor=team.af, report=report, day=signed)
            month = add_months(month, 1)

    def final_documentation(self, team: Team, enrolment: Enrolment) -> None:
        document = write_final_document(
            actor=team.fk,
            enrolment=enrolment,
            text=FinalText(
                joint_planning="Deltagaren, Försäkringskassan och Arbetsförmedlingen planerade "
                "stegvis ökad aktivitet mot arbete på deltid.",
                activities="Promenadgrupp, ReDO, arbetsträning och gemensamma uppföljningar.",
                prerequisites=self.rng.choice(["yes", "yes", "partly"]),
                assessment="Deltagaren har förutsättningar för fortsatta arbetsinriktade "
                "insatser hos Arbetsförmedlingen.",
            ),
        )
        # Approved and signed today: a document is dated by when it was written.
        for caseworker in (team.fk, team.af):
            approve_final_document(actor=caseworker, document=document, day=self.today)
        sign_final_document(actor=team.af, document=document, day=self.today)

    def caseworker_reports(self, team: Team, manager: User) -> None:
        """The caseworkers' hours of the last three months; the manager co-signed the earlier
        ones of Arbetsförmedlingen's caseworker."""
        for back in (3, 2, 1):
            month = add_months(self.today.replace(day=1), -back)
            for caseworker in (team.fk, team.af):
                report = submit_staff_time_report(
                    actor=caseworker,
                    unit=team.unit,
                    month=month,
                    hours=Decimal(self.rng.randint(110, 150)),
                )
                if report.needs_cosignature and back > 1:
                    cosign_staff_time_report(actor=manager, report=report, day=self.today)

    def monthly_reports(self, team: Team) -> None:
        for back in (3, 2):
            month = add_months(self.today.replace(day=1), -back)
            mark_activity_report_sent(
                actor=team.fk,
                unit=team.unit,
                programme_code="amia",
                month=month,
                day=add_months(month, 1) + datetime.timedelta(days=self.rng.randint(1, 4)),
                sent_to="Delprojektledaren",
            )

    def redo_group(self, team: Team) -> None:
        members = list(
            Enrolment.objects.filter(unit=team.unit, programme_model="amia", status="active")[:6]
        )
        starts = self.today - datetime.timedelta(days=21)
        cohort = create_cohort(
            actor=team.fk,
            unit=team.unit,
            programme_code="amia",
            activity="redo",
            name="ReDO-gruppen",
            starts_on=starts,
            ends_on=starts + datetime.timedelta(weeks=16),
        )
        for enrolment in members:
            assert enrolment.start_date is not None, "an active enrolment has started"
            add_member(
                actor=team.fk,
                cohort=cohort,
                enrolment=enrolment,
                joined_on=max(starts, enrolment.start_date),
            )

    # ------------------------------------------------------------------ across organisations

    def across(self, ips: Unit, ips_coach: User, amia: Team, psychiatry: tuple[Unit, User],
               office: tuple[Unit, User]) -> None:  # fmt: skip
        """Two people enrolled in IPS at the municipality and in AMiA at Försäkringskassan's
        team, one sharing between them under consent and one not; referrals both ways."""
        start = self.today - datetime.timedelta(days=120)
        for shares in (True, False):
            ips_case = self.register(ips_coach, ips, "ips", start)
            participant = ips_case.participant
            self.consent(ips_coach, participant, start)
            start_enrolment(actor=ips_coach, enrolment=ips_case, day=start)
            referral = send_referral(
                actor=ips_coach,
                from_unit=ips,
                to_unit=amia.unit,
                programme_model="amia",
                participant=participant,
                stated_needs="Sjukpenningdagarna tar snart slut; behöver stöd inför "
                "arbetslivsintroduktionen.",
                requested_service="AMiA",
                handover_summary="Deltar i IPS och söker arbete i handeln.",
                consent_given_on=start + datetime.timedelta(days=7),
                shared_with_receiver=SharingScope.SUMMARY,
                report_back=SharingScope.FULL if shares else "",
                sent_on=start + datetime.timedelta(days=7),
            )
            amia_case = accept_referral(
                actor=amia.fk, referral=referral, day=start + datetime.timedelta(days=9)
            )
            if not shares:
                # Without the participant's consent the organisations share nothing: the
                # referral's consent to share is withdrawn the same day.
                for consent in participant.consents.filter(kind=ConsentKind.INFORMATION_SHARING):
                    withdraw_consent(
                        actor=ips_coach, consent=consent,
                        withdrawn_on=start + datetime.timedelta(days=9),
                        reason="Vill inte att uppgifter delas mellan myndigheterna.",
                    )  # fmt: skip
            self.walk(amia, amia_case, "pre_ali", add_months(start, 6))
        psychiatry_unit, psychiatrist = psychiatry
        send_referral(
            actor=psychiatrist,
            from_unit=psychiatry_unit,
            to_unit=ips,
            programme_model="ips",
            person=self.person(),
            stated_needs="Vill arbeta men har svårt att ta första steget.",
            requested_service="IPS-stöd till arbete.",
            consent_given_on=self.today - datetime.timedelta(days=2),
            shared_with_receiver=SharingScope.SUMMARY,
            report_back=SharingScope.SUMMARY,
            sent_on=self.today - datetime.timedelta(days=2),
        )
        office_unit, personal = office
        for days_ago, answer in ((30, "accept"), (12, "decline"), (1, "")):
            referral = send_referral(
                actor=personal,
                from_unit=office_unit,
                to_unit=amia.unit,
                programme_model="amia",
                person=self.person(),
                stated_needs="Dagarna med sjukpenning tar slut om sju månader.",
                requested_service="AMiA inför arbetslivsintroduktionen.",
                handover_summary="Sjukskriven på heltid sedan tre år; SGI kontrollerad.",
                consent_given_on=self.today - datetime.timedelta(days=days_ago),
                shared_with_receiver=SharingScope.FULL,
                report_back=SharingScope.SUMMARY if answer == "accept" else "",
                sent_on=self.today - datetime.timedelta(days=days_ago),
            )
            answered = self.today - datetime.timedelta(days=days_ago - 1)
            if answer == "accept":
                accepted = accept_referral(actor=amia.fk, referral=referral, day=answered)
                self.walk(amia, accepted, "selection", add_months(self.today, 7))
            elif answer == "decline":
                decline_referral(
                    actor=amia.af, referral=referral, day=answered, reason="too_late",
                    note="Mindre än tre månader kvar när remissen kom.",
                )  # fmt: skip

    def unit_choices(self, unit: Unit) -> None:
        """The second AMiA team chose a shorter selection window and the 10th for its report."""
        save_unit_programme(
            actor=self.builder.admin,
            unit=unit,
            programme_code="amia",
            deadline_days={"mapping_completed": 21},
            settings={"selection_window_months": 8, "activity_report_due": 10},
        )
