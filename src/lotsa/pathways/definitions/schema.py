"""The shape of a programme definition file, declared as pydantic models.

The file format is described in docs/programme-models.md. Validation runs in two steps: the models
check each table on its own (types, closed lists of codes, ranges), then ``ProgrammeFile`` checks
that the codes one table names exist in another (a transition's phases, a deadline's milestone).
Every problem is raised as a ``PydanticCustomError`` whose message is the problem alone; the loader
adds the file name and the key, so a message reads ``ips.toml: phases[2].name.sv: missing text``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Annotated, Any, Literal, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainValidator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from lotsa.pathways.definitions.programme import (
    ChecklistItem,
    Deadline,
    ExitReason,
    Flow,
    FollowUp,
    FollowUpStatus,
    GroupActivity,
    GroupGuidance,
    MeetingType,
    Milestone,
    Named,
    Phase,
    Programme,
    Reporting,
    SurveyWave,
    Texts,
    TimelinePoint,
    UnitSetting,
)
from lotsa.pathways.definitions.vocabulary import (
    AGENCY_KINDS,
    ANY_PHASE,
    BASELINE_FIELDS,
    CHECKLIST_PREFIX,
    CONSENT_KINDS,
    CONTACT_MODES,
    CONTACT_PARTIES,
    DEADLINE_KINDS,
    DEADLINE_OWNERS,
    DERIVED_SOURCES,
    LANGUAGES,
    LAST_DAY,
    MONTHLY_RECORDS,
    OUTCOME_CLASSES,
    PHASE_PREFIX,
    RECORDED_DATES,
)

PROBLEM = "definition"


def problem(text: str, at: str = "") -> PydanticCustomError:
    """A broken definition; ``at`` is the key below the place pydantic reports, when the rule
    that finds the problem looks at more than one key."""
    return PydanticCustomError(PROBLEM, "{problem}", {"problem": text, "at": at})


def _texts(value: object) -> Texts:
    if not isinstance(value, dict):
        raise problem(f"expected dict, found {value!r}")
    for language in LANGUAGES:
        text = value.get(language)
        if not isinstance(text, str) or not text.strip():
            raise problem("missing text", at=language)
    return Texts(sv=value["sv"], da=value["da"], en=value["en"])


def one_of(codes: Iterable[str], what: str) -> AfterValidator:
    """A value from a closed list of codes (after it is known to be text)."""
    return AfterValidator(_member_of(tuple(codes), what))


def _member_of(allowed: tuple[str, ...], what: str) -> Callable[[object], str]:
    def check(value: object) -> str:
        if value not in allowed:
            raise problem(f"unknown {what} {value!r}")
        assert isinstance(value, str)
        return value

    return check


def listed(codes: Iterable[str], what: str) -> PlainValidator:
    """An entry in a list of codes: anything but a known code is an unknown one."""
    return PlainValidator(_member_of(tuple(codes), what))


def _as_written(value: object) -> object:
    return value


def _not_negative(days: int) -> int:
    if days < 0:
        raise problem("must not be negative")
    return days


def _share(value: object) -> float:
    if not isinstance(value, float):
        raise problem(f"expected float, found {value!r}")
    if not 0 < value < 1:
        raise problem("must lie between 0 and 1")
    return value


def _number_or_code(value: object) -> int | str:
    if not isinstance(value, int | str):
        raise problem(f"expected {(int, str)}, found {value!r}")
    return value


def _day_of_month(value: object) -> int | str:
    day = _number_or_code(value)
    if day != LAST_DAY and not (isinstance(day, int) and 1 <= day <= 28):
        raise problem("must be a day 1–28 or 'last'")
    return day


def _numbers_or_codes(choices: list[Any]) -> list[Any]:
    if not choices or not all(isinstance(choice, int | str) for choice in choices):
        raise problem("expected a list of numbers or codes")
    return choices


TextsField = Annotated[Texts, PlainValidator(_texts)]
Days = Annotated[int, AfterValidator(_not_negative)]
Share = Annotated[float, PlainValidator(_share)]
NumberOrCode = Annotated[int | str, PlainValidator(_number_or_code)]
DayOfMonth = Annotated[int | str, PlainValidator(_day_of_month)]
OutcomeClass = Annotated[str, one_of(OUTCOME_CLASSES, "outcome class")]
AgencyKind = Annotated[str, one_of(AGENCY_KINDS, "kind of organisation")]
DeadlineOwner = Annotated[str, one_of(DEADLINE_OWNERS, "deadline owner")]
ListedConsentKind = Annotated[str, listed(CONSENT_KINDS, "consent kind")]
ListedBaselineField = Annotated[str, listed(BASELINE_FIELDS, "baseline field")]
ListedContactParty = Annotated[str, listed(CONTACT_PARTIES, "contact party")]
ListedContactMode = Annotated[str, listed(CONTACT_MODES, "contact mode")]
ListedAgencyKind = Annotated[str, listed(AGENCY_KINDS, "kind of organisation")]
# A code in a list that names another table's entries; ProgrammeFile checks it exists there.
ListedReference = Annotated[str, PlainValidator(_as_written)]
MonthlyRecord = Annotated[str, one_of(MONTHLY_RECORDS, "monthly record")]


class _Table(BaseModel):
    # TOML already gives typed values; nothing is coerced, and keys the format does not know are
    # left alone, as comments would be.
    model_config = ConfigDict(strict=True, frozen=True, extra="ignore")


class _Coded(_Table):
    code: str
    name: TextsField


CodedTable = TypeVar("CodedTable", bound=_Coded)


def _unique_codes(items: list[CodedTable]) -> list[CodedTable]:
    seen: set[str] = set()
    for index, item in enumerate(items):
        if item.code in seen:
            raise problem(f"duplicate code {item.code!r}", at=f"[{index}].code")
        seen.add(item.code)
    return items


Coded = Annotated[list[CodedTable], AfterValidator(_unique_codes)]


def _sizes_in_order(table: _GroupSizes) -> None:
    if table.min_size > table.max_size:
        raise problem("is larger than max_size", at="min_size")


class _GroupSizes(_Table):
    min_size: int
    max_size: int

    @model_validator(mode="after")
    def _ordered(self) -> _GroupSizes:
        _sizes_in_order(self)
        return self


class ChecklistItemTable(_Coded):
    def definition(self) -> ChecklistItem:
        return ChecklistItem(self.code, self.name)


class PhaseTable(_Coded):
    description: TextsField
    terminal: bool = False
    checklist: Coded[ChecklistItemTable] = []

    def definition(self) -> Phase:
        return Phase(
            code=self.code,
            name=self.name,
            description=self.description,
            terminal=self.terminal,
            checklist=tuple(item.definition() for item in self.checklist),
        )


class TransitionTable(_Table):
    source: str = Field(alias="from")
    to: list[ListedReference]
    requires_note: bool = False


class MilestoneTable(_Coded):
    derived: str = ""

    def definition(self) -> Milestone:
        return Milestone(self.code, self.name, self.derived)


class UnitSettingTable(_Coded):
    choices: Annotated[list[Any], AfterValidator(_numbers_or_codes)]
    default: NumberOrCode

    @model_validator(mode="after")
    def _default_is_a_choice(self) -> UnitSettingTable:
        if self.default not in self.choices:
            raise problem(f"{self.default!r} is not one of the choices", at="default")
        return self

    def definition(self) -> UnitSetting:
        return UnitSetting(self.code, self.name, tuple(self.choices), self.default)


class TimelinePointTable(_Coded):
    after: str
    months: int = 0
    days: int = 0
    setting: str = ""
    milestone: str = ""

    def definition(self) -> TimelinePoint:
        return TimelinePoint(**_fields(self))


class _DeadlineTable(_Coded):
    days: Days = 0
    owner: DeadlineOwner = "responsible"

    def definition(self) -> Deadline:
        return Deadline(**_fields(self))


class _ClosableDeadline(_DeadlineTable):
    # The milestones and phases after which the rule no longer applies (the person moved on).
    closed_by: list[ListedReference] = []


class AfterMilestoneDeadline(_ClosableDeadline):
    kind: Literal["after_milestone"]
    after: str
    months: int = 0
    expect: str


class ContactIntervalDeadline(_DeadlineTable):
    kind: Literal["contact_interval"]
    # An interval between contacts has to be given; other rules may count in months.
    days: Days
    phases: list[ListedReference]
    with_parties: list[ListedContactParty] = Field(default=[], alias="with")
    modes: list[ListedContactMode] = []


class AnchoredDeadline(_ClosableDeadline):
    kind: Literal["anchored"]
    anchor: str
    months: int = 0
    expect: str


class ShareOfDurationDeadline(_ClosableDeadline):
    kind: Literal["share_of_duration"]
    share: Share
    after: str
    until: str
    expect: str


class MonthlyDeadline(_DeadlineTable):
    kind: Literal["monthly"]
    due_day: DayOfMonth
    # A unit setting whose choice replaces due_day.
    setting: str = ""
    record: MonthlyRecord


class PhaseLimitDeadline(_ClosableDeadline):
    kind: Literal["phase_limit"]
    # How long a case may stay in one of these phases, counted from the day it entered it.
    days: Days
    phases: list[ListedReference]


def _known_kind(value: object) -> object:
    """Names the kind's problem itself, where pydantic would only say no variant matched."""
    if not isinstance(value, dict):
        raise problem("expected a table")
    if "kind" not in value:
        raise problem("missing", at="kind")
    kind = value["kind"]
    if not isinstance(kind, str):
        raise problem(f"expected str, found {kind!r}", at="kind")
    if kind not in DEADLINE_KINDS:
        raise problem(f"unknown deadline kind {kind!r}", at="kind")
    return value


