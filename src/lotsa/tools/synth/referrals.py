"""Referrals between units: those the last year's cases came by, and those awaiting an
answer or declined."""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from lotsa.tools.synth.tables import Table, at

if TYPE_CHECKING:
    from lotsa.tools.synth.generate import Generator


def tables(generator: Generator) -> Iterator[Table]:
    yield referrals(generator)


# A share of the last year's cases came by referral from another unit of the same country;
# every unit also has referrals awaiting its answer and some it declined.
REFERRED_SHARE = 0.3
REFERRAL_TEXTS = {
    "SE": ("Behöver stöd att komma tillbaka till arbete efter lång sjukskrivning.",
           "Stöd mot arbete enligt programmet.", "Har haft kontakt sedan i våras."),
    "DK": ("Har brug for støtte til at komme i arbejde efter længere sygdom.",
           "Forløb efter programmet.", "Vi har haft kontakt siden foråret."),
}  # fmt: skip


# A referral's status, day of the answer, who answered, the reason of a decline, and the
# enrolment it became.
Answer = tuple[str, datetime.date | None, int | None, str, int | None]


def referrals(generator: Generator) -> Table:
    """Referrals the units sent one another: accepted ones that became the last year's
    cases, and per unit a few awaiting an answer and a few declined. Written last, so the
    tables before it stay as they were."""
    rng = generator.rng
    year_ago = generator.today - datetime.timedelta(days=365)
    units_of_country: dict[str, list[tuple[int, str, str, int]]] = {}
    for unit_row in generator.units:
        units_of_country.setdefault(unit_row[1], []).append(unit_row)

    def sender(to_unit: int, country: str) -> tuple[int, int]:
        others = [u for u in units_of_country[country] if u[0] != to_unit] or [
            u for u in generator.units if u[0] != to_unit
        ]
        unit = rng.choice(others)[0]
        return unit, rng.choice(generator.staff_of_unit[unit])

    def row(n: int, to_unit: int, country: str, model: str, sent: datetime.date,
            answer: Answer,
            participant: int | None, person: str) -> tuple[Any, ...]:  # fmt: skip
        status, decided_on, decided_by, reason, enrolment = answer
        from_unit, referred_by = sender(to_unit, country)
        needs, service, summary = REFERRAL_TEXTS[country]
        return (
            n, from_unit, referred_by, to_unit, model, participant, person, needs, service,
            summary, sent - datetime.timedelta(days=rng.randint(0, 7)), "summary", "",
            sent, at(sent, 10), status, decided_on, decided_by, reason, "", enrolment,
        )  # fmt: skip

    def described(country: str) -> str:
        male = rng.random() < 0.45
        first, last = generator.person_name(country, male)
        born = generator.day_between(datetime.date(1960, 1, 1), datetime.date(2004, 12, 31))
        return json.dumps({
            "is_anonymous": False, "identity_country": country,
            "identity_number": generator.identity_number(country, born, male),
            "first_name": first, "last_name": last, "birth_year": born.year,
        })  # fmt: skip

    rows: list[tuple[Any, ...]] = []
    for case in generator.started_cases():
        if case.referral >= year_ago and rng.random() < REFERRED_SHARE:
            answer: Answer = ("accepted", case.referral, case.staff, "", case.id)
            rows.append(row(len(rows) + 1, case.unit, case.country, case.model,
                            case.referral, answer, case.participant, "{}"))  # fmt: skip
    for unit, country, model, _organisation in generator.units:
        staff = generator.staff_of_unit[unit]
        reasons = list(generator.programmes[model].decline_reasons) or ["other"]
        for _waiting in range(rng.randint(1, 5)):
            sent = generator.today - datetime.timedelta(days=rng.randint(0, 20))
            answer = ("sent", None, None, "", None)
            rows.append(row(len(rows) + 1, unit, country, model, sent, answer, None,
                            described(country)))  # fmt: skip
        for _declined in range(rng.randint(0, 3)):
            sent = generator.day_between(year_ago, generator.today - datetime.timedelta(days=10))
            answer = ("declined", sent + datetime.timedelta(days=rng.randint(1, 9)),
                      rng.choice(staff), rng.choice(reasons), None)  # fmt: skip
            rows.append(row(len(rows) + 1, unit, country, model, sent, answer, None,
                            described(country)))  # fmt: skip
    return Table(
        "referrals_referral",
        ("id", "from_unit_id", "referred_by_id", "to_unit_id", "programme_model",
         "participant_id", "person", "stated_needs", "requested_service", "handover_summary",
         "consent_given_on", "shared_with_receiver", "report_back", "sent_on", "sent_at",
         "status", "decided_on", "decided_by_id", "decline_reason", "answer_note",
         "enrolment_id"),
        iter(rows),
    )  # fmt: skip
