"""Factories for tests. Richer states are built through the real services (see personas)."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

import factory
from stdnum import luhn

from lotsa.accounts.models import User
from lotsa.cohorts.models import Cohort
from lotsa.core.choices import Country
from lotsa.jom.models import Course
from lotsa.organisations.models import Membership, Organisation, Role, Unit
from lotsa.participant_space.models import ParticipantAccount
from lotsa.pathways.models import Enrolment, EnrolmentStatus, Responsibility, UnitProgramme
from lotsa.people.models import Participant
from lotsa.referrals.models import Referral
from lotsa.surveys.models import Answer, Channel, Response, SurveyId
from lotsa.worktraining.models import Financing, WorkUnit

TEST_PASSWORD = "test-password-123"


def swedish_number(birth: datetime.date, serial: int, *, coordination: bool = False) -> str:
    """A personnummer (12 digits, with hyphen) that is valid in form, for tests only."""
    day = birth.day + (60 if coordination else 0)
    body = f"{birth:%y%m}{day:02d}{serial:03d}"
    return f"{birth.year}{body[2:6]}-{body[6:]}{luhn.calc_check_digit(body)}"


def swedish_org_number(seed: int) -> str:
    body = f"55{(seed * 7919) % 10_000_000:07d}"[:9]
    body = body[:2] + "6" + body[3:]
    return f"{body[:6]}-{body[6:]}{luhn.calc_check_digit(body)}"


class OrganisationFactory(factory.django.DjangoModelFactory[Organisation]):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = Organisation.Kind.MUNICIPALITY
    country = Country.SWEDEN
    organisation_number = factory.Sequence(swedish_org_number)


# The steps after generation are plain functions of the object made, which a method of the
# factory (whose ``self`` is that object, not the factory) cannot say to the type checker.
def _run_programmes(unit: Unit, create: bool, extracted: object, **kwargs: object) -> None:
    if create:
        for code in extracted if isinstance(extracted, list | tuple) else ["ips"]:
            UnitProgramme.objects.get_or_create(unit=unit, programme_code=code)


def _save_user(user: User, create: bool, extracted: object, **kwargs: object) -> None:
    if create:
        user.save()


def _record_responsibility(
    enrolment: Enrolment, create: bool, extracted: object, **kwargs: object
) -> None:
    if create and enrolment.responsible_staff_id:
        Responsibility.objects.create(
            enrolment=enrolment,
            staff_id=enrolment.responsible_staff_id,
            starts_on=enrolment.referral_date,
        )


class UnitFactory(factory.django.DjangoModelFactory[Unit]):
    """A unit running the given programme models (IPS unless told otherwise)."""

    class Meta:
        model = Unit
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Unit {n}")
    runs = factory.PostGeneration(_run_programmes)


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"staff{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Staff {n}")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)
    saved = factory.PostGeneration(_save_user)


class MembershipFactory(factory.django.DjangoModelFactory[Membership]):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    unit = factory.SubFactory(UnitFactory)
    employer = factory.SelfAttribute("unit.organisation")
    role = Role.COACH
    fte = Decimal("1.00")
    starts_on = datetime.date(2020, 1, 1)

    class Params:
        ended = factory.Trait(ends_on=datetime.date(2021, 1, 1))


class ParticipantFactory(factory.django.DjangoModelFactory[Participant]):
    """An identified Swedish participant with a valid, unique, synthetic personnummer."""

    class Meta:
        model = Participant

    code_name = factory.Sequence(lambda n: f"TST-{n:04d}")
    identity_country = Country.SWEDEN
    identity_kind = "personnummer"
    identity_number = factory.Sequence(
        lambda n: swedish_number(
            datetime.date(1980, 1, 1) + datetime.timedelta(days=n), 980 + n % 10
        ).replace("-", "")
    )
    first_name = factory.Iterator(["Anna", "Erik", "Sara", "Johan"])
    last_name = factory.Sequence(lambda n: f"Testsson{n}")
    birth_year = factory.LazyAttribute(lambda o: int(o.identity_number[:4]))
    sex = factory.LazyAttribute(lambda o: "male" if int(o.identity_number[-2]) % 2 else "female")


class EnrolmentFactory(factory.django.DjangoModelFactory[Enrolment]):
    """An ongoing enrolment; build histories through the pathways lifecycle services instead."""

    class Meta:
        model = Enrolment
        skip_postgeneration_save = True

    participant = factory.SubFactory(ParticipantFactory)
    unit = factory.SubFactory(UnitFactory)
    programme_model = "ips"
    referral_date = datetime.date(2025, 3, 1)
    status = EnrolmentStatus.ACTIVE
    phase = "engagement"
    phase_since = datetime.date(2025, 3, 1)
    start_date = datetime.date(2025, 3, 1)
    responsibility = factory.PostGeneration(_record_responsibility)


class ReferralFactory(factory.django.DjangoModelFactory[Referral]):
    """A referral as stored, in any state; send and answer them through the referral services
    where the steps themselves matter."""

    class Meta:
        model = Referral

    from_unit = factory.SubFactory(UnitFactory)
    referred_by = factory.SubFactory(UserFactory)
    to_unit = factory.SubFactory(UnitFactory)
    programme_model = "ips"
    stated_needs = "Behöver stöd att hitta ett arbete."
    requested_service = "IPS"
    consent_given_on = datetime.date(2025, 3, 1)
    shared_with_receiver = "summary"
    sent_on = datetime.date(2025, 3, 1)


def random_birth_date(rng: random.Random) -> datetime.date:
    return datetime.date(1950, 1, 1) + datetime.timedelta(days=rng.randint(0, 365 * 55))


def _link_participants(
    account: ParticipantAccount, create: bool, extracted: object, **kwargs: object
) -> None:
    if create and isinstance(extracted, list | tuple):
        account.participants.add(*extracted)


class ParticipantUserFactory(UserFactory):
    """A participant's own user (signed in to their space only), with the test password."""

    username = factory.Sequence(lambda n: f"participant{n}")
    is_participant = True


