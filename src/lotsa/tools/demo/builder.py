"""A reproducible synthetic dataset for trying Lotsa: organisations in Sweden and Denmark,
units running the four programme models, staff with logins and 450 participants.

Every person is invented: names are drawn at random from common first and last names, and
identity numbers are generated to be valid in form (date, check digit) without belonging to
anyone known. All writes go through the real services, so the audit trail is real too.
"""

from __future__ import annotations

import datetime
import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal

from django.utils import timezone

from lotsa.accounts.models import User
from lotsa.accounts.services import save_language, save_staff
from lotsa.cohorts.services import add_member, create_cohort, record_attendance, schedule_session
from lotsa.core.choices import Country
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
from lotsa.pathways.models import Enrolment
from lotsa.pathways.services.unit_programmes import save_unit_programme
from lotsa.people.identity import Sex
from lotsa.people.models import Language
from lotsa.people.services import ParticipantDetails
from lotsa.retention.services import save_rule
from lotsa.tools.demo import posts
from lotsa.tools.demo.cases import Cases
from lotsa.tools.demo.catch_up import CatchUp
from lotsa.tools.demo.daily_work import DemoDailyWork
from lotsa.tools.demo.employment import Employment
from lotsa.tools.demo.identities import (
    DANISH_CITIES,
    DANISH_FEMALE,
    DANISH_LAST,
    DANISH_MALE,
    SWEDISH_CITIES,
    SWEDISH_FEMALE,
    SWEDISH_LAST,
    SWEDISH_MALE,
    ascii_name,
    danish_cvr,
    danish_identity_number,
    swedish_identity_number,
    swedish_org_number,
)
from lotsa.tools.demo.improvement import build_improvement_work
from lotsa.tools.demo.joint import JointCases
from lotsa.tools.demo.jom_course import JomCourse
from lotsa.tools.demo.jom_internship import DemoInternships
from lotsa.tools.demo.logins import DemoLogin, describe
from lotsa.tools.demo.participant_logins import open_participant_logins
from lotsa.tools.demo.posts import Post
from lotsa.tools.demo.practice_calendar import practice_calendars
from lotsa.tools.demo.surveys import DemoSurveys
from lotsa.tools.demo.team_practice import build_team_practice
from lotsa.tools.demo.time_log import build_time_logs
from lotsa.tools.demo.wt_motivation import DemoMotivation
from lotsa.tools.demo.wt_planning import build_planning
from lotsa.tools.demo.wt_records import DemoWorkTraining, ensure_work_training_cases

SEED = 2026
PASSWORD = "lotsa-demo-2026"  # noqa: S105 - shared by the synthetic demo logins only
# Enough for every coach to hold a caseload within IPS's limit of 20, with history behind it.
PARTICIPANTS = 450
ANONYMOUS = 12


# Draws of a participant's name before a demo larger than the name lists accepts a repeat.
NAME_ATTEMPTS = 20


def _started_on(enrolment: Enrolment) -> datetime.date:
    assert enrolment.start_date is not None, "an active enrolment has started"
    return enrolment.start_date


def second_employer(units: list[tuple[Unit, str, str]]) -> Organisation:
    """The coordination association employs the second (independent) fidelity reviewer."""
    return next(u for u, m, _c in units if not m).organisation