DeadlineTable = Annotated[
    AfterMilestoneDeadline
    | ContactIntervalDeadline
    | AnchoredDeadline
    | ShareOfDurationDeadline
    | MonthlyDeadline
    | PhaseLimitDeadline,
    Field(discriminator="kind"),
    BeforeValidator(_known_kind),
]


class ExitReasonTable(_Coded):
    outcome: OutcomeClass
    end_state: str = ""

    def definition(self) -> ExitReason:
        return ExitReason(self.code, self.name, self.outcome, self.end_state)


class NamedTable(_Coded):
    def definition(self) -> Named:
        return Named(self.code, self.name)


class FlowTable(_Table):
    admitted: str = "start"
    started: str = "start"
    completed: list[ListedReference] = []
    dropped_out: list[ListedReference] = []
    re_referred: list[ListedReference] = []

    def definition(self) -> Flow:
        return Flow(**_fields(self))


class FollowUpStatusTable(_Coded):
    positive: bool = False

    def definition(self) -> FollowUpStatus:
        return FollowUpStatus(self.code, self.name, self.positive)


class FollowUpTable(_Coded):
    after: str
    days: int = 0
    months: int = 0
    milestone: str = ""
    statuses: Coded[FollowUpStatusTable] = []

    def definition(self, end_states: Iterable[Named]) -> FollowUp:
        # Without statuses of its own, a follow-up asks which end state the participant is in.
        statuses = [status.definition() for status in self.statuses] or [
            FollowUpStatus(state.code, state.name, False) for state in end_states
        ]
        return FollowUp(
            code=self.code,
            name=self.name,
            after=self.after,
            days=self.days,
            months=self.months,
            milestone=self.milestone,
            statuses={status.code: status for status in statuses},
        )


