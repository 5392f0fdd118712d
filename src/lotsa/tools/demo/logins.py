"""What each demo login is, told from the login's own memberships: its role, the kind of
organisation that employs it and the programme model its unit runs. Nothing here names a login,
so a change to the demo's staff changes what is printed with it."""

from __future__ import annotations

from dataclasses import dataclass

from lotsa.accounts.models import User
from lotsa.core.choices import Country
from lotsa.organisations.models import Membership, Organisation, Role

# The work title of a caseworker by the agency that employs them, where the agency gives it...
AGENCY_CASEWORKERS = {
    Organisation.Kind.FORSAKRINGSKASSAN: "FK caseworker (Försäkringskassan)",
    Organisation.Kind.ARBETSFORMEDLINGEN: "AF caseworker (Arbetsförmedlingen)",
    Organisation.Kind.JOBCENTRE: "jobcentre coach",
}
# ...and otherwise by the programme model the unit runs.
PROGRAMME_CASEWORKERS = {
    "ips": "IPS employment specialist",
    "jom": "JOM coach",
    "knut_pv": "KNUT work supervisor",
    "amia": "AMiA caseworker",
}
PROGRAMME_NAMES = {"ips": "IPS", "jom": "JOM", "knut_pv": "KNUT-PV", "amia": "AMiA"}
ROLE_TITLES = {
    Role.SUPERVISOR: "Team leader",
    Role.MANAGER: "Manager",
    Role.FIDELITY_REVIEWER: "Fidelity reviewer",
    Role.ANALYST: "Analyst",
    Role.ADMINISTRATOR: "Administrator",
    Role.RECORDS_OFFICER: "Records officer (access requests)",
    Role.COORDINATOR: "Survey coordinator (issues survey IDs)",
}


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    unit: str


def _programmes(memberships: list[Membership]) -> list[str]:
    codes = {p.programme_code for m in memberships for p in m.unit.programmes.all()}
    return [PROGRAMME_NAMES.get(code, code) for code in sorted(codes)]


def _caseworker_title(membership: Membership) -> str:
    employer = membership.employer
    title = AGENCY_CASEWORKERS.get(Organisation.Kind(employer.kind))
    if title is None:
        codes = [p.programme_code for p in membership.unit.programmes.all()]
        title = PROGRAMME_CASEWORKERS.get(codes[0], "caseworker") if codes else "caseworker"
    if employer.country == Country.DENMARK:
        title = f"Danish {title}"
    return title[0].upper() + title[1:]


def describe(user: User) -> DemoLogin:
    """The login's role as a newcomer would call it, and where it works."""
    memberships = list(
        user.memberships.select_related("unit__organisation", "employer")
        .prefetch_related("unit__programmes")
        .order_by("pk")
    )
    first = memberships[0]
    if first.role == Role.COACH:
        role = _caseworker_title(first)
    else:
        role = ROLE_TITLES[Role(first.role)]
        programmes = _programmes(memberships)
        if first.role in (Role.SUPERVISOR, Role.FIDELITY_REVIEWER) and programmes:
            role = f"{role} ({', '.join(programmes)})"
        elif first.role != Role.ADMINISTRATOR:
            role = f"{role} ({first.employer.name})"
    units = {m.unit.name: None for m in memberships}
    where = next(iter(units)) if len(units) == 1 else f"{len(units)} units"
    return DemoLogin(user.username, role, where)
