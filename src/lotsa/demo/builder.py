"""A reproducible synthetic dataset for trying Lotsa: organisations in Sweden and Denmark,
units running the four programme models, staff with logins and 600 participants.

Every person is invented: names are drawn at random from common first and last names, and
identity numbers are generated to be valid in form (date, check digit) without belonging to
anyone known. All writes go through the real services, so the audit trail is real too.
"""

from __future__ import annotations

import datetime
import random
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone
from stdnum import luhn

from lotsa.accounts.models import User
from lotsa.accounts.services import save_language, save_staff
from lotsa.casework.services import record_contact
from lotsa.cohorts.services import add_member, create_cohort, record_attendance, schedule_session
from lotsa.core.choices import Country
from lotsa.demo.joint import JointCases
from lotsa.employment.services import record_employer_contact, register_employer, save_job
from lotsa.fidelity.scale import current_scale
from lotsa.fidelity.services import (
    agree_item,
    finalise_review,
    plan_review,
    rate_item,
    submit_ratings,
)
from lotsa.organisations.models import Membership, Organisation, Role, Unit
from lotsa.organisations.services import save_membership, save_organisation, save_unit
from lotsa.pathways.models import Enrolment, FollowUp
from lotsa.pathways.services import (
    decline_referral,
    exit_enrolment,
    follow_up_anchor,
    re_enrol,
    record_follow_up,
    record_milestone,
    save_unit_programme,
    start_enrolment,
    tick_checklist_item,
    transition_phase,
)
from lotsa.people.models import ConsentKind, Language, Participant, SharingScope
from lotsa.people.services import (
    ParticipantDetails,
    record_consent,
    register_participant,
    withdraw_consent,
)

SEED = 2026
PASSWORD = "lotsa-demo-2026"  # noqa: S105 - shared by the synthetic demo logins only
PARTICIPANTS = 600
ANONYMOUS = 12

SWEDISH_FEMALE = [
    "Anna",
    "Maria",
    "Eva",
    "Karin",
    "Sara",
    "Emma",
    "Lena",
    "Elin",
    "Hanna",
    "Ida",
    "Johanna",
    "Sofia",
    "Maja",
    "Linnea",
    "Fatima",
    "Amina",
    "Ebba",
    "Klara",
]
SWEDISH_MALE = [
    "Erik",
    "Lars",
    "Anders",
    "Johan",
    "Karl",
    "Per",
    "Nils",
    "Mikael",
    "Oskar",
    "Ali",
    "Ahmed",
    "Jonas",
    "Emil",
    "Viktor",
    "Filip",
    "Gustav",
    "Hugo",
    "Axel",
]
SWEDISH_LAST = [
    "Andersson",
    "Johansson",
    "Karlsson",
    "Nilsson",
    "Eriksson",
    "Larsson",
    "Olsson",
    "Persson",
    "Svensson",
    "Gustafsson",
    "Pettersson",
    "Jonsson",
    "Lindberg",
    "Lindqvist",
    "Berg",
    "Holm",
    "Sandberg",
    "Ek",
    "Nyström",
    "Hassan",
    "Mohammed",
    "Lundgren",
    "Åberg",
    "Öberg",
]
DANISH_FEMALE = [
    "Mette",
    "Hanne",
    "Anne",
    "Kirsten",
    "Susanne",
    "Maria",
    "Camilla",
    "Louise",
    "Sofie",
    "Ida",
    "Freja",
    "Emma",
    "Signe",
    "Line",
    "Mia",
]
DANISH_MALE = [
    "Jens",
    "Peter",
    "Lars",
    "Søren",
    "Niels",
    "Anders",
    "Mikkel",
    "Rasmus",
    "Mads",
    "Frederik",
    "Jakob",
    "Kasper",
    "Morten",
    "Oliver",
]
DANISH_LAST = [
    "Jensen",
    "Nielsen",
    "Hansen",
    "Pedersen",
    "Andersen",
    "Christensen",
    "Larsen",
    "Sørensen",
    "Rasmussen",
    "Jørgensen",
    "Madsen",
    "Kristensen",
    "Olsen",
    "Thomsen",
    "Poulsen",
    "Møller",
    "Mortensen",
    "Østergaard",
]
# Job titles with their occupation codes (SSYK 2012 in Sweden, DISCO-08 in Denmark).
DEMO_JOBS = {
    "SE": [
        ("Lagerarbetare", "4322"),
        ("Kafébiträde", "9412"),
        ("Vårdbiträde", "5330"),
        ("Parkarbetare", "6113"),
        ("Butikssäljare", "5223"),
    ],
    "DK": [
        ("Lagermedarbejder", "4321"),
        ("Kok", "5120"),
        ("Social- og sundhedshjælper", "5322"),
        ("Anlægsgartner", "6113"),
        ("Butiksassistent", "5223"),
    ],
}
SWEDISH_CITIES = [("Åsunda", "745"), ("Norrvik", "862"), ("Mälarby", "723")]
DANISH_CITIES = [("Sundby", "2300"), ("Vestby", "6700")]


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    unit: str


