"""The rules from recorded rows to the model's states, one hand-made row at a time."""

from __future__ import annotations

import datetime
from decimal import Decimal

from lotsa.socioeconomics.mapping import (
    FROM_EXIT,
    FROM_FOLLOW_UP,
    FROM_JOB,
    FULL_TIME,
    NOT_RECORDED,
    PART_TIME,
    STUDIES,
    SUBSIDISED,
    EnrolmentRow,
    FollowUpRow,
    JobRow,
    baseline_source,
    baseline_state,
    map_cohort,
    outcome_kind,
    shares_of,
)
from lotsa.socioeconomics.registry import parameter_sets

D = datetime.date
END = D(2026, 12, 31)
SE = parameter_sets().default_for("SE")
DK = parameter_sets().default_for("DK")
assert SE is not None and DK is not None


MARCH = D(2026, 3, 1)


def job(
    hours: str = "40",
    *,
    starts: datetime.date = MARCH,
    ends: datetime.date | None = None,
    form: str = "open_market",
) -> JobRow:
    return JobRow(starts, ends, Decimal(hours), form)


def row(sources=("social_assistance",), **fields) -> EnrolmentRow:
    return EnrolmentRow(1, tuple(sources), **fields)


def test_each_income_source_has_its_state_in_each_country() -> None:
    assert baseline_state(["social_assistance"], "SE", SE.states) == "forsorjningsstod"
    assert baseline_state(["sickness_benefit"], "SE", SE.states) == "sjukpenning"
    assert baseline_state(["sickness_compensation"], "SE", SE.states) == "sjukersattning"
    assert baseline_state(["activity_support"], "SE", SE.states) == "aktivitetsstod"
    assert baseline_state(["social_assistance"], "DK", DK.states) == "kontanthjaelp"
    assert baseline_state(["sickness_benefit"], "DK", DK.states) == "sygedagpenge"
    assert baseline_state(["sickness_compensation"], "DK", DK.states) == "foertidspension"
    assert baseline_state(["activity_support"], "DK", DK.states) == "ressourceforloeb"


def test_a_person_with_several_sources_counts_once_by_precedence() -> None:
    assert baseline_source(["social_assistance", "sickness_benefit"]) == "sickness_benefit"
    assert baseline_source(["social_assistance", "sickness_compensation", "activity_support"]) == (
        "sickness_compensation"
    )
    assert baseline_source(["salary", "social_assistance"]) == "social_assistance"
    assert baseline_source([]) == NOT_RECORDED
    rows = [row(["social_assistance", "sickness_benefit"])]
    mapped = map_cohort(rows, country="SE", states=SE.states, period_end=END)
    assert mapped.baseline == {"sjukpenning": 1}
    assert mapped.participants == 1


def test_sources_without_a_state_are_listed_as_not_valued_with_their_count() -> None:
    rows = [
        row(["unemployment_insurance"]),
        row(["unemployment_insurance"]),
        row(["salary"]),
        row([]),
        row(["social_assistance"]),
    ]
    mapped = map_cohort(rows, country="SE", states=SE.states, period_end=END)
    assert mapped.enrolments == 5
    assert mapped.participants == 1
    assert mapped.not_valued == {"unemployment_insurance": 2, "salary": 1, NOT_RECORDED: 1}


def test_a_state_the_set_lacks_is_not_valued() -> None:
    mapped = map_cohort([row()], country="SE", states={"sjukpenning"}, period_end=END)
    assert mapped.not_valued == {"social_assistance": 1}
    assert mapped.participants == 0


def test_a_job_held_at_the_end_of_the_period_is_work_full_or_part_time_by_hours() -> None:
    assert outcome_kind(row(jobs=(job("30"),)), END) == (FULL_TIME, FROM_JOB)
    assert outcome_kind(row(jobs=(job("29.5"),)), END) == (PART_TIME, FROM_JOB)
    assert outcome_kind(row(jobs=(job("40", form="subsidised"),)), END) == (SUBSIDISED, FROM_JOB)
    # Ended before the period's end, or an internship: not work at the end.
    assert outcome_kind(row(jobs=(job(ends=D(2026, 6, 30)),)), END) == (None, None)
    assert outcome_kind(row(jobs=(job(form="internship"),)), END) == (None, None)
    # Started after the period: not known at its end.
    assert outcome_kind(row(jobs=(job(starts=D(2027, 1, 5)),)), END) == (None, None)