class ParticipantAccountFactory(factory.django.DjangoModelFactory[ParticipantAccount]):
    """A participant's sign-in, reaching the participant records given as ``participants``."""

    class Meta:
        model = ParticipantAccount
        skip_postgeneration_save = True

    user = factory.SubFactory(ParticipantUserFactory)
    participants = factory.PostGeneration(_link_participants)


# ------------------------------------------------------------------ surveys


class SurveyIdFactory(factory.django.DjangoModelFactory[SurveyId]):
    """A survey ID of the AMiA programme, issued without a key: results never read one."""

    class Meta:
        model = SurveyId

    code = factory.Sequence(lambda n: f"T{n:07d}")
    unit = factory.SubFactory(UnitFactory, runs=["amia"])
    programme = "amia"
    sex = "female"
    issued_on = datetime.date(2026, 1, 10)


def _answer(response: Response, create: bool, extracted: object, **kwargs: object) -> None:
    """``answers={"item": 3, "other_item": "text", "choice_item": ["a", "b"]}``."""
    if not create or not isinstance(extracted, dict):
        return
    Answer.objects.bulk_create(
        Answer(
            response=response,
            item=item,
            value=given if isinstance(given, int) else None,
            choices=list(given) if isinstance(given, list) else [],
            text=given if isinstance(given, str) else "",
        )
        for item, given in extracted.items()
    )


class ResponseFactory(factory.django.DjangoModelFactory[Response]):
    """A response to the AMiA participant survey under a survey ID, with ``answers``."""

    class Meta:
        model = Response
        skip_postgeneration_save = True

    instrument = "amia_participant"
    version = 1
    wave = "t1"
    survey_id = factory.SubFactory(SurveyIdFactory)
    unit = factory.LazyAttribute(lambda response: response.survey_id.unit)
    channel = Channel.OWN_SPACE
    answered_on = datetime.date(2026, 2, 1)
    answers = factory.PostGeneration(_answer)


class CohortFactory(factory.django.DjangoModelFactory[Cohort]):
    """A cohort of a JOM unit unless told otherwise."""

    class Meta:
        model = Cohort

    unit = factory.SubFactory(UnitFactory, runs=["jom"])
    programme_code = "jom"
    name = factory.Sequence(lambda n: f"Hold {n}")
    starts_on = datetime.date(2027, 1, 4)


class CourseFactory(factory.django.DjangoModelFactory[Course]):
    """A JOM course under organisation model 2, four weeks of teaching Monday to Thursday."""

    class Meta:
        model = Course

    cohort = factory.SubFactory(CohortFactory)
    organisation_model = 2
    created_by = factory.SubFactory(UserFactory)


class WorkUnitFactory(factory.django.DjangoModelFactory[WorkUnit]):
    """A work unit of a KNUT-PV unit, financed by the committee's grant."""

    class Meta:
        model = WorkUnit

    unit = factory.SubFactory(UnitFactory, runs=["knut_pv"])
    name = factory.Sequence(lambda n: f"Verkstad {n}")
    financing = Financing.COMMITTEE_GRANT