def second_employer(units: list[tuple[Unit, str, str]]) -> Organisation:
    """The coordination association employs the second (independent) fidelity reviewer."""
    return next(u for u, m, _c in units if not m).organisation


def ascii_name(name: str) -> str:
    """Lower-case ASCII for user names and e-mail addresses (å → a, ø → o …)."""
    folded = unicodedata.normalize("NFKD", name.lower().replace("ø", "o").replace("æ", "ae"))
    return folded.encode("ascii", "ignore").decode("ascii")


def swedish_org_number(rng: random.Random) -> str:
    body = f"{rng.choice('2589')}{rng.randint(10000, 99999)}{rng.randint(100, 999)}"
    body = body[:2] + str(rng.randint(2, 9)) + body[3:]  # third digit >= 2 marks a legal entity
    return f"{body[:6]}-{body[6:]}{luhn.calc_check_digit(body)}"


def danish_cvr(rng: random.Random) -> str:
    weights = (2, 7, 6, 5, 4, 3, 2, 1)
    while True:
        digits = [rng.randint(1, 9)] + [rng.randint(0, 9) for _ in range(6)]
        remainder = sum(w * d for w, d in zip(weights, digits, strict=False)) % 11
        check = (11 - remainder) % 11
        if check < 10:
            return "".join(map(str, digits)) + str(check)


def swedish_identity_number(
    rng: random.Random, birth: datetime.date, male: bool, coordination: bool
) -> str:
    day = birth.day + (60 if coordination else 0)
    serial = rng.randint(0, 99) * 10 + rng.choice([1, 3, 5, 7, 9] if male else [0, 2, 4, 6, 8])
    body = f"{birth:%y%m}{day:02d}{serial:03d}"
    return f"{birth.year}{body[2:6]}-{body[6:]}{luhn.calc_check_digit(body)}"


def danish_identity_number(rng: random.Random, birth: datetime.date, male: bool) -> str:
    century_digit = rng.randint(0, 3) if birth.year < 2000 else rng.randint(4, 9)
    last = rng.choice([1, 3, 5, 7, 9] if male else [0, 2, 4, 6, 8])
    return f"{birth:%d%m%y}-{century_digit}{rng.randint(0, 99):02d}{last}"