class GroupTable(_GroupSizes):
    name: TextsField

    def definition(self) -> GroupGuidance:
        return GroupGuidance(self.min_size, self.max_size, self.name)


class MeetingTypeTable(_Coded):
    parties: list[ListedContactParty] = []
    milestone: str = ""
    assessment: bool = False
    exit_without_capacity: str = ""

    @model_validator(mode="after")
    def _capacity_needs_an_assessment(self) -> MeetingTypeTable:
        if self.exit_without_capacity and not self.assessment:
            raise problem("only for an assessment", at="exit_without_capacity")
        return self

    def definition(self) -> MeetingType:
        return MeetingType(**_fields(self))


class ReportingTable(_Table):
    before: AgencyKind
    after: AgencyKind
    switch: str

    def definition(self) -> Reporting:
        return Reporting(self.before, self.after, self.switch)


class FinalDocumentationTable(_Table):
    approvals: list[ListedAgencyKind] = []


class GroupActivityTable(_Coded, _GroupSizes):
    weeks: int

    def definition(self) -> GroupActivity:
        return GroupActivity(**_fields(self))


class SurveyWaveTable(_Table):
    instrument: str
    wave: str
    name: TextsField
    # The checklist item answering ticks, and the deadline (expecting that item) that schedules it.
    checklist: str
    deadline: str

    def definition(self) -> SurveyWave:
        return SurveyWave(**_fields(self))


def _some_exit_reason(reasons: list[ExitReasonTable]) -> list[ExitReasonTable]:
    if not reasons:
        raise problem("at least one exit reason is needed")
    return reasons


