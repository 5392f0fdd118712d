"""Matching what a participant showed at work against what a task asks (pure functions).

A requirement is met when the observed level reaches the task's level, not yet when it was
observed below it, and not observed when no observation names it. An observation ages: one
older than ``OBSERVATION_FRESH_DAYS`` is marked, since what a person manages changes ("en
bedömning är färskvara")."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

OBSERVATION_FRESH_DAYS = 90


class Result(StrEnum):
    MET = "met"
    NOT_YET = "not_yet"
    NOT_OBSERVED = "not_observed"


@dataclass(frozen=True)
class Observed:
    """What one analysis recorded for one requirement."""

    requirement: str
    observed_on: datetime.date
    observed_level: int | None
    self_rating: int | None = None
    observation: str = ""


@dataclass(frozen=True)
class MatchLine:
    requirement: str
    required_level: int
    result: Result
    observed: Observed | None
    stale: bool


def latest_per_requirement(entries: Iterable[Observed]) -> dict[str, Observed]:
    """The latest observation with a level of each requirement."""
    latest: dict[str, Observed] = {}
    for entry in entries:
        if entry.observed_level is None:
            continue
        kept = latest.get(entry.requirement)
        if kept is None or entry.observed_on > kept.observed_on:
            latest[entry.requirement] = entry
    return latest


def is_stale(observed_on: datetime.date, today: datetime.date) -> bool:
    return (today - observed_on).days > OBSERVATION_FRESH_DAYS


def match(
    requirements: Iterable[tuple[str, int]], entries: Iterable[Observed], today: datetime.date
) -> list[MatchLine]:
    """One line per requirement of the task (code, level), against the latest observations."""
    latest = latest_per_requirement(entries)
    lines = []
    for requirement, level in requirements:
        seen = latest.get(requirement)
        if seen is None or seen.observed_level is None:
            lines.append(MatchLine(requirement, level, Result.NOT_OBSERVED, None, stale=False))
            continue
        result = Result.MET if seen.observed_level >= level else Result.NOT_YET
        lines.append(MatchLine(requirement, level, result, seen, is_stale(seen.observed_on, today)))
    return lines


@dataclass(frozen=True)
class TaskSuggestion:
    task_id: int
    met: int
    not_yet: int
    not_observed: int


def suggest_tasks(
    tasks: Iterable[tuple[int, list[tuple[str, int]]]],
    entries: Iterable[Observed],
    today: datetime.date,
) -> list[TaskSuggestion]:
    """The tasks whose every requirement the fresh observations meet, then those closest to
    it (fewest not yet met), for the supervisor to suggest; tasks with nothing observed last."""
    fresh = [entry for entry in entries if not is_stale(entry.observed_on, today)]
    suggestions = []
    for task_id, requirements in tasks:
        lines = match(requirements, fresh, today)
        counts = {result: sum(line.result == result for line in lines) for result in Result}
        if counts[Result.MET] == 0:
            continue
        suggestions.append(
            TaskSuggestion(
                task_id, counts[Result.MET], counts[Result.NOT_YET], counts[Result.NOT_OBSERVED]
            )
        )
    suggestions.sort(key=lambda s: (s.not_yet, s.not_observed, -s.met, s.task_id))
    return suggestions
