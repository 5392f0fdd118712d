"""Programme models as data: loading and validating the definition files.

The format is described in docs/programme-models.md. A file that does not hold together raises
``DefinitionError`` naming the file and the key, and the application refuses to start.
"""

from __future__ import annotations

import datetime
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import get_language

from lotsa.dates import add_months, days_after

LANGUAGES = ("sv", "da", "en")
ANY_PHASE = "*"
OUTCOME_CLASSES = (
    "work",
    "education",
    "other_programme",
    "sickness_benefit",
    "sickness_compensation",
    "social_assistance",
    "moved",
    "withdrew_consent",
    "deceased",
    "other",
)
CONSENT_KINDS = (
    "participation",
    "statistics",
    "survey",
    "information_sharing",
    "disability_coding",
)
BASELINE_FIELDS = ("income_sources", "employment_status", "education_level")
CONTACT_PARTIES = ("participant", "treatment_team", "employer", "fk", "af", "family", "other")
CONTACT_MODES = ("face_to_face", "phone", "video", "message")
DERIVED_SOURCES = (
    "referral",
    "start",
    "first_contact",
    "exit",
    "employer_contact",
    "job_start",
    "competitive_job_start",
    "profile",
    "final_documentation",
)
DEADLINE_KINDS = (
    "after_milestone",
    "contact_interval",
    "anchored",
    "share_of_duration",
    "monthly",
)
# Dates recorded on an enrolment that a timeline or a deadline may count from.
RECORDED_DATES = ("benefit_end",)
# Records kept month by month that a monthly deadline may expect.
MONTHLY_RECORDS = ("time_report_signed",)
# Kinds of organisation whose staff may be named in a model's responsible pair, approvals and
# reporting (the codes of organisations.Organisation.Kind).
AGENCY_KINDS = (
    "municipality",
    "region",
    "forsakringskassan",
    "arbetsformedlingen",
    "jobcentre",
    "coordination_association",
    "provider",
    "other",
)
LAST_DAY = "last"
CHECKLIST_PREFIX = "checklist:"


class DefinitionError(ImproperlyConfigured):
    """A programme definition file is broken; the message names the file and the key."""


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
    or ``checklist:<item>``; ``setting`` names a unit setting that replaces ``due_day``."""

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
class GroupGuidance:
    min_size: int
    max_size: int
    name: Texts


@dataclass(frozen=True)
class Programme:
    code: str
    version: int
    name: Texts
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

    def derived_milestone(self, source: str) -> str | None:
        return next((m.code for m in self.milestones.values() if m.derived == source), None)


class _Reader:
    """Reads one file, collecting the key path so errors can say where they are."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, key: str, problem: str) -> DefinitionError:
        return DefinitionError(f"{self.path.name}: {key}: {problem}")

    def get(
        self,
        table: dict[str, Any],
        key: str,
        where: str,
        kind: type | tuple[type, ...],
        default: Any = ...,
    ) -> Any:
        if key not in table:
            if default is ...:
                raise self.fail(f"{where}{key}", "missing")
            return default
        value = table[key]
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise self.fail(
                f"{where}{key}", f"expected {getattr(kind, '__name__', kind)}, found {value!r}"
            )
        return value

    def texts(self, table: dict[str, Any], key: str, where: str) -> Texts:
        value = self.get(table, key, where, dict)
        for language in LANGUAGES:
            text = value.get(language)
            if not isinstance(text, str) or not text.strip():
                raise self.fail(f"{where}{key}.{language}", "missing text")
        return Texts(sv=value["sv"], da=value["da"], en=value["en"])

    def codes(self, items: list[Any], where: str) -> list[tuple[str, dict[str, Any], str]]:
        seen: set[str] = set()
        result = []
        for index, item in enumerate(items):
            place = f"{where}[{index}]."
            if not isinstance(item, dict):
                raise self.fail(f"{where}[{index}]", "expected a table")
            code = self.get(item, "code", place, str)
            if code in seen:
                raise self.fail(f"{place}code", f"duplicate code {code!r}")
            seen.add(code)
            result.append((code, item, place))
        return result

    def member(self, value: str, allowed: Iterable[str], key: str, what: str) -> str:
        if value not in allowed:
            raise self.fail(key, f"unknown {what} {value!r}")
        return value