class ProgrammeFile(_Table):
    """One programme definition file, ``programmes/<code>.toml``."""

    code: str
    version: int
    name: TextsField
    # The name people use where space is short (a column of the unit board): "AMiA", "KNUT-PV".
    short_name: TextsField | None = None
    description: TextsField
    start_phase: str
    requires_consent: list[ListedConsentKind] = []
    baseline_fields: list[ListedBaselineField] = []
    group_based: bool = False
    group: GroupTable | None = None
    follow_along: bool = False
    records_benefits: bool = False
    time_reports: bool = False
    phases: Coded[PhaseTable]
    transitions: list[TransitionTable]
    milestones: Coded[MilestoneTable]
    unit_settings: Coded[UnitSettingTable] = []
    timeline: Coded[TimelinePointTable] = []
    deadlines: Annotated[list[DeadlineTable], AfterValidator(_unique_codes)]
    end_states: Coded[NamedTable] = []
    exit_reasons: Annotated[Coded[ExitReasonTable], AfterValidator(_some_exit_reason)]
    flow: FlowTable = FlowTable()
    follow_ups: Coded[FollowUpTable] = []
    decline_reasons: Coded[NamedTable] = []
    meeting_types: Coded[MeetingTypeTable] = []
    responsible_pair: list[ListedAgencyKind] = []
    final_documentation: FinalDocumentationTable = FinalDocumentationTable()
    reporting: ReportingTable | None = None
    group_activities: Coded[GroupActivityTable] = []
    survey_waves: list[SurveyWaveTable] = []

    @model_validator(mode="after")
    def _one_terminal_phase(self) -> ProgrammeFile:
        terminal = [phase for phase in self.phases if phase.terminal]
        if len(terminal) != 1:
            raise problem(
                f"exactly one terminal phase is needed, found {len(terminal)}", at="phases"
            )
        return self

    @model_validator(mode="after")
    def _group_guidance_if_group_based(self) -> ProgrammeFile:
        if self.group_based and self.group is None:
            raise problem("missing", at="group")
        return self

    @model_validator(mode="after")
    def _references_hold(self) -> ProgrammeFile:
        _check_references(self)
        return self

    def to_programme(self) -> Programme:
        phases = {phase.code: phase.definition() for phase in self.phases}
        end_states = {state.code: state.definition() for state in self.end_states}
        return Programme(
            code=self.code,
            version=self.version,
            name=self.name,
            short_name=self.short_name or self.name,
            description=self.description,
            start_phase=self.start_phase,
            requires_consent=tuple(self.requires_consent),
            baseline_fields=tuple(self.baseline_fields),
            group=self.group.definition() if self.group_based and self.group else None,
            follow_along=self.follow_along,
            phases=phases,
            transitions=_transitions(phases, self.transitions),
            milestones={m.code: m.definition() for m in self.milestones},
            deadlines={d.code: d.definition() for d in self.deadlines},
            exit_reasons={r.code: r.definition() for r in self.exit_reasons},
            end_states=end_states,
            decline_reasons={r.code: r.definition() for r in self.decline_reasons},
            flow=self.flow.definition(),
            follow_ups={f.code: f.definition(end_states.values()) for f in self.follow_ups},
            records_benefits=self.records_benefits,
            unit_settings={s.code: s.definition() for s in self.unit_settings},
            timeline={p.code: p.definition() for p in self.timeline},
            meeting_types={t.code: t.definition() for t in self.meeting_types},
            responsible_pair=tuple(self.responsible_pair),
            approvals=tuple(self.final_documentation.approvals),
            reporting=self.reporting.definition() if self.reporting else None,
            group_activities={a.code: a.definition() for a in self.group_activities},
            time_reports=self.time_reports,
            survey_waves=tuple(wave.definition() for wave in self.survey_waves),
        )


def _fields(table: _Table) -> dict[str, Any]:
    """The table's values by field name, lists as tuples, for a frozen definition object."""
    return {name: tuple(value) if isinstance(value, list) else value for name, value in table}


def _transitions(
    phases: dict[str, Phase], tables: list[TransitionTable]
) -> dict[str, dict[str, bool]]:
    """From each phase, the phases it may move to and whether the move needs a note."""
    transitions: dict[str, dict[str, bool]] = {
        code: {} for code, phase in phases.items() if not phase.terminal
    }
    for table in tables:
        sources = list(transitions) if table.source == ANY_PHASE else [table.source]
        for origin in sources:
            for target in table.to:
                if origin != target:
                    transitions[origin][target] = (
                        transitions[origin].get(target, False) or table.requires_note
                    )
    return transitions


