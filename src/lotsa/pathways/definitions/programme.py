"""A programme model as the application sees it: frozen objects built from a definition file.

``schema.py`` reads and checks the file; everything here may assume it holds together.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import get_language

from lotsa.dates import add_months, days_after
from lotsa.pathways.definitions.vocabulary import LANGUAGES


@dataclass(frozen=True)
class Texts:
    sv: str
    da: str
    en: str

    def __str__(self) -> str:
        language = (get_language() or "sv")[:2]
        return getattr(self, language, self.sv) if language in LANGUAGES else self.sv


@dataclass(frozen=True)
class ChecklistItem:
    code: str
    name: Texts


@dataclass(frozen=True)
class Phase:
    code: str
    name: Texts
    description: Texts
    terminal: bool
    checklist: tuple[ChecklistItem, ...]


@dataclass(frozen=True)
class Milestone:
    code: str
    name: Texts
    derived: str


@dataclass(frozen=True)
class Deadline:
    """A rule over an enrolment's records, evaluated when shown. ``expect`` is a milestone code
    or ``checklist:<item>``; ``setting`` names a unit setting that replaces ``due_day``.
    ``closed_by`` names the milestones (and ``phase:<code>`` phases) after which the rule no
    longer applies; ``owner`` says whose flag it is."""

    code: str
    name: Texts
    kind: str
    days: int
    after: str = ""
    expect: str = ""
    phases: tuple[str, ...] = ()
    with_parties: tuple[str, ...] = ()
    modes: tuple[str, ...] = ()
    months: int = 0
    anchor: str = ""
    until: str = ""
    share: float = 0.0
    record: str = ""
    due_day: int | str = 0
    setting: str = ""
    closed_by: tuple[str, ...] = ()
    owner: str = "responsible"


@dataclass(frozen=True)
class UnitSetting:
    """A choice a unit makes for a model (e.g. how many months before the benefit ends it
    starts looking for participants)."""

    code: str
    name: Texts
    choices: tuple[int | str, ...]
    default: int | str


@dataclass(frozen=True)
class TimelinePoint:
    """A date of the case computed from a recorded date or an earlier point: ``after`` moved by
    ``months`` (or by the unit setting ``setting``, in months back) and ``days``. Once
    ``milestone`` is recorded, its date replaces the computed one for the points after it."""

    code: str
    name: Texts
    after: str
    months: int
    days: int
    setting: str
    milestone: str


@dataclass(frozen=True)
class MeetingType:
    """A kind of meeting of the model: who usually takes part, the milestone it records, and
    whether it records a joint assessment of programme capacity."""

    code: str
    name: Texts
    parties: tuple[str, ...]
    milestone: str
    assessment: bool
    # The exit reason the case is prompted to end with when the assessment finds no capacity.
    exit_without_capacity: str = ""


@dataclass(frozen=True)
class Reporting:
    """Which agency reports the participant's hours: ``before`` until the date of ``switch``
    (a milestone, or the timeline point of that name until it is recorded), ``after`` from it."""

    before: str
    after: str
    switch: str


@dataclass(frozen=True)
class GroupActivity:
    code: str
    name: Texts
    min_size: int
    max_size: int
    weeks: int


@dataclass(frozen=True)
class Named:
    code: str
    name: Texts


@dataclass(frozen=True)
class ExitReason:
    code: str
    name: Texts
    outcome: str
    end_state: str


@dataclass(frozen=True)
class Flow:
    """How the programme flow report reads an enrolment: the milestones that mark admission and
    start ("start" means the enrolment's own start date) and the exit reasons that mean
    completion, dropout and re-referral."""

    admitted: str = "start"
    started: str = "start"
    completed: tuple[str, ...] = ()
    dropped_out: tuple[str, ...] = ()
    re_referred: tuple[str, ...] = ()


@dataclass(frozen=True)
class FollowUpStatus:
    code: str
    name: Texts
    positive: bool


@dataclass(frozen=True)
class FollowUp:
    """A status observed a set time after a milestone (or the exit), e.g. six months after the end."""

    code: str
    name: Texts
    after: str
    days: int
    months: int
    milestone: str
    statuses: dict[str, FollowUpStatus]

    def due(self, anchor: datetime.date) -> datetime.date:
        return days_after(add_months(anchor, self.months), self.days)


@dataclass(frozen=True)
class SurveyWave:
    """A time the participant answers a survey of the model (instrument and wave codes of an
    installed survey instrument): scheduled by ``deadline``, whose rule expects the checklist
    item ``checklist``, which answering the survey ticks."""

    instrument: str
    wave: str
    name: Texts
    checklist: str
    deadline: str


@dataclass(frozen=True)
class GroupGuidance:
    min_size: int
    max_size: int
    name: Texts


@dataclass(frozen=True)
class Programme:
    code: str
    version: int
    name: Texts
    short_name: Texts
    description: Texts
    start_phase: str
    requires_consent: tuple[str, ...]
    baseline_fields: tuple[str, ...]
    group: GroupGuidance | None
    follow_along: bool
    phases: dict[str, Phase]
    transitions: dict[str, dict[str, bool]]  # from phase -> {to phase: requires note}
    milestones: dict[str, Milestone]
    deadlines: dict[str, Deadline]
    exit_reasons: dict[str, ExitReason]
    end_states: dict[str, Named]
    decline_reasons: dict[str, Named]
    flow: Flow = Flow()
    follow_ups: dict[str, FollowUp] = field(default_factory=dict)
    records_benefits: bool = False
    unit_settings: dict[str, UnitSetting] = field(default_factory=dict)
    timeline: dict[str, TimelinePoint] = field(default_factory=dict)
    meeting_types: dict[str, MeetingType] = field(default_factory=dict)
    responsible_pair: tuple[str, ...] = ()
    approvals: tuple[str, ...] = ()
    reporting: Reporting | None = None
    group_activities: dict[str, GroupActivity] = field(default_factory=dict)
    time_reports: bool = False
    survey_waves: tuple[SurveyWave, ...] = ()

    def __str__(self) -> str:
        return str(self.name)

    @property
    def terminal_phase(self) -> str:
        return next(code for code, phase in self.phases.items() if phase.terminal)

    def next_phases(self, phase: str) -> dict[str, bool]:
        """Phases reachable from ``phase``, each with whether the move needs a note."""
        return self.transitions.get(phase, {})

    def exit_reason_with_outcome(self, outcome: str) -> str | None:
        """The first exit reason of the model with this outcome class (e.g. withdrew_consent)."""
        return next((r.code for r in self.exit_reasons.values() if r.outcome == outcome), None)

    def setting(self, code: str, chosen: dict[str, Any] | None) -> int | str:
        """A unit's choice for the setting, or the model's default."""
        value = (chosen or {}).get(code)
        definition = self.unit_settings[code]
        return value if value in definition.choices else definition.default

    def survey_wave(self, instrument: str, wave: str) -> SurveyWave | None:
        return next(
            (w for w in self.survey_waves if (w.instrument, w.wave) == (instrument, wave)), None
        )

    def derived_milestone(self, source: str) -> str | None:
        return next((m.code for m in self.milestones.values() if m.derived == source), None)


def check_record_codes(
    programme: Programme, *, milestones: Iterable[str] = (), checklist: Iterable[str] = ()
) -> None:
    """Refuse to start when an app's records feed a milestone or checklist item the programme
    model no longer has: the tick would land on a code no page shows."""
    items = {item.code for phase in programme.phases.values() for item in phase.checklist}
    missing = [f"milestone {code}" for code in milestones if code not in programme.milestones]
    missing += [f"checklist item {code}" for code in checklist if code not in items]
    if missing:
        raise ImproperlyConfigured(
            f"{programme.code}: records feed unknown codes: {', '.join(missing)}"
        )
