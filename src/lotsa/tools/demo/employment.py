"""The demo's employment: employers in both countries, each IPS and AMiA coach's job
development over the recent weeks, jobs of every form for more than half of the caseload, and
the follow-along support linked to each job.

Every write goes through the services, dated in the past, as the staff would have made them.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal
from typing import Any

from django.utils import timezone

from lotsa.accounts.models import User
from lotsa.casework.services import ContactInput, record_contacts
from lotsa.employment.models import Employer
from lotsa.employment.services import record_employer_contact, register_employer, save_job
from lotsa.organisations.models import Organisation, Unit
from lotsa.pathways.models import Enrolment
from lotsa.pathways.services.lifecycle import transition_phase
from lotsa.tools.demo.identities import danish_cvr, swedish_org_number

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


class Employment:
    """Builds the demo's employers, job development and jobs, with the builder's random numbers."""

    def __init__(self, builder: Any) -> None:
        self.builder = builder
        self.rng: random.Random = builder.rng
        self.today: datetime.date = builder.today

    def register_employers(
        self, units: list[tuple[Unit, str, str]], coaches: dict[int, list[User]]
    ) -> None:
        """The employers of both countries, met from the first weeks of the cases on."""
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
        employers: dict[str, list[Employer]] = {"SE": [], "DK": []}
        self.employers = employers
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

    def build(
        self,
        units: list[tuple[Unit, str, str]],
        coaches: dict[int, list[User]],
        orgs: dict[str, Organisation],
    ) -> None:
        """Each IPS coach's job development over recent weeks, and jobs of every form."""
        rng = self.rng
        employers = self.employers
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
                    assert enrolment.start_date is not None, "the caseload holds started ones"
                    programme = enrolment.programme
                    job_phase = ""
                    if programme is not None and programme.follow_along:
                        # A job starts from the job search (its last phase but the one in work).
                        *_before, searching, job_phase = [
                            code for code, p in programme.phases.items() if not p.terminal
                        ]
                        if enrolment.phase != searching:
                            continue
                    looking_since = max(
                        enrolment.start_date, enrolment.phase_since or enrolment.start_date
                    )
                    starts = max(
                        looking_since + datetime.timedelta(days=rng.randint(14, 60)),
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
                        form=forms[(self.builder.exits + index) % len(forms)],
                        permanent=rng.random() < 0.4,
                        disclosure=rng.choice(["yes", "no", "partly"]),
                    )
                    if job_phase:
                        transition_phase(
                            actor=coach,
                            enrolment=enrolment,
                            to_phase=job_phase,
                            day=starts,
                            note="Har börjat arbeta.",
                        )
                    self._support(coach, enrolment, job, starts)
                    self.builder.exits += 1

    def _support(self, coach: User, enrolment: Any, job: Any, starts: datetime.date) -> None:
        """Follow-along support linked to the job, as most coaches give it: a meeting in the
        week before the start, then weekly in the first month and every few weeks after (now
        and then one missed)."""
        contacts: list[ContactInput] = []
        day = starts - datetime.timedelta(days=self.rng.randint(1, 6))
        while day < self.today:
            if self.rng.random() < 0.95:
                contacts.append(
                    ContactInput(
                        occurred_at=timezone.make_aware(
                            datetime.datetime.combine(day, datetime.time(15, 0))
                        ),
                        mode=self.rng.choice(["face_to_face", "face_to_face", "phone"]),
                        place="workplace",
                        parties=self.rng.choice(
                            [["participant"], ["participant", "employer"], ["employer"]]
                        ),
                        duration_minutes=30,
                        job=job,
                    )
                )
            if day < starts:
                day = starts + datetime.timedelta(days=self.rng.randint(0, 3))
            else:
                day += datetime.timedelta(
                    days=7 if (day - starts).days < 28 else self.rng.randint(14, 28)
                )
        if contacts:
            record_contacts(actor=coach, enrolment=enrolment, contacts=contacts)
