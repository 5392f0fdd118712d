"""The demo's own cases, in every programme model but AMiA (whose joint casework is in
``joint``): participants registered with their consents, each enrolment walked through its model
as a real case would be, with contacts, milestones, exits, follow-ups and re-enrolments.

Every write goes through the services, dated in the past, as the staff would have made them.
"""

from __future__ import annotations

import datetime
import random
from typing import Any

from django.utils import timezone

from lotsa.accounts.models import User
from lotsa.casework.services import ContactInput, record_contacts
from lotsa.core.choices import Country, agencies_foreign_to
from lotsa.organisations.models import Organisation, Unit
from lotsa.pathways.definitions.programme import Programme
from lotsa.pathways.models import FollowUp
from lotsa.pathways.services.enrolment_changes import programme_of
from lotsa.pathways.services.enrolment_records import (
    follow_up_anchor,
    record_baseline,
    record_follow_up,
    record_milestone,
    tick_checklist_item,
)
from lotsa.pathways.services.lifecycle import (
    decline_referral,
    exit_enrolment,
    re_enrol,
    register_participant,
    start_enrolment,
    transition_phase,
)
from lotsa.people.models import ConsentKind, Participant, SharingScope
from lotsa.people.services import record_consent, withdraw_consent
from lotsa.tools.demo.catch_up import meet_milestone

# The income participants start on, and how often: most on social assistance or a sickness
# benefit, a few with an income the socioeconomic model has no state for.
BASELINE_INCOMES = (
    ["social_assistance"],
    ["sickness_benefit"],
    ["sickness_compensation"],
    ["activity_support"],
    ["unemployment_insurance"],
    ["none"],
)
BASELINE_WEIGHTS = (35, 20, 20, 15, 6, 4)


def phase_limit(programme: Programme, phase: str, *, first: bool) -> int | None:
    """The most days the model gives a phase: its shortest deadline counted from the phase's
    start (the phase's own milestone, or the start of the enrolment for the first phase)."""
    starts = {
        code
        for code, milestone in programme.milestones.items()
        if milestone.derived == f"phase:{phase}" or (first and milestone.derived == "start")
    }
    limits = [
        rule.days
        for rule in programme.deadlines.values()
        if rule.kind == "after_milestone" and rule.after in starts and not rule.months
    ]
    return min(limits) if limits else None