class DemoBuilder:
    def __init__(
        self,
        seed: int = SEED,
        participants: int = PARTICIPANTS,
        anonymous: int = ANONYMOUS,
        amia_cases_per_stage: int = 2,
        progress: Callable[[str], None] | None = None,
    ) -> None:
        self.rng = random.Random(seed)
        self.progress = progress or (lambda _line: None)
        self.amia_cases_per_stage = amia_cases_per_stage
        self.participant_count = participants
        self.exits = 0
        self.anonymous_count = anonymous
        self.today = timezone.localdate()
        self.used_numbers: set[str] = set()
        self.used_names: set[tuple[str, str]] = set()
        self.login_names: list[str] = []

    @contextmanager
    def step(self, what: str) -> Iterator[None]:
        """Say what is being built, and how long it took."""
        self.progress(f"{what}…")
        began = time.monotonic()
        yield
        self.progress(f"  done in {time.monotonic() - began:.1f} s")

    def build(self) -> list[DemoLogin]:
        with self.step("Organisations, units and staff"):
            admin = User.objects.create_superuser(
                "admin",
                email="",
                password=PASSWORD,
                first_name="Alva",
                last_name="Admin",
                sex=Sex.FEMALE,
            )
            self.admin = admin
            # Every demo login has the same password: hashed once, for the administrator,
            # and the hash given to the others.
            self.password_hash = admin.password
            orgs = self._organisations()
            units = self._units(orgs)
            coaches = self._staff(orgs, units)
            employment = Employment(self)
            employment.register_employers(units, coaches)
        with self.step(f"{self.participant_count} participants and their cases"):
            Cases(self).build(units, coaches)
        with self.step("AMiA joint casework and referrals between organisations"):
            self._joint_casework(units, coaches)
        with self.step("Cohorts with sessions and attendance"):
            self._cohorts(units, coaches)
            # The daily work first: its work unit runs the unit's work group, which the work
            # unit's catalogue then describes.
            ensure_work_training_cases(self)
            DemoDailyWork(self).build()
            DemoWorkTraining(self).build()
        with self.step("Employers, job development and jobs"):
            employment.build(units, coaches, orgs)
        with self.step("Fidelity reviews, records officer and retention rules"):
            self._fidelity(units)
            self._records_officer(orgs)
            self._retention(orgs)
        with self.step("Coaches keeping their deadlines (a few left overdue)"):
            CatchUp(self).build()
        with self.step("Participants' own sign-ins"):
            participants = open_participant_logins(admin, self.password_hash)
        with self.step("Survey IDs, surveys handed in, a staff survey and a user survey"):
            DemoSurveys(self).build()
        with self.step("Work units' business plans, gender review and activities presented"):
            build_planning()
        with self.step("Motivational interviewing and reports back to commissioners"):
            DemoMotivation(self).build()
        with self.step("A JOM course with its provider, timetable and admissions"):
            JomCourse(self).build()
        with self.step("Internships of the JOM course's participants"):
            DemoInternships(self).build()
        with self.step("Improvement register, a PDSA cycle, a benchmarking visit and training"):
            build_improvement_work()
        # Last, with the random numbers left over, so that everything before stays as it was.
        calendars = practice_calendars(self.rng, self.today)
        with self.step("Treatment teams, unit meetings and supervision in the IPS units"):
            build_team_practice(self.rng, calendars)
        with self.step("The IPS coaches' time logs and weekly reflections"):
            build_time_logs(self.rng, calendars)
        staff = [describe(User.objects.get(username=name)) for name in [*self.login_names, "admin"]]
        return staff + participants

    def _retention(self, orgs: dict[str, Organisation]) -> None:
        """Åsunda keeps closed cases five years, and the research sample of its social
        services; the other organisations keep the installation's default."""
        save_rule(
            actor=self.admin,
            rule=None,
            organisation=orgs["asunda"],
            programme_code="",
            years=5,
            keep_research_sample=True,
            decision="Dokumenthanteringsplan för arbetsmarknadsenheten, KS 2024/118",
        )

    def _records_officer(self, orgs: dict[str, Organisation]) -> None:
        """Åsunda's records officer, in the municipality's registry, answers requests for
        access to personal data. Made last, so the rest of the demo stays as it was."""
        registry_unit = save_unit(
            actor=self.admin,
            unit=None,
            organisation=orgs["asunda"],
            name="Registratur Åsunda kommun",
            description="Diarium, arkiv och begäran om registerutdrag.",
        )
        officer = self._new_staff("registrator.asunda", Country.SWEDEN)
        self._join(
            officer,
            registry_unit,
            orgs["asunda"],
            Role.RECORDS_OFFICER,
            "0.50",
            post=posts.RECORDS_OFFICER,
        )

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

    def _unused_name(self, country: str, male: bool) -> tuple[str, str]:
        """A participant's name no other participant has, while the name lists allow: two
        people of one name would be one person on every page that lists them."""
        for _attempt in range(NAME_ATTEMPTS):
            name = self._person_name(country, male)
            if name not in self.used_names:
                break
        self.used_names.add(name)
        return name

    def _new_staff(self, username: str, country: str) -> User:
        """A staff member, a woman or a man as their first name says; one given a username is
        a demo login, and is printed."""
        male = self.rng.random() < 0.35
        first, last = self._person_name(country, male)
        if username:
            self.login_names.append(username)
        else:
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
            sex=Sex.MALE if male else Sex.FEMALE,
            password_hash=self.password_hash,
        )
        if country == Country.DENMARK:
            save_language(user=staff, language="da")
        return staff

    def _join(
        self,
        staff: User,
        unit: Unit,
        employer: Organisation,
        role: str,
        fte: str = "1.00",
        *,
        post: Post,
    ) -> Membership:
        """A membership of the unit, in a post with the unit's own title."""
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
            title=post.title,
            function=post.function,
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
                    post=posts.coach_post(model, employer, index),
                )
                team.append(staff)
            leader = self._new_staff(leader_name, country)
            self._join(
                leader,
                unit,
                unit.organisation,
                Role.SUPERVISOR,
                "0.50",
                post=posts.LEADER_POSTS[model],
            )
            coaches[unit.pk] = team
        admin_unit = next(unit for unit, model, _c in units if not model)
        af_caseworker = self._new_staff("af.caseworker", Country.SWEDEN)
        amia = next(unit for unit, _m, _c in units if unit.name == "AMiA Mälarbygden")
        self._join(
            af_caseworker,
            amia,
            orgs["af"],
            Role.COACH,
            post=posts.coach_post("amia", orgs["af"], len(coaches[amia.pk])),
        )
        coaches[amia.pk].append(af_caseworker)
        manager = self._new_staff("manager.asunda", Country.SWEDEN)
        for unit, _model, _country in units:
            if unit.organisation == orgs["asunda"]:
                self._join(
                    manager,
                    unit,
                    orgs["asunda"],
                    Role.MANAGER,
                    "0.20",
                    post=posts.MUNICIPAL_MANAGER,
                )
        for username, role, post in (
            ("reviewer", Role.FIDELITY_REVIEWER, posts.FIDELITY_REVIEWER),
            ("analyst", Role.ANALYST, posts.ANALYST),
        ):
            person = self._new_staff(username, Country.SWEDEN)
            self._join(person, admin_unit, orgs["samordning"], role, "0.50", post=post)
        # The association's analyst follows up the Swedish teams it co-finances, so the
        # outcome reports have their figures (a report covers the units one has a role in).
        for unit, model, country in units:
            if model and country == Country.SWEDEN:
                self._join(
                    person, unit, orgs["samordning"], Role.ANALYST, "0.05", post=posts.ANALYST
                )
        self._join(
            self.admin,
            admin_unit,
            orgs["samordning"],
            Role.ADMINISTRATOR,
            "0.50",
            post=posts.ADMINISTRATOR,
        )
        office = next(unit for unit, _m, _c in units if unit.name.startswith("Lokalt"))
        personal = self._new_staff("fk.personal", Country.SWEDEN)
        self._join(personal, office, orgs["fk"], Role.COACH, post=posts.PERSONAL_CASEWORKER)
        coaches[office.pk] = [personal]
        self.af_manager = self._new_staff("manager.af", Country.SWEDEN)
        self._join(
            self.af_manager, amia, orgs["af"], Role.MANAGER, "0.20", post=posts.AGENCY_MANAGER
        )
        return coaches

    def _birth_date(self) -> datetime.date:
        return datetime.date(1962, 1, 1) + datetime.timedelta(days=self.rng.randint(0, 365 * 42))

    def details(self, country: str, anonymous: bool) -> ParticipantDetails:
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
        first, last = self._unused_name(country, male)
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
            interpreter_language=str(language.label) if interpreter else "",
        )

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
                [
                    *(_started_on(e) for e in open_enrolments),
                    self.today - datetime.timedelta(days=35),
                ]
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
                    joined_on=max(starts, _started_on(enrolment)),
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
            post=posts.FIDELITY_REVIEWER,
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