def test_of_two_jobs_alike_the_outcome_does_not_depend_on_their_order() -> None:
    subsidised, ordinary = job("20", form="subsidised"), job("20", form="open_market")
    for jobs in ((subsidised, ordinary), (ordinary, subsidised)):
        assert outcome_kind(row(jobs=jobs), END) == (PART_TIME, FROM_JOB)
    # More hours win over the form; of as many hours, the later start.
    more = job("35", form="subsidised")
    assert outcome_kind(row(jobs=(ordinary, more)), END) == (SUBSIDISED, FROM_JOB)
    later = job("20", starts=D(2026, 4, 1), form="subsidised")
    assert outcome_kind(row(jobs=(later, ordinary)), END) == (SUBSIDISED, FROM_JOB)


def test_the_exit_gives_the_outcome_when_no_job_is_held() -> None:
    exited = {"end_date": D(2026, 9, 30)}
    assert outcome_kind(row(exit_outcome="education", **exited), END) == (STUDIES, FROM_EXIT)
    # Work without a job on record is part-time; with one held at the exit, by its hours.
    assert outcome_kind(row(exit_outcome="work", **exited), END) == (PART_TIME, FROM_EXIT)
    worked = job(ends=D(2026, 9, 30))
    assert outcome_kind(row(exit_outcome="work", jobs=(worked,), **exited), END) == (
        FULL_TIME,
        FROM_EXIT,
    )
    assert outcome_kind(row(exit_outcome="other", **exited), END) == (None, FROM_EXIT)
    # An exit after the period is not known at its end.
    late = {"end_date": D(2027, 2, 1)}
    assert outcome_kind(row(exit_outcome="work", **late), END) == (None, None)


def test_a_follow_up_status_wins_over_the_exit_and_the_jobs() -> None:
    exited = {"end_date": D(2026, 3, 31), "exit_outcome": "work"}
    later = (FollowUpRow("other", D(2026, 9, 30)),)
    assert outcome_kind(row(follow_ups=later, jobs=(job(),), **exited), END) == (
        None,
        FROM_FOLLOW_UP,
    )
    studies = (FollowUpRow("education", D(2026, 9, 30)),)
    assert outcome_kind(row(follow_ups=studies, **exited), END) == (STUDIES, FROM_FOLLOW_UP)
    working = (FollowUpRow("job", D(2026, 9, 30)),)
    assert outcome_kind(row(follow_ups=working, jobs=(job("35"),)), END) == (
        FULL_TIME,
        FROM_FOLLOW_UP,
    )
    # A follow-up after the period's end is not known at it.
    future = (FollowUpRow("other", D(2027, 3, 1)),)
    assert outcome_kind(row(follow_ups=future, jobs=(job(),)), END) == (FULL_TIME, FROM_JOB)


def test_the_cohort_counts_outcomes_by_state_and_those_the_set_cannot_value() -> None:
    rows = [
        row(jobs=(job("40"),)),
        row(jobs=(job("20"),)),
        row(exit_outcome="education", end_date=D(2026, 5, 1)),
        row(["sickness_benefit"]),
    ]
    se = map_cohort(rows, country="SE", states=SE.states, period_end=END)
    assert se.baseline == {"forsorjningsstod": 3, "sjukpenning": 1}
    assert se.outcomes == {"arbete_heltid": 1, "arbete_deltid_50": 1}
    # The Swedish default set has no studies state: counted, not valued.
    assert se.outcomes_not_valued == {"studier_csn": 1}
    assert se.outcome_sources == {FROM_JOB: 2, FROM_EXIT: 1}
    assert se.outcome_shares() == {
        "arbete_heltid": Decimal("0.25"),
        "arbete_deltid_50": Decimal("0.25"),
    }
    dk = map_cohort(rows, country="DK", states=DK.states, period_end=END)
    assert dk.outcomes == {"job": 2}


def test_shares_of_a_mix_add_up_to_exactly_one() -> None:
    shares = shares_of({"a": 1, "b": 1, "c": 1}, 3)
    assert sum(shares.values()) == 1
    assert shares["a"] == Decimal(1) / 3