class Cases:
    """Builds the demo's own cases, with the builder's random numbers and people."""

    def __init__(self, builder: Any) -> None:
        self.builder = builder
        self.rng: random.Random = builder.rng
        self.today: datetime.date = builder.today

    def build(self, units: list[tuple[Unit, str, str]], coaches: dict[int, list[User]]) -> None:
        rng = self.rng
        # AMiA's cases are built one by one along their timeline (DemoBuilder._joint_casework).
        working = [
            (unit, model, country) for unit, model, country in units if model not in ("", "amia")
        ]
        weights = [3 if model == "ips" else 2 for _u, model, _c in working]
        organisations = list(Organisation.objects.exclude(kind=Organisation.Kind.PROVIDER))
        # Consent to share is never given to an agency that works only in the other country.
        partner_orgs = {
            country: [o for o in organisations if o.kind not in agencies_foreign_to([country])]
            for country in Country.values
        }
        anonymous_at = set(
            rng.sample(range(self.builder.participant_count), self.builder.anonymous_count)
        )
        per_unit = {unit.name: 0 for unit, _m, _c in working}
        for index in range(self.builder.participant_count):
            if index and index % 100 == 0:
                self.builder.progress(f"  {index} of {self.builder.participant_count} participants")
            unit, model, country = rng.choices(working, weights=weights)[0]
            per_unit[unit.name] += 1
            coach = rng.choice(coaches[unit.pk])
            referral = self.today - datetime.timedelta(days=rng.randint(0, 3 * 365))
            participant = register_participant(
                actor=coach,
                details=self.builder.details(country, index in anonymous_at),
                unit=unit,
                programme_model=model,
                referral_date=referral,
            )
            self._consents(participant, coach, referral, partner_orgs[country])
            self._story(participant, coach, referral)
        for name, count in per_unit.items():
            self.builder.progress(f"  {count:>4} cases in {name}")

    def _story(self, participant: Participant, coach: User, referral: datetime.date) -> None:
        """Walk the enrolment through its model as a real case would: start, phases, contacts,
        milestones, and for some an end (every exit reason occurs), a decline or a re-enrolment."""
        rng = self.rng
        enrolment = participant.enrolments.get()
        programme = programme_of(enrolment)
        if rng.random() < 0.05 and programme.decline_reasons:
            reason = rng.choice(list(programme.decline_reasons))
            day = min(self.today, referral + datetime.timedelta(days=rng.randint(1, 10)))
            decline_referral(
                actor=coach,
                enrolment=enrolment,
                day=day,
                reason=reason,
                note="Avböjt efter första samtalet.",
            )
            return
        start = referral + datetime.timedelta(days=rng.randint(2, 14))
        if start > self.today:
            return
        start_enrolment(actor=coach, enrolment=enrolment, day=start)
        self._baseline(enrolment, coach)
        day = start
        follow_up_marks = {f.milestone for f in programme.follow_ups.values()}
        manual = [
            code
            for code, m in programme.milestones.items()
            if not m.derived and code not in follow_up_marks
        ]
        phases = [code for code, p in programme.phases.items() if not p.terminal][1:]
        if programme.follow_along:
            # The last phase is the one a job starts: the demo's jobs move cases into it.
            phases = phases[:-1]
        limit: int | None = None
        for index, phase in enumerate(phases):
            if index == 0:
                stay = rng.randint(0, 3)  # the first meeting opens the first phase
            elif limit:
                stay = rng.randint(max(7, limit * 2 // 3), limit - 1)
            else:
                stay = rng.randint(14, 90)
            stay_until = min(self.today, day + datetime.timedelta(days=stay))
            day = self._contacts(enrolment, coach, day, stay_until)
            needs_note = programme.next_phases(enrolment.phase).get(phase)
            # Some stop where they are, but not in a phase with a time limit of its own.
            stops = index > 0 and limit is None and rng.random() < 0.15
            if day >= self.today or needs_note is None or stops:
                break
            if needs_note and not all(programme.next_phases(enrolment.phase).values()):
                continue  # a move that needs a joint decision (e.g. re-referral) is not the usual path
            if programme.follow_along and phase == phases[-1]:
                self._ready_to_look_for_work(enrolment, coach, programme, day)
            if phase == "job_search" and rng.random() < 0.7:
                tick_checklist_item(
                    actor=coach, enrolment=enrolment, item_code="disclosure_discussion", day=day
                )
            transition_phase(
                actor=coach,
                enrolment=enrolment,
                to_phase=phase,
                day=day,
                note="Beslutat vid uppföljningsmöte.",
            )
            limit = phase_limit(programme, phase, first=index == 0)
            if manual and rng.random() < 0.9:
                record_milestone(actor=coach, enrolment=enrolment, code=manual.pop(0), day=day)
        still_working = rng.random() < 0.45
        if not still_working and day < self.today - datetime.timedelta(days=20):
            reasons = list(programme.exit_reasons)
            exit_day = day + datetime.timedelta(days=rng.randint(1, 20))
            exit_enrolment(
                actor=coach,
                enrolment=enrolment,
                day=exit_day,
                reason=reasons[self.builder.exits % len(reasons)],
                employment_status=rng.choice(["out_of_work", "in_work"]),
                income_sources=[
                    rng.choice(
                        ["salary", "sickness_benefit", "social_assistance", "activity_support"]
                    )
                ],
            )
            self.builder.exits += 1
            self._follow_ups(enrolment, coach)
            # Some come back: referred again lately, and waiting for their first meeting.
            back = self.today - datetime.timedelta(days=rng.randint(0, 10))
            if rng.random() < 0.08 and exit_day < back:
                re_enrol(actor=coach, enrolment=enrolment, referral_date=back)
            return
        if enrolment.status == "active" and rng.random() < 0.85:
            # Most open cases are worked on: contacts continue into the last months.
            self._contacts(
                enrolment, coach, max(day, self.today - datetime.timedelta(days=100)), self.today
            )
        self._follow_ups(enrolment, coach)

    def _baseline(self, enrolment: Any, coach: User) -> None:
        """The income the participant lives on at the start, as the first meeting records it,
        so that the socioeconomic report has starting states to value. Drawn from a generator of
        its own, so that adding it left the rest of the demo as it was."""
        rng = random.Random(enrolment.pk)
        sources = rng.choices(BASELINE_INCOMES, weights=BASELINE_WEIGHTS)[0]
        if rng.random() < 0.15 and "social_assistance" not in sources:
            sources = [*sources, "social_assistance"]  # a top-up beside another benefit
        record_baseline(
            actor=coach,
            enrolment=enrolment,
            income_sources=sources,
            employment_status="out_of_work",
            education_level=rng.choice(["compulsory", "upper_secondary", "post_secondary"]),
        )

    def _ready_to_look_for_work(
        self, enrolment: Any, coach: User, programme: Programme, day: datetime.date
    ) -> None:
        """Nobody looks for work without a vocational profile and a first employer contact on
        their behalf: made within the model's limits (by the day the search starts at the
        latest), as the milestones they are derived from expect."""
        recorded = dict(enrolment.milestones.values_list("code", "occurred_on"))
        for rule in programme.deadlines.values():
            expected = programme.milestones.get(rule.expect)
            if (
                rule.kind != "after_milestone"
                or rule.after not in recorded
                or rule.expect in recorded
                or expected is None
                or expected.derived not in ("profile", "employer_contact")
            ):
                continue
            within = datetime.timedelta(days=self.rng.randint(max(1, rule.days // 2), rule.days))
            meet_milestone(
                self.rng, coach, enrolment, rule.expect, min(day, recorded[rule.after] + within)
            )

    def _follow_ups(self, enrolment: Any, coach: User) -> None:
        """The statuses observed at the model's follow-up points that have come, most of them
        recorded within a fortnight; about half are a positive outcome."""
        rng = self.rng
        for definition in enrolment.programme.follow_ups.values():
            anchor = follow_up_anchor(enrolment, definition)
            if (
                anchor is None
                or FollowUp.objects.filter(enrolment=enrolment, code=definition.code).exists()
            ):
                continue
            observed = definition.due(anchor) + datetime.timedelta(days=rng.randint(0, 14))
            if observed > self.today or rng.random() < 0.1:
                continue
            positive = [code for code, st in definition.statuses.items() if st.positive]
            other = [code for code, st in definition.statuses.items() if not st.positive]
            status = rng.choice(positive if positive and rng.random() < 0.55 else other or positive)
            record_follow_up(
                actor=coach, enrolment=enrolment, code=definition.code, status=status, day=observed
            )

    def _contacts(
        self, enrolment: Any, coach: User, since: datetime.date, until: datetime.date
    ) -> datetime.date:
        """The contacts of a stretch of the case, recorded together as its history."""
        rng = self.rng
        day = since
        parties = {
            "amia": ["participant", "fk", "af"],
            "ips": ["participant"],
            "jom": ["participant"],
            "knut_pv": ["participant"],
        }
        contacts: list[ContactInput] = []
        while True:
            day = day + datetime.timedelta(days=rng.randint(6, 40))
            if day > until or day >= self.today:  # today's hours may still be ahead
                break
            occurred = timezone.make_aware(
                datetime.datetime.combine(
                    day, datetime.time(rng.randint(8, 15), rng.choice([0, 15, 30]))
                )
            )
            missed = rng.random() < 0.07
            contacts.append(
                ContactInput(
                    occurred_at=occurred,
                    outcome="missed" if missed else "held",
                    mode=rng.choice(["face_to_face", "face_to_face", "phone", "video"]),
                    place=rng.choice(["office", "community", "workplace", "home"]),
                    parties=parties.get(enrolment.programme_model, ["participant"]),
                    duration_minutes=rng.choice([30, 45, 60]),
                )
            )
            if (
                missed
                and day + datetime.timedelta(days=2) < min(until, self.today)
                and rng.random() < 0.7
            ):
                # The team reaches out after a missed appointment, as IPS expects.
                contacts.append(
                    ContactInput(
                        occurred_at=occurred + datetime.timedelta(days=2),
                        outcome="outreach",
                        mode="phone",
                        place="office",
                        parties=["participant"],
                        duration_minutes=10,
                    )
                )
        if contacts:
            record_contacts(actor=coach, enrolment=enrolment, contacts=contacts)
        return until

    def _consents(
        self,
        participant: Participant,
        coach: User,
        referral: datetime.date,
        partners: list[Organisation],
    ) -> None:
        rng = self.rng
        given = referral + datetime.timedelta(days=rng.randint(0, 1))
        if given > self.today:
            given = self.today
        record_consent(
            actor=coach, participant=participant, kind=ConsentKind.PARTICIPATION, given_on=given
        )
        if rng.random() < 0.7:
            consent = record_consent(
                actor=coach,
                participant=participant,
                kind=ConsentKind.STATISTICS,
                given_on=given,
                scope="Uppföljning av insatsens resultat",
            )
            if rng.random() < 0.06:
                withdrawn = min(self.today, given + datetime.timedelta(days=rng.randint(10, 200)))
                withdraw_consent(
                    actor=coach,
                    consent=consent,
                    withdrawn_on=withdrawn,
                    reason="Vill inte längre ingå i statistiken.",
                )
        if rng.random() < 0.4:
            record_consent(
                actor=coach, participant=participant, kind=ConsentKind.SURVEY, given_on=given
            )
        if rng.random() < 0.35:
            record_consent(
                actor=coach,
                participant=participant,
                kind=ConsentKind.INFORMATION_SHARING,
                given_on=given,
                organisation=rng.choice(partners),
                sharing_scope=SharingScope.SUMMARY,
                expires_on=given + datetime.timedelta(days=365),
                scope="Planering och uppföljning av arbetsinriktade insatser",
            )
