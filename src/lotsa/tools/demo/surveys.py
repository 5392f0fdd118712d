"""Surveys in the demo: the AMiA coordinator's survey IDs and the paper surveys handed in at the
waves each case reached; the AMiA team's caseworker survey; and the work-training unit's user
survey by one-time links, with a focus group and the findings its staff sorted."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal
from typing import TYPE_CHECKING

from lotsa.accounts.models import User
from lotsa.core.choices import Country
from lotsa.organisations.models import Membership, Role, Unit
from lotsa.pathways.definitions.registry import registry
from lotsa.pathways.models import ChecklistEntry, Enrolment
from lotsa.people.models import Consent
from lotsa.people.services import record_consent
from lotsa.surveys.answers import CheckedAnswers, ItemAnswer
from lotsa.surveys.instruments import CHOICES, Instrument, current_instrument
from lotsa.surveys.models import SurveyId
from lotsa.surveys.services import findings, rounds
from lotsa.surveys.services.ids import issue_survey_id
from lotsa.surveys.services.responses import answer_by_link, enter_paper_survey
from lotsa.tools.demo import posts

if TYPE_CHECKING:
    from lotsa.tools.demo.builder import DemoBuilder

DAY = datetime.timedelta(days=1)
AMIA_UNIT = "AMiA Mälarbygden"
WORK_TRAINING_UNIT = "Arbetsträningen Åsunda"
# The share of a unit's one-time links that come back answered.
LINKS_MADE, LINKS_ANSWERED = 15, 9


def answers_to(instrument: Instrument, rng: random.Random, lean: float) -> CheckedAnswers:
    """Answers to every question but the free-text ones; ``lean`` is the chance of the most
    positive answer, the rest drawn evenly."""
    answers: dict[str, ItemAnswer] = {}
    for item in instrument.items:
        if item.scale is not None:
            top = max(item.scale.positive)
            value = top if rng.random() < lean else rng.choice(item.scale.values)
            answers[item.code] = ItemAnswer(value=value)
        elif item.kind == CHOICES:
            codes = [choice.code for choice in item.choices]
            chosen = rng.sample(codes, rng.randint(1, 2)) if item.multiple else [rng.choice(codes)]
            answers[item.code] = ItemAnswer(choices=tuple(chosen))
    return CheckedAnswers(answers, screened_out=False)


class DemoSurveys:
    def __init__(self, builder: DemoBuilder) -> None:
        self.builder = builder
        self.rng = builder.rng
        self.today = builder.today

    def build(self) -> None:
        amia = Unit.objects.get(name=AMIA_UNIT)
        coordinator = self._coordinator(amia)
        self._participant_surveys(amia, coordinator)
        self._caseworker_survey(amia, coordinator)
        self._user_survey(Unit.objects.get(name=WORK_TRAINING_UNIT))

    def _coordinator(self, amia: Unit) -> User:
        coordinator = self.builder._new_staff("coordinator.amia", Country.SWEDEN)
        af = Membership.objects.filter(unit=amia, user__username="af.caseworker").get().employer
        self.builder._join(
            coordinator, amia, af, Role.COORDINATOR, "0.20", post=posts.SURVEY_COORDINATOR
        )
        return coordinator

    def _participant_surveys(self, amia: Unit, coordinator: User) -> None:
        """Every started case consented to the surveys and got its ID at the enrolment meeting;
        the paper surveys ticked as handed in are typed in by the case's caseworker."""
        waves = registry().get("amia").survey_waves  # type: ignore[union-attr]
        by_checklist = {wave.checklist: wave for wave in waves}
        cases = Enrolment.objects.filter(unit=amia, start_date__isnull=False).select_related(
            "participant", "responsible_staff"
        )
        for enrolment in cases.order_by("pk"):
            staff, start = enrolment.responsible_staff, enrolment.start_date
            if staff is None or start is None:
                continue
            if not Consent.objects.filter(participant=enrolment.participant, kind="survey"):
                record_consent(
                    actor=staff,
                    participant=enrolment.participant,
                    kind="survey",
                    given_on=start,
                )
            survey_id = issue_survey_id(actor=coordinator, enrolment=enrolment)
            # Issued at the enrolment meeting, where the first survey is handed out.
            SurveyId.objects.filter(pk=survey_id.pk).update(issued_on=start)
            handed_in = ChecklistEntry.objects.filter(
                enrolment=enrolment, item_code__in=by_checklist
            ).order_by("done_on")
            for step, entry in enumerate(handed_in):
                wave = by_checklist[entry.item_code]
                instrument = current_instrument(wave.instrument)
                enter_paper_survey(
                    actor=staff,
                    code=survey_id.code,
                    instrument=instrument,
                    wave=wave.wave,
                    answered_on=entry.done_on,
                    checked=answers_to(instrument, self.rng, lean=min(0.15 * step, 0.45)),
                )

    def _caseworker_survey(self, amia: Unit, coordinator: User) -> None:
        """The spring's caseworker survey, answered by the team's caseworkers: fewer than five,
        so its results stay hidden, as they must."""
        survey = current_instrument("amia_caseworker")
        staff = list(
            User.objects.filter(memberships__unit=amia, memberships__role=Role.COACH).distinct()
        )
        survey_round = rounds.create_round(
            actor=coordinator,
            unit=amia,
            instrument_code=survey.code,
            title="Handläggarenkät",
            opens_on=self.today - 20 * DAY,
            closes_on=self.today + 10 * DAY,
            invited=len(staff),
        )
        for person in staff:
            rounds.answer_round(
                actor=person,
                survey_round=survey_round,
                checked=answers_to(survey, self.rng, lean=0.3),
            )

    def _user_survey(self, unit: Unit) -> None:
        """The user survey handed out on slips with one-time links, a focus group, and the
        findings sorted into what the unit can do now, cannot do, and can ease."""
        leader = (
            Membership.objects.filter(unit=unit, role=Role.SUPERVISOR).select_related("user").get()
        ).user
        owner = User.objects.get(username="worktrainer.asunda")
        survey = current_instrument("knut_user")
        survey_round = rounds.create_round(
            actor=leader,
            unit=unit,
            instrument_code=survey.code,
            title="Brukarenkät hösten",
            opens_on=self.today - 14 * DAY,
            closes_on=self.today + 14 * DAY,
            invited=LINKS_MADE,
        )
        tokens = rounds.create_links(actor=leader, survey_round=survey_round, count=LINKS_MADE)
        for token in tokens[:LINKS_ANSWERED]:
            answer_by_link(token=token, checked=answers_to(survey, self.rng, lean=0.4))
        focus_group = findings.save_focus_group(
            actor=leader,
            unit=unit,
            held_on=self.today - 30 * DAY,
            sessions=2,
            hours=Decimal("6"),
            moderator="Extern samtalsledare",
            participant_groups="Deltagare i arbetsträning och anställda med stöd",
            themes="Delaktighet, handlingsplaner, bemötande, vägen vidare till arbete",
        )
        sorted_findings = (
            ("can_do_now", "Deltagarna vet inte alltid vad som står i handlingsplanen.",
             "Gå igenom planen med varje deltagare varannan vecka.", focus_group, None),
            ("cannot_do_now", "Ersättningsnivåerna skiljer sig mellan deltagarna.",
             "Ta upp med socialtjänsten i samverkansgruppen.", focus_group, None),
            ("can_be_eased", "Några känner sig tvingade att vara här.",
             "Låt deltagarna välja mellan två arbetsuppgifter varje vecka.", None, survey_round),
        )  # fmt: skip
        for category, text, action, group, source_round in sorted_findings:
            finding = findings.save_finding(
                actor=leader,
                unit=unit,
                text=text,
                category=category,
                owner=owner,
                follow_up_on=self.today + 21 * DAY,
                action=action,
                focus_group=group,
                survey_round=source_round,
            )
        findings.review_finding(
            actor=leader,
            finding=finding,
            reviewed_on=self.today - 2 * DAY,
            note="Två arbetsuppgifter att välja mellan från och med nästa vecka.",
            next_follow_up_on=self.today + 28 * DAY,
        )