def load_programme(path: Path) -> Programme:
    """Parse and validate one definition file."""
    reader = _Reader(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise DefinitionError(f"{path.name}: not valid TOML: {error}") from None
    code = reader.get(data, "code", "", str)
    if path.stem != code:
        raise reader.fail("code", f"{code!r} does not match the file name")

    phases = {}
    for phase_code, item, place in reader.codes(reader.get(data, "phases", "", list), "phases"):
        checklist = tuple(
            ChecklistItem(item_code, reader.texts(entry, "name", entry_place))
            for item_code, entry, entry_place in reader.codes(
                reader.get(item, "checklist", place, list, []), f"{place}checklist"
            )
        )
        phases[phase_code] = Phase(
            code=phase_code,
            name=reader.texts(item, "name", place),
            description=reader.texts(item, "description", place),
            terminal=reader.get(item, "terminal", place, bool, False),
            checklist=checklist,
        )
    terminal = [p for p in phases.values() if p.terminal]
    if len(terminal) != 1:
        raise reader.fail("phases", f"exactly one terminal phase is needed, found {len(terminal)}")
    start_phase = reader.member(
        reader.get(data, "start_phase", "", str), phases, "start_phase", "phase"
    )

    transitions: dict[str, dict[str, bool]] = {p: {} for p in phases if not phases[p].terminal}
    for index, item in enumerate(reader.get(data, "transitions", "", list)):
        place = f"transitions[{index}]."
        source = reader.get(item, "from", place, str)
        sources = (
            list(transitions)
            if source == ANY_PHASE
            else [reader.member(source, phases, f"{place}from", "phase")]
        )
        if source != ANY_PHASE and phases[source].terminal:
            raise reader.fail(f"{place}from", f"{source!r} is terminal: use exit, not a transition")
        requires_note = reader.get(item, "requires_note", place, bool, False)
        for target_index, target in enumerate(reader.get(item, "to", place, list)):
            reader.member(target, phases, f"{place}to[{target_index}]", "phase")
            for origin in sources:
                if origin != target:
                    transitions[origin][target] = (
                        transitions[origin].get(target, False) or requires_note
                    )

    milestones = {}
    for milestone_code, item, place in reader.codes(
        reader.get(data, "milestones", "", list), "milestones"
    ):
        derived = reader.get(item, "derived", place, str, "")
        is_phase_entry = derived.startswith("phase:") and derived[6:] in phases
        if derived and derived not in DERIVED_SOURCES and not is_phase_entry:
            raise reader.fail(f"{place}derived", f"unknown source {derived!r}")
        milestones[milestone_code] = Milestone(
            milestone_code, reader.texts(item, "name", place), derived
        )

    checklist_codes = {item.code for phase in phases.values() for item in phase.checklist}
    unit_settings = _unit_settings(reader, data)
    timeline = _timeline(reader, data, milestones, unit_settings)
    deadlines = {}
    for deadline_code, item, place in reader.codes(
        reader.get(data, "deadlines", "", list), "deadlines"
    ):
        kind = reader.member(
            reader.get(item, "kind", place, str), DEADLINE_KINDS, f"{place}kind", "deadline kind"
        )
        # An interval between contacts has to be given; other rules may count in months.
        days = reader.get(item, "days", place, int, ... if kind == "contact_interval" else 0)
        if days < 0:
            raise reader.fail(f"{place}days", "must not be negative")
        deadline = Deadline(
            code=deadline_code, name=reader.texts(item, "name", place), kind=kind, days=days
        )

        def expected(item: dict[str, Any] = item, place: str = place) -> str:
            expect = reader.get(item, "expect", place, str)
            if expect.startswith(CHECKLIST_PREFIX):
                reader.member(
                    expect[len(CHECKLIST_PREFIX) :], checklist_codes, f"{place}expect", "item"
                )
                return expect
            return reader.member(expect, milestones, f"{place}expect", "milestone")

        if kind == "after_milestone":
            deadline = replace(
                deadline,
                after=reader.member(
                    reader.get(item, "after", place, str), milestones, f"{place}after", "milestone"
                ),
                months=reader.get(item, "months", place, int, 0),
                expect=expected(),
            )
        elif kind == "contact_interval":
            in_phases = reader.get(item, "phases", place, list)
            for i, phase in enumerate(in_phases):
                reader.member(phase, phases, f"{place}phases[{i}]", "phase")
            parties = reader.get(item, "with", place, list, [])
            for i, party in enumerate(parties):
                reader.member(party, CONTACT_PARTIES, f"{place}with[{i}]", "contact party")
            modes = reader.get(item, "modes", place, list, [])
            for i, mode in enumerate(modes):
                reader.member(mode, CONTACT_MODES, f"{place}modes[{i}]", "contact mode")
            deadline = replace(
                deadline, phases=tuple(in_phases), with_parties=tuple(parties), modes=tuple(modes)
            )
        elif kind == "anchored":
            anchors = (*RECORDED_DATES, *timeline, *milestones)
            deadline = replace(
                deadline,
                anchor=reader.member(
                    reader.get(item, "anchor", place, str), anchors, f"{place}anchor", "date"
                ),
                months=reader.get(item, "months", place, int, 0),
                expect=expected(),
            )
        elif kind == "share_of_duration":
            share = reader.get(item, "share", place, float)
            if not 0 < share < 1:
                raise reader.fail(f"{place}share", "must lie between 0 and 1")
            deadline = replace(
                deadline,
                after=reader.member(
                    reader.get(item, "after", place, str), milestones, f"{place}after", "milestone"
                ),
                until=reader.member(
                    reader.get(item, "until", place, str),
                    (*timeline, *milestones),
                    f"{place}until",
                    "date",
                ),
                share=share,
                expect=expected(),
            )
        else:
            due_day = reader.get(item, "due_day", place, (int, str))
            if due_day != LAST_DAY and not (isinstance(due_day, int) and 1 <= due_day <= 28):
                raise reader.fail(f"{place}due_day", "must be a day 1–28 or 'last'")
            setting = reader.get(item, "setting", place, str, "")
            if setting:
                reader.member(setting, unit_settings, f"{place}setting", "unit setting")
            deadline = replace(
                deadline,
                record=reader.member(
                    reader.get(item, "record", place, str),
                    MONTHLY_RECORDS,
                    f"{place}record",
                    "monthly record",
                ),
                due_day=due_day,
                setting=setting,
            )
        deadlines[deadline_code] = deadline

    end_states = {
        state_code: Named(state_code, reader.texts(item, "name", place))
        for state_code, item, place in reader.codes(
            reader.get(data, "end_states", "", list, []), "end_states"
        )
    }
    exit_reasons = {}
    for reason_code, item, place in reader.codes(
        reader.get(data, "exit_reasons", "", list), "exit_reasons"
    ):
        outcome = reader.member(
            reader.get(item, "outcome", place, str),
            OUTCOME_CLASSES,
            f"{place}outcome",
            "outcome class",
        )
        end_state = reader.get(item, "end_state", place, str, "")
        if end_state:
            reader.member(end_state, end_states, f"{place}end_state", "end state")
        elif end_states:
            raise reader.fail(f"{place}end_state", "missing (the model names end states)")
        exit_reasons[reason_code] = ExitReason(
            reason_code, reader.texts(item, "name", place), outcome, end_state
        )
    if not exit_reasons:
        raise reader.fail("exit_reasons", "at least one exit reason is needed")
    flow = _flow(reader, reader.get(data, "flow", "", dict, {}), milestones, exit_reasons)
    follow_ups = _follow_ups(reader, data, milestones, end_states)
    decline_reasons = {
        reason_code: Named(reason_code, reader.texts(item, "name", place))
        for reason_code, item, place in reader.codes(
            reader.get(data, "decline_reasons", "", list, []), "decline_reasons"
        )
    }

    consents = reader.get(data, "requires_consent", "", list, [])
    for i, kind in enumerate(consents):
        reader.member(kind, CONSENT_KINDS, f"requires_consent[{i}]", "consent kind")
    baseline = reader.get(data, "baseline_fields", "", list, [])
    for i, name in enumerate(baseline):
        reader.member(name, BASELINE_FIELDS, f"baseline_fields[{i}]", "baseline field")
    group = None
    if reader.get(data, "group_based", "", bool, False):
        table = reader.get(data, "group", "", dict)
        group = GroupGuidance(
            min_size=reader.get(table, "min_size", "group.", int),
            max_size=reader.get(table, "max_size", "group.", int),
            name=reader.texts(table, "name", "group."),
        )
        if group.min_size > group.max_size:
            raise reader.fail("group.min_size", "is larger than max_size")
    records_benefits = reader.get(data, "records_benefits", "", bool, False)
    counts_from_benefits = any(p.after == "benefit_end" for p in timeline.values()) or any(
        d.anchor == "benefit_end" for d in deadlines.values()
    )
    if counts_from_benefits and not records_benefits:
        raise reader.fail("records_benefits", "the timeline or a deadline counts from benefit_end")
    time_reports = reader.get(data, "time_reports", "", bool, False)
    if any(d.record == "time_report_signed" for d in deadlines.values()) and not time_reports:
        raise reader.fail("time_reports", "a deadline expects signed time reports")
    unreachable = (
        set(phases) - {start_phase} - {t for targets in transitions.values() for t in targets}
    )
    unreachable -= {p.code for p in terminal}
    if unreachable:
        raise reader.fail("transitions", f"no transition leads to {sorted(unreachable)}")
    return Programme(
        code=code,
        version=reader.get(data, "version", "", int),
        name=reader.texts(data, "name", ""),
        description=reader.texts(data, "description", ""),
        start_phase=start_phase,
        requires_consent=tuple(consents),
        baseline_fields=tuple(baseline),
        group=group,
        follow_along=reader.get(data, "follow_along", "", bool, False),
        phases=phases,
        transitions=transitions,
        milestones=milestones,
        deadlines=deadlines,
        exit_reasons=exit_reasons,
        end_states=end_states,
        decline_reasons=decline_reasons,
        flow=flow,
        follow_ups=follow_ups,
        records_benefits=records_benefits,
        unit_settings=unit_settings,
        timeline=timeline,
        meeting_types=_meeting_types(reader, data, milestones, exit_reasons),
        responsible_pair=_agencies(reader, data, "responsible_pair", ""),
        approvals=_agencies(
            reader,
            reader.get(data, "final_documentation", "", dict, {}),
            "approvals",
            "final_documentation.",
        ),
        reporting=_reporting(reader, data, milestones),
        group_activities=_group_activities(reader, data),
        time_reports=time_reports,
    )


def _unit_settings(reader: _Reader, data: dict[str, Any]) -> dict[str, UnitSetting]:
    settings = {}
    for code, item, place in reader.codes(
        reader.get(data, "unit_settings", "", list, []), "unit_settings"
    ):
        choices = tuple(reader.get(item, "choices", place, list))
        if not choices or not all(isinstance(c, int | str) for c in choices):
            raise reader.fail(f"{place}choices", "expected a list of numbers or codes")
        default = reader.get(item, "default", place, (int, str))
        if default not in choices:
            raise reader.fail(f"{place}default", f"{default!r} is not one of the choices")
        settings[code] = UnitSetting(code, reader.texts(item, "name", place), choices, default)
    return settings


def _timeline(
    reader: _Reader,
    data: dict[str, Any],
    milestones: dict[str, Milestone],
    unit_settings: dict[str, UnitSetting],
) -> dict[str, TimelinePoint]:
    points: dict[str, TimelinePoint] = {}
    for code, item, place in reader.codes(reader.get(data, "timeline", "", list, []), "timeline"):
        after = reader.member(
            reader.get(item, "after", place, str),
            (*RECORDED_DATES, *points),
            f"{place}after",
            "recorded date or earlier point",
        )
        setting = reader.get(item, "setting", place, str, "")
        if setting:
            reader.member(setting, unit_settings, f"{place}setting", "unit setting")
            if not all(isinstance(c, int) for c in unit_settings[setting].choices):
                raise reader.fail(f"{place}setting", "the setting's choices are not months")
        milestone = reader.get(item, "milestone", place, str, "")
        if milestone:
            reader.member(milestone, milestones, f"{place}milestone", "milestone")
        points[code] = TimelinePoint(
            code=code,
            name=reader.texts(item, "name", place),
            after=after,
            months=reader.get(item, "months", place, int, 0),
            days=reader.get(item, "days", place, int, 0),
            setting=setting,
            milestone=milestone,
        )
    return points


def _meeting_types(
    reader: _Reader,
    data: dict[str, Any],
    milestones: dict[str, Milestone],
    exit_reasons: dict[str, ExitReason],
) -> dict[str, MeetingType]:
    types = {}
    for code, item, place in reader.codes(
        reader.get(data, "meeting_types", "", list, []), "meeting_types"
    ):
        parties = reader.get(item, "parties", place, list, [])
        for i, party in enumerate(parties):
            reader.member(party, CONTACT_PARTIES, f"{place}parties[{i}]", "contact party")
        milestone = reader.get(item, "milestone", place, str, "")
        if milestone:
            reader.member(milestone, milestones, f"{place}milestone", "milestone")
        assessment = reader.get(item, "assessment", place, bool, False)
        exit_reason = reader.get(item, "exit_without_capacity", place, str, "")
        if exit_reason:
            if not assessment:
                raise reader.fail(f"{place}exit_without_capacity", "only for an assessment")
            reader.member(exit_reason, exit_reasons, f"{place}exit_without_capacity", "exit reason")
        types[code] = MeetingType(
            code=code,
            name=reader.texts(item, "name", place),
            parties=tuple(parties),
            milestone=milestone,
            assessment=assessment,
            exit_without_capacity=exit_reason,
        )
    return types


def _agencies(reader: _Reader, table: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    kinds = reader.get(table, key, where, list, [])
    for i, kind in enumerate(kinds):
        reader.member(kind, AGENCY_KINDS, f"{where}{key}[{i}]", "kind of organisation")
    return tuple(kinds)


def _reporting(
    reader: _Reader, data: dict[str, Any], milestones: dict[str, Milestone]
) -> Reporting | None:
    table = reader.get(data, "reporting", "", dict, None)
    if table is None:
        return None
    return Reporting(
        before=reader.member(
            reader.get(table, "before", "reporting.", str),
            AGENCY_KINDS,
            "reporting.before",
            "kind of organisation",
        ),
        after=reader.member(
            reader.get(table, "after", "reporting.", str),
            AGENCY_KINDS,
            "reporting.after",
            "kind of organisation",
        ),
        switch=reader.member(
            reader.get(table, "switch", "reporting.", str),
            milestones,
            "reporting.switch",
            "milestone",
        ),
    )


def _group_activities(reader: _Reader, data: dict[str, Any]) -> dict[str, GroupActivity]:
    activities = {}
    for code, item, place in reader.codes(
        reader.get(data, "group_activities", "", list, []), "group_activities"
    ):
        activity = GroupActivity(
            code=code,
            name=reader.texts(item, "name", place),
            min_size=reader.get(item, "min_size", place, int),
            max_size=reader.get(item, "max_size", place, int),
            weeks=reader.get(item, "weeks", place, int),
        )
        if activity.min_size > activity.max_size:
            raise reader.fail(f"{place}min_size", "is larger than max_size")
        activities[code] = activity
    return activities


def _flow(
    reader: _Reader,
    table: dict[str, Any],
    milestones: dict[str, Milestone],
    exit_reasons: dict[str, ExitReason],
) -> Flow:
    marks = {}
    for key in ("admitted", "started"):
        mark = reader.get(table, key, "flow.", str, "start")
        if mark != "start":
            reader.member(mark, milestones, f"flow.{key}", "milestone")
        marks[key] = mark
    reasons = {}
    for key in ("completed", "dropped_out", "re_referred"):
        codes = reader.get(table, key, "flow.", list, [])
        for i, reason in enumerate(codes):
            reader.member(reason, exit_reasons, f"flow.{key}[{i}]", "exit reason")
        reasons[key] = tuple(codes)
    return Flow(**marks, **reasons)


def _follow_ups(
    reader: _Reader,
    data: dict[str, Any],
    milestones: dict[str, Milestone],
    end_states: dict[str, Named],
) -> dict[str, FollowUp]:
    follow_ups = {}
    for code, item, place in reader.codes(
        reader.get(data, "follow_ups", "", list, []), "follow_ups"
    ):
        after = reader.get(item, "after", place, str)
        if after != "exit":
            reader.member(after, milestones, f"{place}after", "milestone")
        milestone = reader.get(item, "milestone", place, str, "")
        if milestone:
            reader.member(milestone, milestones, f"{place}milestone", "milestone")
        listed = reader.get(item, "statuses", place, list, [])
        if listed:
            statuses = {
                status: FollowUpStatus(
                    status,
                    reader.texts(entry, "name", where),
                    reader.get(entry, "positive", where, bool, False),
                )
                for status, entry, where in reader.codes(listed, f"{place}statuses")
            }
        elif end_states:
            statuses = {
                state.code: FollowUpStatus(state.code, state.name, False)
                for state in end_states.values()
            }
        else:
            raise reader.fail(f"{place}statuses", "missing (the model names no end states)")
        follow_ups[code] = FollowUp(
            code=code,
            name=reader.texts(item, "name", place),
            after=after,
            days=reader.get(item, "days", place, int, 0),
            months=reader.get(item, "months", place, int, 0),
            milestone=milestone,
            statuses=statuses,
        )
    return follow_ups


@dataclass
class Registry:
    """The programme models an installation runs, by code."""

    programmes: dict[str, Programme] = field(default_factory=dict)

    @classmethod
    def from_directory(cls, directory: Path) -> Registry:
        loaded = [load_programme(path) for path in sorted(directory.glob("*.toml"))]
        if not loaded:
            raise DefinitionError(f"no programme definitions in {directory.name}/")
        return cls({programme.code: programme for programme in loaded})

    def get(self, code: str) -> Programme | None:
        return self.programmes.get(code)

    def choices(self) -> list[tuple[str, str]]:
        return [(code, str(programme.name)) for code, programme in self.programmes.items()]


_registry: Registry | None = None


def registry() -> Registry:
    """The installation's programme models, loaded (and validated) once."""
    global _registry  # noqa: PLW0603 - one registry per process, loaded at start-up
    if _registry is None:
        from django.conf import settings

        _registry = Registry.from_directory(Path(settings.PROGRAMME_DEFINITIONS_DIR))
    return _registry