def _known(value: str, allowed: Iterable[str], key: str, what: str) -> None:
    if value not in allowed:
        raise problem(f"unknown {what} {value!r}", at=key)


def _each_known(values: Iterable[str], allowed: Iterable[str], key: str, what: str) -> None:
    allowed = tuple(allowed)
    for index, value in enumerate(values):
        _known(value, allowed, f"{key}[{index}]", what)


def _check_references(file: ProgrammeFile) -> None:
    """Raises the first code that one table names and no other table defines."""
    _check_phases(file)
    _check_timeline(file)
    _check_deadlines(file)
    _check_endings(file)
    _check_meetings_and_reporting(file)
    _check_survey_waves(file)


def _check_phases(file: ProgrammeFile) -> None:
    phases = {phase.code: phase for phase in file.phases}
    _known(file.start_phase, phases, "start_phase", "phase")
    for index, transition in enumerate(file.transitions):
        place = f"transitions[{index}]."
        if transition.source != ANY_PHASE:
            _known(transition.source, phases, f"{place}from", "phase")
            if phases[transition.source].terminal:
                raise problem(
                    f"{transition.source!r} is terminal: use exit, not a transition",
                    at=f"{place}from",
                )
        _each_known(transition.to, phases, f"{place}to", "phase")
    reached = {file.start_phase} | {target for t in file.transitions for target in t.to}
    unreachable = {code for code, phase in phases.items() if not phase.terminal} - reached
    if unreachable:
        raise problem(f"no transition leads to {sorted(unreachable)}", at="transitions")
    for index, milestone in enumerate(file.milestones):
        derived = milestone.derived
        is_phase_entry = derived.startswith("phase:") and derived[len("phase:") :] in phases
        if derived and derived not in DERIVED_SOURCES and not is_phase_entry:
            raise problem(f"unknown source {derived!r}", at=f"milestones[{index}].derived")


def _check_timeline(file: ProgrammeFile) -> None:
    milestones = [milestone.code for milestone in file.milestones]
    settings = {setting.code: setting for setting in file.unit_settings}
    earlier: list[str] = []
    for index, point in enumerate(file.timeline):
        place = f"timeline[{index}]."
        _known(
            point.after,
            (*RECORDED_DATES, *earlier),
            f"{place}after",
            "recorded date or earlier point",
        )
        if point.setting:
            _known(point.setting, settings, f"{place}setting", "unit setting")
            if not all(isinstance(choice, int) for choice in settings[point.setting].choices):
                raise problem("the setting's choices are not months", at=f"{place}setting")
        if point.milestone:
            _known(point.milestone, milestones, f"{place}milestone", "milestone")
        earlier.append(point.code)
    if not file.records_benefits and any(point.after == "benefit_end" for point in file.timeline):
        raise problem("the timeline or a deadline counts from benefit_end", at="records_benefits")


def _check_deadlines(file: ProgrammeFile) -> None:
    phases = [phase.code for phase in file.phases]
    milestones = [milestone.code for milestone in file.milestones]
    dates = [point.code for point in file.timeline] + milestones
    checklist_items = {item.code for phase in file.phases for item in phase.checklist}
    for index, deadline in enumerate(file.deadlines):
        place = f"deadlines[{index}]."
        match deadline:
            case AfterMilestoneDeadline():
                _known(deadline.after, milestones, f"{place}after", "milestone")
            case ContactIntervalDeadline():
                _each_known(deadline.phases, phases, f"{place}phases", "phase")
            case PhaseLimitDeadline():
                _each_known(deadline.phases, phases, f"{place}phases", "phase")
                _check_closed_by(deadline.closed_by, phases, milestones, f"{place}closed_by")
            case AnchoredDeadline():
                _known(deadline.anchor, (*RECORDED_DATES, *dates), f"{place}anchor", "date")
                if deadline.anchor == "benefit_end" and not file.records_benefits:
                    raise problem(
                        "the timeline or a deadline counts from benefit_end", at="records_benefits"
                    )
            case ShareOfDurationDeadline():
                _known(deadline.after, milestones, f"{place}after", "milestone")
                _known(deadline.until, dates, f"{place}until", "date")
            case MonthlyDeadline():
                if deadline.setting:
                    _known(
                        deadline.setting,
                        [setting.code for setting in file.unit_settings],
                        f"{place}setting",
                        "unit setting",
                    )
                if deadline.record == "time_report_signed" and not file.time_reports:
                    raise problem("a deadline expects signed time reports", at="time_reports")
        if isinstance(
            deadline, AfterMilestoneDeadline | AnchoredDeadline | ShareOfDurationDeadline
        ):
            if deadline.expect.startswith(CHECKLIST_PREFIX):
                item = deadline.expect[len(CHECKLIST_PREFIX) :]
                _known(item, checklist_items, f"{place}expect", "item")
            else:
                _known(deadline.expect, milestones, f"{place}expect", "milestone")
            _check_closed_by(deadline.closed_by, phases, milestones, f"{place}closed_by")