class DemoBuilder:
    def __init__(
        self,
        seed: int = SEED,
        participants: int = PARTICIPANTS,
        anonymous: int = ANONYMOUS,
        amia_cases_per_stage: int = 2,
    ) -> None:
        self.rng = random.Random(seed)
        self.amia_cases_per_stage = amia_cases_per_stage
        self.participant_count = participants
        self.exits = 0
        self.anonymous_count = anonymous
        self.today = timezone.localdate()
        self.used_numbers: set[str] = set()
        self.logins: list[DemoLogin] = []

    def build(self) -> list[DemoLogin]:
        admin = User.objects.create_superuser(
            "admin", email="", password=PASSWORD, first_name="Alva", last_name="Admin"
        )
        self.admin = admin
        orgs = self._organisations()
        units = self._units(orgs)
        coaches = self._staff(orgs, units)
        self._participants(units, coaches)
        self._joint_casework(units, coaches)
        self._cohorts(units, coaches)
        self._employment(units, coaches, orgs)
        self._fidelity(units)
        return self.logins

    def _organisations(self) -> dict[str, Organisation]:
        rng = self.rng
        spec = {
            "region": ("Region Mälarbygden", Organisation.Kind.REGION, Country.SWEDEN),
            "asunda": ("Åsunda kommun", Organisation.Kind.MUNICIPALITY, Country.SWEDEN),
            "norrvik": ("Norrviks kommun", Organisation.Kind.MUNICIPALITY, Country.SWEDEN),
            "fk": ("Försäkringskassan", Organisation.Kind.FORSAKRINGSKASSAN, Country.SWEDEN),
            "af": ("Arbetsförmedlingen", Organisation.Kind.ARBETSFORMEDLINGEN, Country.SWEDEN),
            "samordning": (
                "Samordningsförbundet Mälarbygden",
                Organisation.Kind.COORDINATION_ASSOCIATION,
                Country.SWEDEN,
            ),
            "provider_se": ("Vägval Arbetsrehab AB", Organisation.Kind.PROVIDER, Country.SWEDEN),
            "jobcentre": ("Jobcenter Sundby", Organisation.Kind.JOBCENTRE, Country.DENMARK),
            "provider_dk": ("Psykologhuset Vest ApS", Organisation.Kind.PROVIDER, Country.DENMARK),
        }
        return {
            key: save_organisation(
                actor=self.admin,
                organisation=None,
                name=name,
                kind=kind,
                country=country,
                organisation_number=swedish_org_number(rng)
                if country == Country.SWEDEN
                else danish_cvr(rng),
            )
            for key, (name, kind, country) in spec.items()
        }

    def _units(self, orgs: dict[str, Organisation]) -> list[tuple[Unit, str, str]]:
        """Units with their programme model and the country of their participants."""
        spec = [
            (
                "IPS-teamet Åsunda",
                "asunda",
                "ips",
                "Stödteam för arbete enligt IPS, knutet till psykiatrins öppenvård.",
            ),
            (
                "IPS-teamet Norrvik",
                "norrvik",
                "ips",
                "IPS-team i samverkan med regionens psykiatri.",
            ),
            (
                "Psykiatrins IPS-mottagning",
                "region",
                "ips",
                "IPS-specialister anställda av regionen.",
            ),
            (
                "AMiA Mälarbygden",
                "fk",
                "amia",
                "Gemensamt team med handläggare från Försäkringskassan och Arbetsförmedlingen.",
            ),
            (
                "AMiA Norrvik",
                "af",
                "amia",
                "Gemensamt team, finansierat via samordningsförbundet.",
            ),
            (
                "Arbetsträningen Åsunda",
                "asunda",
                "knut_pv",
                "Kommunal arbetsträning med arbetshandledare.",
            ),
            (
                "Arbetsträningen Norrvik",
                "norrvik",
                "knut_pv",
                "Praktisk arbetsträning i kommunens verksamheter.",
            ),
            (
                "JOM-hold Sundby",
                "jobcentre",
                "jom",
                "Jobrettet mestringsforløb i samarbejde med ekstern psykolog.",
            ),
            (
                "JOM Psykologhuset Vest",
                "provider_dk",
                "jom",
                "Undervisning og praktikforløb for sygemeldte borgere.",
            ),
            (
                "Lotsa förvaltning",
                "samordning",
                "",
                "Administration, uppföljning och trohetsgranskning.",
            ),
            (
                "Lokalt försäkringscenter Mälarbygden",
                "fk",
                "",
                "Försäkringskassans personliga handläggare, som remitterar till AMiA.",
            ),
        ]
        units = []
        for name, org_key, model, description in spec:
            unit = save_unit(
                actor=self.admin,
                unit=None,
                organisation=orgs[org_key],
                name=name,
                description=description,
            )
            if model:
                # One AMiA team allows 21 days for the mapping, as some teams in the reference do.
                overrides = {"mapping_completed": 21} if name == "AMiA Norrvik" else {}
                save_unit_programme(
                    actor=self.admin,
                    unit=unit,
                    programme_code=model,
                    deadline_days=overrides,
                    places=40 if model == "knut_pv" else None,
                )
            country = orgs[org_key].country
            units.append((unit, str(model), country))
        return units

    def _person_name(self, country: str, male: bool) -> tuple[str, str]:
        if country == Country.DENMARK:
            return self.rng.choice(DANISH_MALE if male else DANISH_FEMALE), self.rng.choice(
                DANISH_LAST
            )
        return self.rng.choice(SWEDISH_MALE if male else SWEDISH_FEMALE), self.rng.choice(
            SWEDISH_LAST
        )

    def _new_staff(self, username: str, country: str) -> User:
        male = self.rng.random() < 0.35
        first, last = self._person_name(country, male)
        if not username:
            username = base = f"{ascii_name(first)}.{ascii_name(last)}"
            suffix = 1
            while User.objects.filter(username=username).exists():
                suffix += 1
                username = f"{base}{suffix}"
        staff = save_staff(
            actor=self.admin,
            staff=None,
            username=username,
            first_name=first,
            last_name=last,
            email="",
            password=PASSWORD,
        )
        if country == Country.DENMARK:
            save_language(user=staff, language="da")
        return staff

    def _join(
        self, staff: User, unit: Unit, employer: Organisation, role: str, fte: str = "1.00"
    ) -> Membership:
        starts = self.today - datetime.timedelta(days=self.rng.randint(700, 1500))
        return save_membership(
            actor=self.admin,
            membership=None,
            user=staff,
            unit=unit,
            employer=employer,
            role=role,
            fte=Decimal(fte),
            starts_on=starts,
        )

    def _staff(
        self, orgs: dict[str, Organisation], units: list[tuple[Unit, str, str]]
    ) -> dict[int, list[User]]:
        """About 40 staff: coaches, a team leader per team, managers, reviewers, an analyst."""
        coaches: dict[int, list[User]] = {}
        named = {
            "IPS-teamet Åsunda": ("coach.asunda", "teamleader.asunda"),
            "IPS-teamet Norrvik": ("coach.norrvik", ""),
            "AMiA Mälarbygden": ("fk.caseworker", ""),
            "JOM-hold Sundby": ("jobcentre.sundby", ""),
            "Arbetsträningen Åsunda": ("worktrainer.asunda", ""),
        }
        for unit, model, country in units:
            if not model:
                continue
            coach_name, leader_name = named.get(unit.name, ("", ""))
            team = []
            for index in range(3):
                staff = self._new_staff(coach_name if index == 0 else "", country)
                employer = unit.organisation
                if model == "amia" and index % 2 == 1:
                    employer = orgs["af"] if unit.organisation != orgs["af"] else orgs["fk"]
                self._join(
                    staff,
                    unit,
                    employer,
                    Role.COACH,
                    self.rng.choice(["1.00", "1.00", "0.80", "0.50"]),
                )
                team.append(staff)
                if index == 0 and coach_name:
                    self.logins.append(DemoLogin(coach_name, str(Role.COACH.label), unit.name))
            leader = self._new_staff(leader_name, country)
            self._join(leader, unit, unit.organisation, Role.SUPERVISOR, "0.50")
            if leader_name:
                self.logins.append(DemoLogin(leader_name, str(Role.SUPERVISOR.label), unit.name))
            coaches[unit.pk] = team
        admin_unit = next(unit for unit, model, _c in units if not model)
        af_caseworker = self._new_staff("af.caseworker", Country.SWEDEN)
        amia = next(unit for unit, _m, _c in units if unit.name == "AMiA Mälarbygden")
        self._join(af_caseworker, amia, orgs["af"], Role.COACH)
        self.logins.append(DemoLogin("af.caseworker", str(Role.COACH.label), amia.name))
        coaches[amia.pk].append(af_caseworker)
        manager = self._new_staff("manager.asunda", Country.SWEDEN)
        for unit, _model, _country in units:
            if unit.organisation == orgs["asunda"]:
                self._join(manager, unit, orgs["asunda"], Role.MANAGER, "0.20")
        self.logins.append(DemoLogin("manager.asunda", str(Role.MANAGER.label), "Åsunda kommun"))
        for username, role in (("reviewer", Role.FIDELITY_REVIEWER), ("analyst", Role.ANALYST)):
            person = self._new_staff(username, Country.SWEDEN)
            self._join(person, admin_unit, orgs["samordning"], role, "0.50")
            self.logins.append(DemoLogin(username, str(role.label), admin_unit.name))
        self._join(self.admin, admin_unit, orgs["samordning"], Role.ADMINISTRATOR, "0.50")
        self.logins.append(DemoLogin("admin", str(Role.ADMINISTRATOR.label), admin_unit.name))
        office = next(unit for unit, _m, _c in units if unit.name.startswith("Lokalt"))
        personal = self._new_staff("fk.personal", Country.SWEDEN)
        self._join(personal, office, orgs["fk"], Role.COACH)
        self.logins.append(DemoLogin("fk.personal", str(Role.COACH.label), office.name))
        coaches[office.pk] = [personal]
        self.af_manager = self._new_staff("manager.af", Country.SWEDEN)
        self._join(self.af_manager, amia, orgs["af"], Role.MANAGER, "0.20")
        self.logins.append(DemoLogin("manager.af", str(Role.MANAGER.label), amia.name))
        return coaches

    def _birth_date(self) -> datetime.date:
        return datetime.date(1962, 1, 1) + datetime.timedelta(days=self.rng.randint(0, 365 * 42))

    def _details(self, country: str, anonymous: bool) -> ParticipantDetails:
        rng = self.rng
        male = rng.random() < 0.45
        birth = self._birth_date()
        if anonymous:
            return ParticipantDetails(
                is_anonymous=True, birth_year=birth.year, sex="male" if male else "female"
            )
        while True:
            if country == Country.DENMARK:
                number = danish_identity_number(rng, birth, male)
            else:
                number = swedish_identity_number(rng, birth, male, coordination=rng.random() < 0.04)
            if number not in self.used_numbers:
                self.used_numbers.add(number)
                break
        first, last = self._person_name(country, male)
        city, postcode = rng.choice(DANISH_CITIES if country == Country.DENMARK else SWEDISH_CITIES)
        language = Language.DANISH if country == Country.DENMARK else Language.SWEDISH
        interpreter = rng.random() < 0.07
        if interpreter:
            language = rng.choice(
                [Language.ARABIC, Language.SOMALI, Language.TIGRINYA, Language.PERSIAN]
            )
        street = rng.choice(
            ["Storgatan", "Skolvägen", "Ängsvägen", "Kirkevej", "Parkvej", "Stationsgatan"]
        )
        return ParticipantDetails(
            identity_country=country,
            identity_number=number,
            first_name=first,
            last_name=last,
            phone=f"07{rng.randint(0, 9)}-{rng.randint(100, 999)} {rng.randint(10, 99)} {rng.randint(10, 99)}"
            if country == Country.SWEDEN
            else f"{rng.randint(20, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
            email=f"{ascii_name(first)}.{ascii_name(last)}{rng.randint(1, 99)}@example.org",
            street_address=f"{street} {rng.randint(1, 80)}",
            postal_code=f"{postcode}{rng.randint(10, 99)}"
            if country == Country.SWEDEN
            else postcode,
            city=city,
            preferred_language=language,
            interpreter_needed=interpreter,
            interpreter_language=language.label if interpreter else "",
        )

    def _participants(
        self, units: list[tuple[Unit, str, str]], coaches: dict[int, list[User]]
    ) -> None:
        rng = self.rng
        # AMiA's cases are built one by one along their timeline (_joint_casework).
        working = [
            (unit, model, country) for unit, model, country in units if model not in ("", "amia")
        ]
        weights = [3 if model == "ips" else 2 for _u, model, _c in working]
        partner_orgs = list(Organisation.objects.exclude(kind=Organisation.Kind.PROVIDER))
        anonymous_at = set(rng.sample(range(self.participant_count), self.anonymous_count))
        for index in range(self.participant_count):
            unit, model, country = rng.choices(working, weights=weights)[0]
            coach = rng.choice(coaches[unit.pk])
            referral = self.today - datetime.timedelta(days=rng.randint(0, 3 * 365))
            participant = register_participant(
                actor=coach,
                details=self._details(country, index in anonymous_at),
                unit=unit,
                programme_model=model,
                referral_date=referral,
            )
            self._consents(participant, coach, referral, partner_orgs)
            self._story(participant, coach, referral)

    def _joint_casework(
        self, units: list[tuple[Unit, str, str]], coaches: dict[int, list[User]]
    ) -> None:
        """AMiA cases along their timeline, people in two organisations, referrals both ways."""
        by_name = {unit.name: unit for unit, _m, _c in units}
        joint = JointCases(self, cases_per_stage=self.amia_cases_per_stage)
        joint.unit_choices(by_name["AMiA Norrvik"])
        teams = [
            joint.team(by_name[name], coaches[by_name[name].pk])
            for name in ("AMiA Mälarbygden", "AMiA Norrvik")
        ]
        joint.amia(teams, self.af_manager)
        psychiatry = by_name["Psykiatrins IPS-mottagning"]
        office = by_name["Lokalt försäkringscenter Mälarbygden"]
        ips = by_name["IPS-teamet Åsunda"]
        joint.across(
            ips,
            User.objects.get(username="coach.asunda"),
            teams[0],
            (psychiatry, coaches[psychiatry.pk][0]),
            (office, coaches[office.pk][0]),
        )

    def _story(self, participant: Participant, coach: User, referral: datetime.date) -> None:
        """Walk the enrolment through its model as a real case would: start, phases, contacts,
        milestones, and for some an end (every exit reason occurs), a decline or a re-enrolment."""
        rng = self.rng
        enrolment = participant.enrolments.get()
        programme = enrolment.programme
        if rng.random() < 0.05 and programme.decline_reasons:
            reason = rng.choice(list(programme.decline_reasons))
            day = min(self.today, referral + datetime.timedelta(days=rng.randint(1, 10)))
            decline_referral(
                actor=coach,
                enrolment=enrolment,
                day=day,
                reason=reason,
                note="Avböjt efter första samtalet.",
            )
            return
        start = referral + datetime.timedelta(days=rng.randint(2, 14))
        if start > self.today:
            return
        start_enrolment(actor=coach, enrolment=enrolment, day=start)
        day = start
        follow_up_marks = {f.milestone for f in programme.follow_ups.values()}
        manual = [
            code
            for code, m in programme.milestones.items()
            if not m.derived and code not in follow_up_marks
        ]
        for phase in [code for code, p in programme.phases.items() if not p.terminal][1:]:
            stay_until = min(self.today, day + datetime.timedelta(days=rng.randint(14, 90)))
            day = self._contacts(enrolment, coach, day, stay_until)
            needs_note = programme.next_phases(enrolment.phase).get(phase)
            if day >= self.today or needs_note is None or rng.random() < 0.15:
                break
            if needs_note and not all(programme.next_phases(enrolment.phase).values()):
                continue  # a move that needs a joint decision (e.g. re-referral) is not the usual path
            if phase == "job_search" and rng.random() < 0.7:
                tick_checklist_item(
                    actor=coach, enrolment=enrolment, item_code="disclosure_discussion", day=day
                )
            transition_phase(
                actor=coach,
                enrolment=enrolment,
                to_phase=phase,
                day=day,
                note="Beslutat vid uppföljningsmöte.",
            )
            if manual and rng.random() < 0.9:
                record_milestone(actor=coach, enrolment=enrolment, code=manual.pop(0), day=day)
        still_working = rng.random() < 0.45
        if not still_working and day < self.today - datetime.timedelta(days=20):
            reasons = list(programme.exit_reasons)
            exit_day = day + datetime.timedelta(days=rng.randint(1, 20))
            exit_enrolment(
                actor=coach,
                enrolment=enrolment,
                day=exit_day,
                reason=reasons[self.exits % len(reasons)],
                employment_status=rng.choice(["out_of_work", "in_work"]),
                income_sources=[
                    rng.choice(
                        ["salary", "sickness_benefit", "social_assistance", "activity_support"]
                    )
                ],
            )
            self.exits += 1
            self._follow_ups(enrolment, coach)
            if rng.random() < 0.08 and exit_day < self.today - datetime.timedelta(days=60):
                re_enrol(
                    actor=coach,
                    enrolment=enrolment,
                    referral_date=exit_day + datetime.timedelta(days=rng.randint(30, 60)),
                )
            return
        if enrolment.status == "active" and rng.random() < 0.85:
            # Most open cases are worked on: contacts continue into the last months.
            self._contacts(
                enrolment, coach, max(day, self.today - datetime.timedelta(days=100)), self.today
            )
        self._follow_ups(enrolment, coach)

    def _follow_ups(self, enrolment: Any, coach: User) -> None:
        """The statuses observed at the model's follow-up points that have come, most of them
        recorded within a fortnight; about half are a positive outcome."""
        rng = self.rng
        for definition in enrolment.programme.follow_ups.values():
            anchor = follow_up_anchor(enrolment, definition)
            if (
                anchor is None
                or FollowUp.objects.filter(enrolment=enrolment, code=definition.code).exists()
            ):
                continue
            observed = definition.due(anchor) + datetime.timedelta(days=rng.randint(0, 14))
            if observed > self.today or rng.random() < 0.1:
                continue
            positive = [code for code, st in definition.statuses.items() if st.positive]
            other = [code for code, st in definition.statuses.items() if not st.positive]
            status = rng.choice(positive if positive and rng.random() < 0.55 else other or positive)
            record_follow_up(
                actor=coach, enrolment=enrolment, code=definition.code, status=status, day=observed
            )

    def _contacts(
        self, enrolment: Any, coach: User, since: datetime.date, until: datetime.date
    ) -> datetime.date:
        rng = self.rng
        day = since
        parties = {
            "amia": ["participant", "fk", "af"],
            "ips": ["participant"],
            "jom": ["participant"],
            "knut_pv": ["participant"],
        }
        while True:
            day = day + datetime.timedelta(days=rng.randint(6, 40))
            if day > until or day >= self.today:  # today's hours may still be ahead
                return until
            occurred = timezone.make_aware(
                datetime.datetime.combine(
                    day, datetime.time(rng.randint(8, 15), rng.choice([0, 15, 30]))
                )
            )
            missed = rng.random() < 0.07
            record_contact(
                actor=coach,
                enrolment=enrolment,
                occurred_at=occurred,
                outcome="missed" if missed else "held",
                mode=rng.choice(["face_to_face", "face_to_face", "phone", "video"]),
                place=rng.choice(["office", "community", "workplace", "home"]),
                parties=parties.get(enrolment.programme_model, ["participant"]),
                duration_minutes=rng.choice([30, 45, 60]),
            )
            if (
                missed
                and day + datetime.timedelta(days=2) < min(until, self.today)
                and rng.random() < 0.7
            ):
                # The team reaches out after a missed appointment, as IPS expects.
                record_contact(
                    actor=coach,
                    enrolment=enrolment,
                    occurred_at=occurred + datetime.timedelta(days=2),
                    outcome="outreach",
                    mode="phone",
                    place="office",
                    parties=["participant"],
                    duration_minutes=10,
                )

    def _cohorts(self, units: list[tuple[Unit, str, str]], coaches: dict[int, list[User]]) -> None:
        """A current cohort ("hold") in each group-based unit, with sessions and attendance."""
        rng = self.rng
        for unit, model, _country in units:
            if model not in ("jom", "knut_pv"):
                continue
            coach = coaches[unit.pk][0]
            open_enrolments = list(
                Enrolment.objects.filter(
                    unit=unit, programme_model=model, status="active"
                ).order_by("pk")[:10]
            )
            if not open_enrolments:
                continue
            starts = min(
                [*(e.start_date for e in open_enrolments), self.today - datetime.timedelta(days=35)]
            )
            cohort = create_cohort(
                actor=coach,
                unit=unit,
                programme_code=model,
                name=f"{'Hold' if model == 'jom' else 'Arbetsgrupp'} 1",
                starts_on=starts,
            )
            for enrolment in open_enrolments:
                add_member(
                    actor=coach,
                    cohort=cohort,
                    enrolment=enrolment,
                    joined_on=max(starts, enrolment.start_date),
                )
            for week in range(4, 0, -1):
                day = self.today - datetime.timedelta(days=7 * week)
                session = schedule_session(
                    actor=coach,
                    cohort=cohort,
                    starts_at=timezone.make_aware(
                        datetime.datetime.combine(day, datetime.time(9, 0))
                    ),
                    duration_minutes=180,
                    topic=rng.choice(
                        [
                            "Stresshåndtering",
                            "Mine styrker",
                            "Arbejdsmarkedet",
                            "Praktikforberedelse",
                        ]
                    ),
                )
                statuses = {
                    e.pk: rng.choices(
                        ["present", "late", "absent_notice", "absent_no_notice", "sent_home"],
                        weights=[75, 8, 9, 6, 2],
                    )[0]
                    for e in open_enrolments
                }
                record_attendance(actor=coach, session=session, statuses=statuses)

    def _employment(
        self,
        units: list[tuple[Unit, str, str]],
        coaches: dict[int, list[User]],
        orgs: dict[str, Organisation],
    ) -> None:
        """Employers, each IPS coach's job development over recent weeks, and jobs of every form."""
        rng = self.rng
        names_se = [
            "Åsunda Bygg AB",
            "Norrviks Handel AB",
            "Café Linden AB",
            "Mälarby Logistik AB",
            "Vårdhemmet Eken AB",
            "Stadsparkens Kafé",
            "Åsunda kommun, parkförvaltningen",
            "Grönt & Gott Ekonomisk förening",
        ]
        names_dk = [
            "Sundby Tømrer ApS",
            "Vestby Supermarked A/S",
            "Café Havnen ApS",
            "Sundby Kommune, vej og park",
        ]
        employers = {"SE": [], "DK": []}
        for name in names_se + names_dk:
            country = "DK" if name in names_dk else "SE"
            sector = (
                "public"
                if "kommun" in name.lower()
                else ("non_profit" if "förening" in name else "private")
            )
            employers[country].append(
                register_employer(
                    actor=coaches[next(u.pk for u, m, c in units if m and c == country)][0],
                    name=name,
                    country=country,
                    organisation_number=swedish_org_number(rng)
                    if country == "SE"
                    else danish_cvr(rng),
                    sector=sector,
                    municipality=name.split()[0],
                )
            )
        # Most IPS jobs are ordinary jobs on the open market; a few are something else.
        forms = [
            *["open_market"] * 8,
            "subsidised",
            "internship",
            "volunteer",
            "other",
        ]
        for unit, model, country in units:
            if model not in ("ips", "amia"):
                continue
            for coach in coaches[unit.pk]:
                mine = list(
                    Enrolment.objects.filter(unit=unit, responsible_staff=coach, status="active")[
                        :8
                    ]
                )
                for weeks_ago in range(8, -1, -1):
                    monday = self.today - datetime.timedelta(
                        days=self.today.weekday() + 7 * weeks_ago
                    )
                    for _visit in range(rng.randint(2, 7)):
                        day = monday + datetime.timedelta(days=rng.randint(0, 4))
                        if day > self.today:
                            continue
                        on_behalf = [
                            e
                            for e in rng.sample(mine, k=min(len(mine), rng.choice([0, 1, 1, 2])))
                            if e.referral_date <= day
                        ]
                        record_employer_contact(
                            actor=coach,
                            employer=rng.choice(employers[country]),
                            unit=unit,
                            occurred_on=day,
                            purpose=rng.choice(
                                ["first_meeting", "present_candidate", "follow_up", "information"]
                            ),
                            face_to_face=rng.random() < 0.8,
                            participant_present=bool(on_behalf) and rng.random() < 0.3,
                            enrolments=on_behalf,
                            next_step=rng.choice(
                                ["", "Ring om provanställning", "Träffa chefen igen"]
                            ),
                            next_step_on=day + datetime.timedelta(days=rng.randint(3, 14)),
                        )
                # More than half of the caseload find work in time, as in a service meeting the
                # IPS benchmarks; the rest are still looking.
                caseload = Enrolment.objects.filter(
                    unit=unit, responsible_staff=coach, status="active", start_date__isnull=False
                ).order_by("pk")
                working = [e for e in caseload if rng.random() < 0.6]
                for index, enrolment in enumerate(working):
                    starts = max(
                        enrolment.start_date + datetime.timedelta(days=rng.randint(14, 60)),
                        self.today - datetime.timedelta(days=rng.randint(5, 400)),
                    )
                    if starts > self.today:
                        continue
                    title, occupation_code = rng.choice(DEMO_JOBS[country])
                    job = save_job(
                        actor=coach,
                        enrolment=enrolment,
                        employer=rng.choice(employers[country]),
                        title=title,
                        occupation_code=occupation_code,
                        starts_on=starts,
                        hours_per_week=Decimal(rng.choice([10, 15, 20, 30, 40])),
                        four_paid_hours_on=(
                            min(starts + datetime.timedelta(days=rng.randint(0, 3)), self.today)
                            if rng.random() < 0.95
                            else None
                        ),
                        hourly_wage=Decimal(rng.randint(130, 190)),
                        currency="SEK" if country == "SE" else "DKK",
                        form=forms[(self.exits + index) % len(forms)],
                        permanent=rng.random() < 0.4,
                        disclosure=rng.choice(["yes", "no", "partly"]),
                    )
                    self._support(coach, enrolment, job, starts)
                    self.exits += 1

    def _fidelity(self, units: list[tuple[Unit, str, str]]) -> None:
        """Two years of final reviews for each IPS unit, improving a little, and one in progress."""
        rng = self.rng
        reviewers = list(User.objects.filter(memberships__role="fidelity_reviewer").distinct())
        second = self._new_staff("reviewer.two", Country.SWEDEN)
        self._join(
            second,
            next(u for u, m, _c in units if not m),
            second_employer(units),
            Role.FIDELITY_REVIEWER,
            "0.20",
        )
        team = [*reviewers[:1], second]
        scale = current_scale()
        for unit, model, _country in units:
            if model != "ips":
                continue
            base = rng.randint(70, 90)
            for index, months_ago in enumerate((24, 12, 0)):
                end = self.today - datetime.timedelta(days=30 * months_ago)
                review = plan_review(
                    actor=team[0],
                    unit=unit,
                    mode="external",
                    period_start=end - datetime.timedelta(days=180),
                    period_end=end,
                    reviewers=team,
                    visit_dates=f"{end:%Y-%m-%d}",
                    planned_sources="Intervjuer med arbetsspecialister, chef och behandlingsteam; journalgranskning.",
                )
                target = min(125, base + 12 * index)
                scores = {
                    n: max(1, min(5, round(target / 25) + rng.choice([-1, 0, 0, 1])))
                    for n in scale.items
                }
                for reviewer in team:
                    for number, score in scores.items():
                        rate_item(
                            actor=reviewer,
                            review=review,
                            item_number=number,
                            score=max(1, min(5, score + rng.choice([0, 0, 0, -1, 1]))),
                        )
                    submit_ratings(actor=reviewer, review=review)
                if months_ago == 0:
                    continue  # the current review is in consensus
                for number, score in scores.items():
                    agree_item(
                        actor=team[0],
                        review=review,
                        item_number=number,
                        score=score,
                        rationale="Bedömt utifrån intervjuer och journaler.",
                        recommendations="Öka antalet personliga arbetsgivarbesök."
                        if score <= 3 and number in (17, 18, 24)
                        else "",
                    )
                finalise_review(actor=team[0], review=review)

    def _support(self, coach: User, enrolment: Any, job: Any, starts: datetime.date) -> None:
        """Follow-along support linked to the job, as most coaches give it (some weeks missed)."""
        day = starts + datetime.timedelta(days=self.rng.randint(1, 3))
        while day < self.today:
            if self.rng.random() < 0.85:
                record_contact(
                    actor=coach,
                    enrolment=enrolment,
                    occurred_at=timezone.make_aware(
                        datetime.datetime.combine(day, datetime.time(15, 0))
                    ),
                    mode=self.rng.choice(["face_to_face", "phone"]),
                    place="workplace",
                    parties=self.rng.choice(
                        [["participant"], ["participant", "employer"], ["employer"]]
                    ),
                    duration_minutes=30,
                    job=job,
                )
            day += datetime.timedelta(
                days=7 if (day - starts).days < 28 else self.rng.randint(14, 35)
            )

    def _consents(
        self,
        participant: Participant,
        coach: User,
        referral: datetime.date,
        partners: list[Organisation],
    ) -> None:
        rng = self.rng
        given = referral + datetime.timedelta(days=rng.randint(0, 1))
        if given > self.today:
            given = self.today
        record_consent(
            actor=coach, participant=participant, kind=ConsentKind.PARTICIPATION, given_on=given
        )
        if rng.random() < 0.7:
            consent = record_consent(
                actor=coach,
                participant=participant,
                kind=ConsentKind.STATISTICS,
                given_on=given,
                scope="Uppföljning av insatsens resultat",
            )
            if rng.random() < 0.06:
                withdrawn = min(self.today, given + datetime.timedelta(days=rng.randint(10, 200)))
                withdraw_consent(
                    actor=coach,
                    consent=consent,
                    withdrawn_on=withdrawn,
                    reason="Vill inte längre ingå i statistiken.",
                )
        if rng.random() < 0.4:
            record_consent(
                actor=coach, participant=participant, kind=ConsentKind.SURVEY, given_on=given
            )
        if rng.random() < 0.35:
            record_consent(
                actor=coach,
                participant=participant,
                kind=ConsentKind.INFORMATION_SHARING,
                given_on=given,
                organisation=rng.choice(partners),
                sharing_scope=SharingScope.SUMMARY,
                expires_on=given + datetime.timedelta(days=365),
                scope="Planering och uppföljning av arbetsinriktade insatser",
            )
