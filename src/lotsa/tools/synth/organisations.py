"""Organisations, their units and staff, and the employers the units work with."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from lotsa.tools.demo.identities import DANISH_LAST, SWEDISH_LAST, danish_cvr, swedish_org_number
from lotsa.tools.synth.tables import Table, at

if TYPE_CHECKING:
    from lotsa.tools.synth.generate import Generator

COACHES_PER_UNIT = 8
# Programme models in the order units are given them: IPS is the most common.
SWEDISH_MODELS = ("ips", "ips", "amia", "knut_pv", "ips")
DANISH_MODELS = ("jom", "ips", "jom")
UNIT_NAMES = {"ips": "IPS-teamet", "amia": "AMiA", "jom": "JOM-hold", "knut_pv": "Arbetsträningen"}
SEXES = ("female", "male")  # by whether the name drawn was a man's
# Staff's job titles in each kind of unit, by role; a unit's coaches take them in turn.
_TEAM = {"supervisor": ("teamledare",), "manager": ("enhetschef",)}
TITLES: dict[str, dict[str, tuple[str, ...]]] = {
    "ips": {"coach": ("IPS-coach",), **_TEAM},
    "amia": {"coach": ("arbetskonsulent", "arbetsterapeut"), **_TEAM},
    "knut_pv": {"coach": ("arbetshandledare", "arbetshandledare", "arbetskonsulent"), **_TEAM},
    "jom": {"coach": ("virksomhedskonsulent", "underviser", "mentor"),
            "supervisor": ("teamleder",), "manager": ("afdelingsleder",)},
}  # fmt: skip


def tables(generator: Generator) -> Iterator[Table]:
    yield organisations(generator)
    yield units_table(generator)
    yield unit_programmes(generator)
    yield users(generator)
    yield memberships(generator)
    yield employers(generator)


def unique_number(generator: Generator, country: str) -> str:
    """An organisation number (or CVR) no other organisation or employer has."""
    while True:
        number = danish_cvr(generator.rng) if country == "DK" else swedish_org_number(generator.rng)
        if number not in generator.numbers_used:
            generator.numbers_used.add(number)
            return number


def organisations(generator: Generator) -> Table:
    # One organisation per three units: municipalities and regions in Sweden, municipal
    # jobcentres in Denmark.
    count = max(generator.scale.units // 3, 4)
    now = at(generator.first_day, 8)
    rows = []
    for n in range(1, count + 1):
        danish = n % 4 == 0
        kind = "jobcentre" if danish else ("region" if n % 7 == 1 else "municipality")
        number = unique_number(generator, "DK" if danish else "SE")
        place = "Jobcenter" if danish else ("Region" if kind == "region" else "Kommun")
        rows.append((n, f"{place} {n:03d}", kind, "DK" if danish else "SE", number, now, now))
    generator.organisation_country = {row[0]: row[3] for row in rows}
    return Table(
        "organisations_organisation",
        ("id", "name", "kind", "country", "organisation_number", "created_at", "updated_at"),
        iter(rows),
    )


def units_table(generator: Generator) -> Table:
    organisations = sorted(generator.organisation_country)
    rows = []
    given = {"SE": 0, "DK": 0}
    county = max(generator.scale.units // 20, 1)  # the first organisation is a whole region
    for n in range(1, generator.scale.units + 1):
        organisation = 1 if n <= county else organisations[n % (len(organisations) - 1) + 1]
        country = generator.organisation_country[organisation]
        models = DANISH_MODELS if country == "DK" else SWEDISH_MODELS
        model = models[given[country] % len(models)]
        given[country] += 1
        generator.units.append((n, country, model, organisation))
        now = at(generator.first_day, 8)
        name = f"{UNIT_NAMES[model]} {n:03d}"
        rows.append((n, organisation, name, "", True, now, now))
    return Table(
        "organisations_unit",
        (
            "id",
            "organisation_id",
            "name",
            "description",
            "is_active",
            "created_at",
            "updated_at",
        ),
        iter(rows),
    )


def unit_programmes(generator: Generator) -> Table:
    rows = (
        (unit, unit, model, "{}", COACHES_PER_UNIT * 20 if model == "knut_pv" else None, "{}")
        for unit, _country, model, _org in generator.units
    )
    return Table(
        "pathways_unitprogramme",
        ("id", "unit_id", "programme_code", "deadline_days", "places", "settings"),
        rows,
    )


def users(generator: Generator) -> Table:
    per_unit = max(generator.scale.staff // generator.scale.units, COACHES_PER_UNIT + 2)
    rows = []
    n = 0
    for unit, country, model, organisation in generator.units:
        staff = []
        for seat in range(per_unit):
            n += 1
            male = generator.rng.random() < 0.5
            first, last = generator.person_name(country, male)
            rows.append(user_row(generator, n, first, last, country, sex=SEXES[male]))
            role = "coach" if seat < per_unit - 2 else ("supervisor", "manager")[seat % 2]
            fte = Decimal(generator.rng.choice(("1.00", "1.00", "0.80", "0.50")))
            titles = TITLES[model][role]
            generator.memberships_rows.append(
                (len(generator.memberships_rows) + 1, n, unit, organisation, role, fte,
                 generator.first_day, None, titles[seat % len(titles)])
            )  # fmt: skip
            if role == "coach":
                staff.append(n)
        generator.staff_of_unit[unit] = staff
    # Two fidelity reviewers for every IPS unit; an analyst, a manager and a records officer who
    # see every unit; and an administrator: the users of the benchmarks.
    ips_units = [(u, o) for u, _c, m, o in generator.units if m == "ips"]
    everyone = [(u, o) for u, _c, _m, o in generator.units]
    for username, role, units in (
        ("synth-reviewer-1", "fidelity_reviewer", ips_units),
        ("synth-reviewer-2", "fidelity_reviewer", ips_units),
        ("synth-manager", "manager", everyone),
        ("synth-analyst", "analyst", everyone),
        ("synth-registrar", "records_officer", everyone),
        ("synth-administrator", "administrator", everyone[:1]),
    ):
        n += 1
        male = generator.rng.random() < 0.5
        first, last = generator.person_name("SE", male)
        rows.append(user_row(generator, n, first, last, "SE", username, sex=SEXES[male]))
        if role == "fidelity_reviewer":
            generator.reviewers.append(n)
        for unit, organisation in units:
            generator.memberships_rows.append(
                (len(generator.memberships_rows) + 1, n, unit, organisation, role,
                 Decimal("1.00"), generator.first_day, None, "")
            )  # fmt: skip
    return Table(
        "accounts_user",
        (
            "id", "password", "last_login", "is_superuser", "username", "first_name",
            "last_name", "email", "is_staff", "is_active", "date_joined", "title", "phone",
            "language", "daily_reminder_email", "sex",
        ),
        iter(rows),
    )  # fmt: skip


def user_row(
    generator: Generator,
    n: int,
    first: str,
    last: str,
    country: str,
    username: str = "",
    *,
    sex: str = "",
) -> tuple[Any, ...]:
    # "!" is Django's unusable password: synthetic staff cannot sign in.
    language = "da" if country == "DK" else "sv"
    joined = at(generator.first_day, 8)
    return (
        n,
        "!",
        None,
        False,
        username or f"synth{n:05d}",
        first,
        last,
        "",
        False,
        True,
        joined,
        "",
        "",
        language,
        False,
        sex,
    )


def memberships(generator: Generator) -> Table:
    return Table(
        "organisations_membership",
        ("id", "user_id", "unit_id", "employer_id", "role", "fte", "starts_on", "ends_on", "title"),
        iter(generator.memberships_rows),
    )


def employers(generator: Generator) -> Table:
    sectors = ("private", "private", "private", "public", "non_profit")
    rows = []
    for n in range(1, generator.scale.employers + 1):
        country = "DK" if n % 4 == 0 else "SE"
        number = unique_number(generator, country)
        suffix = "ApS" if country == "DK" else "AB"
        name = (
            f"{generator.rng.choice(SWEDISH_LAST if country == 'SE' else DANISH_LAST)} {n} {suffix}"
        )
        sector = generator.rng.choice(sectors)
        rows.append((n, name, country, number, sector, "", "", "", at(generator.first_day, 9)))
        generator.employers_of[country].append(n)
    return Table(
        "employment_employer",
        ("id", "name", "country", "organisation_number", "sector", "industry_code",
         "municipality", "notes", "created_at"),
        iter(rows),
    )  # fmt: skip