def _check_closed_by(
    closed_by: list[str], phases: list[str], milestones: list[str], key: str
) -> None:
    for index, reference in enumerate(closed_by):
        if reference.startswith(PHASE_PREFIX):
            _known(reference[len(PHASE_PREFIX) :], phases, f"{key}[{index}]", "phase")
        else:
            _known(reference, milestones, f"{key}[{index}]", "milestone")


def _check_endings(file: ProgrammeFile) -> None:
    milestones = [milestone.code for milestone in file.milestones]
    exit_reasons = [reason.code for reason in file.exit_reasons]
    end_states = [state.code for state in file.end_states]
    for index, reason in enumerate(file.exit_reasons):
        place = f"exit_reasons[{index}].end_state"
        if reason.end_state:
            _known(reason.end_state, end_states, place, "end state")
        elif end_states:
            raise problem("missing (the model names end states)", at=place)
    for key in ("admitted", "started"):
        mark = getattr(file.flow, key)
        if mark != "start":
            _known(mark, milestones, f"flow.{key}", "milestone")
    for key in ("completed", "dropped_out", "re_referred"):
        _each_known(getattr(file.flow, key), exit_reasons, f"flow.{key}", "exit reason")
    for index, follow_up in enumerate(file.follow_ups):
        place = f"follow_ups[{index}]."
        if follow_up.after != "exit":
            _known(follow_up.after, milestones, f"{place}after", "milestone")
        if follow_up.milestone:
            _known(follow_up.milestone, milestones, f"{place}milestone", "milestone")
        if not follow_up.statuses and not end_states:
            raise problem("missing (the model names no end states)", at=f"{place}statuses")


def _check_meetings_and_reporting(file: ProgrammeFile) -> None:
    milestones = [milestone.code for milestone in file.milestones]
    exit_reasons = [reason.code for reason in file.exit_reasons]
    for index, meeting in enumerate(file.meeting_types):
        place = f"meeting_types[{index}]."
        if meeting.milestone:
            _known(meeting.milestone, milestones, f"{place}milestone", "milestone")
        if meeting.exit_without_capacity:
            _known(
                meeting.exit_without_capacity,
                exit_reasons,
                f"{place}exit_without_capacity",
                "exit reason",
            )
    if file.reporting:
        _known(file.reporting.switch, milestones, "reporting.switch", "milestone")


def _check_survey_waves(file: ProgrammeFile) -> None:
    """Each wave once, ticking a checklist item of the model, scheduled by a deadline that
    expects that very item (so answering meets it). Whether the instrument and its wave exist
    is checked by the surveys app, which pathways does not know."""
    checklist_items = {item.code for phase in file.phases for item in phase.checklist}
    deadlines = {deadline.code: deadline for deadline in file.deadlines}
    seen: set[tuple[str, str]] = set()
    for index, wave in enumerate(file.survey_waves):
        place = f"survey_waves[{index}]."
        if (wave.instrument, wave.wave) in seen:
            raise problem(f"duplicate wave {wave.instrument}:{wave.wave}", at=f"{place}wave")
        seen.add((wave.instrument, wave.wave))
        _known(wave.checklist, checklist_items, f"{place}checklist", "checklist item")
        _known(wave.deadline, deadlines, f"{place}deadline", "deadline")
        if getattr(deadlines[wave.deadline], "expect", "") != CHECKLIST_PREFIX + wave.checklist:
            raise problem(
                f"the deadline must expect 'checklist:{wave.checklist}'", at=f"{place}deadline"
            )
