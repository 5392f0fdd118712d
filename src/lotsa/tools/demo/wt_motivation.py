"""Motivational interviewing and reports back in the demo: the work supervisors' target
behaviours for a few participants in work training (one with an action plan made in spite
of precontemplation, as the booklet warns against), and one report back sent to
Arbetsförmedlingen under the participant's consent, and one still a draft."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from lotsa.accounts.models import User
from lotsa.organisations.models import Membership, Organisation, Role, Unit
from lotsa.pathways.models import Enrolment, EnrolmentStatus
from lotsa.people.models import ConsentKind
from lotsa.people.services import record_consent
from lotsa.worktraining.models import Stage
from lotsa.worktraining.services import motivation, report_back

if TYPE_CHECKING:
    from lotsa.tools.demo.builder import DemoBuilder

DAY = datetime.timedelta(days=1)
# (problem, behaviour, stages from the oldest, days between them)
BEHAVIOURS = (
    ("Dålig närvaro", "Närvara varje dag", (Stage.PRECONTEMPLATION, Stage.CONTEMPLATION), 14),
    ("Kommer sent", "Komma i tid på morgonen", (Stage.CONTEMPLATION, Stage.PREPARATION), 10),
    ("Lämnar arbetsplatsen vid konflikt", "Säga till när något känns fel", (Stage.ACTION,), 7),
)


class DemoMotivation:
    def __init__(self, builder: DemoBuilder) -> None:
        self.today = builder.today

    def build(self) -> None:
        cases = list(
            Enrolment.objects.filter(programme_model="knut_pv", status=EnrolmentStatus.ACTIVE)
            .select_related("unit__organisation", "participant")
            .order_by("unit__name", "pk")[: len(BEHAVIOURS)]
        )
        for enrolment, (problem, text, stages, gap) in zip(cases, BEHAVIOURS, strict=False):
            supervisor = self._supervisor(enrolment.unit)
            first_day = max(enrolment.start_date or self.today, self.today - 40 * DAY)
            behaviour = motivation.save_target_behaviour(
                actor=supervisor,
                enrolment=enrolment,
                problem=problem,
                behaviour=text,
                day=first_day,
            )
            for step, stage in enumerate(stages):
                motivation.assess_motivation(
                    actor=supervisor,
                    behaviour=behaviour,
                    values=motivation.MotivationInput(
                        assessed_on=min(first_day + step * gap * DAY, self.today),
                        stage=stage,
                        tool="ruler" if step else "ambivalence_cross",
                        importance=4 + 2 * step,
                        confidence=3 + step,
                        notes="Samtal i fikarummet efter arbetspasset.",
                    ),
                )
            motivation.make_action_plan(
                actor=supervisor,
                behaviour=behaviour,
                made_on=first_day,
                steps="Ringa arbetshandledaren före kl. 8 om något hindrar.",
                confirm=True,
            )
        if cases:
            self._reports_back(cases[0], cases[-1])

    @staticmethod
    def _supervisor(unit: Unit) -> User:
        """The unit's work supervisor (its first coach)."""
        membership = (
            Membership.objects.filter(unit=unit, role=Role.COACH)
            .select_related("user")
            .order_by("pk")
            .first()
        )
        assert membership is not None, "every demo unit has a coach"
        return membership.user

    def _reports_back(self, sent_for: Enrolment, draft_for: Enrolment) -> None:
        commissioner = Organisation.objects.get(name="Arbetsförmedlingen")
        supervisor = self._supervisor(sent_for.unit)
        record_consent(
            actor=supervisor,
            participant=sent_for.participant,
            kind=ConsentKind.INFORMATION_SHARING,
            given_on=sent_for.referral_date,
            given_to=sent_for.unit.organisation,
            organisation=commissioner,
            sharing_scope="summary",
        )
        for enrolment in dict.fromkeys([sent_for, draft_for]):
            report = report_back.write_report_back(
                actor=self._supervisor(enrolment.unit),
                enrolment=enrolment,
                text=report_back.ReportBackText(
                    period_from=max(enrolment.referral_date, self.today - 45 * DAY),
                    period_to=self.today,
                    development=(
                        "Har kommit till arbetsträningen de flesta dagar och börjat ta egna "
                        "initiativ i snickeriet."
                    ),
                    next_steps="Fortsatt arbetsträning, med fokus på att komma i tid.",
                ),
            )
            if enrolment == sent_for:
                report_back.review_report_back(actor=supervisor, report=report, day=self.today)
                report_back.send_report_back(
                    actor=supervisor,
                    report=report,
                    recipient_organisation=commissioner,
                    recipient="Arbetsförmedlare, rehabilitering",
                    day=self.today,
                )
