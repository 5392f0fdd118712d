"""How much synthetic data each scale holds."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Scale:
    code: str
    units: int
    staff: int
    participants: int
    enrolments: int
    contacts: int
    employer_contacts: int
    employers: int
    jobs: int
    years: int = 5


NATIONAL = Scale(
    "national",
    units=300,
    staff=3_000,
    participants=300_000,
    enrolments=400_000,
    contacts=8_000_000,
    employer_contacts=1_500_000,
    employers=60_000,
    jobs=250_000,
)


def smaller(scale: Scale, code: str, factor: int) -> Scale:
    return Scale(
        code,
        units=max(scale.units // factor, 4),
        staff=max(scale.staff // factor, 40),
        participants=scale.participants // factor,
        enrolments=scale.enrolments // factor,
        contacts=scale.contacts // factor,
        employer_contacts=scale.employer_contacts // factor,
        employers=scale.employers // factor,
        jobs=scale.jobs // factor,
    )


COUNTY = smaller(NATIONAL, "county", 20)
# For the test suite: every kind of row in seconds (six units, so that every model has one), with the national caseload per coach and
# share of enrolments with a job (fewer contacts per case).
TINY = Scale(
    "tiny",
    units=6,
    staff=60,
    participants=6_000,
    enrolments=8_000,
    contacts=30_000,
    employer_contacts=4_500,
    employers=450,
    jobs=5_000,
)

SCALES = {scale.code: scale for scale in (NATIONAL, COUNTY, TINY)}
