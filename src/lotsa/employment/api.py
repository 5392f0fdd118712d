"""Employer, employer-contact, job, profile and benefits-counselling endpoints.

Employers and their contact persons are shared by all staff with casework roles; links to
participants follow participant access.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

from ninja import Field, Query, Router, Schema, Status

from lotsa import access
from lotsa.accounts.types import AuthenticatedHttpRequest
from lotsa.core.apischema import ErrorOut, StrictSchema, Text, edit_version
from lotsa.core.choices import Country
from lotsa.employment import queries, services
from lotsa.employment.models import (
    ContactPurpose,
    CounsellingProvider,
    Currency,
    Disclosure,
    Employer,
    EmployerContact,
    Job,
    JobEndReason,
    JobForm,
    Sector,
)
from lotsa.employment.occupations import MAX_QUERY_LENGTH, Occupation, search_occupations
from lotsa.employment.rules import is_competitive

router = Router(tags=["employment"])
Action = access.Action

# The values each choice field takes, read from the models' choices so the two cannot drift.
if TYPE_CHECKING:
    # The type checker sees text; pydantic sees the model's choices, read as the module loads.
    CountryCode: TypeAlias = str
    SectorCode: TypeAlias = str
    PurposeCode: TypeAlias = str
    CurrencyCode: TypeAlias = str
    JobFormCode: TypeAlias = str
    EndReasonCode: TypeAlias = str
    DisclosureCode: TypeAlias = str
    ProviderCode: TypeAlias = str
else:
    CountryCode = Literal[tuple(Country.values)]
    SectorCode = Literal[tuple(Sector.values)]
    PurposeCode = Literal[tuple(ContactPurpose.values)]
    CurrencyCode = Literal[tuple(Currency.values)]
    JobFormCode = Literal[tuple(JobForm.values)]
    EndReasonCode = Literal[(*JobEndReason.values, "")]
    DisclosureCode = Literal[(*Disclosure.values, "")]
    ProviderCode = Literal[tuple(CounsellingProvider.values)]


class EmployerIn(StrictSchema):
    name: str = Field(..., min_length=1, max_length=200)
    country: CountryCode
    organisation_number: str = Field(..., max_length=20)
    sector: SectorCode
    industry_code: str = Field("", max_length=10)
    municipality: str = Field("", max_length=100)
    notes: str = Field("", max_length=4000)


class EmployerChangeIn(EmployerIn):
    version: int = edit_version()


class EmployerOut(Schema):
    id: int
    name: str
    country: str
    organisation_number: str
    sector: str
    industry_code: str
    municipality: str
    version: int


class EmployerContactIn(StrictSchema):
    unit_id: int
    occurred_on: datetime.date
    purpose: PurposeCode
    face_to_face: bool = True
    participant_present: bool = False
    enrolment_ids: list[int] = Field(default_factory=list, max_length=20)
    outcome: str = Field("", max_length=2000)
    next_step: str = Field("", max_length=500)
    next_step_on: datetime.date | None = None


class EmployerContactOut(Schema):
    id: int
    employer_id: int
    staff_id: int
    unit_id: int
    occurred_on: datetime.date
    face_to_face: bool
    purpose: str
    outcome: str
    next_step: str
    next_step_on: datetime.date | None


class JobIn(StrictSchema):
    employer_id: int
    title: str = Field(..., min_length=1, max_length=200)
    occupation_code: str = Field(..., max_length=4)
    starts_on: datetime.date
    ends_on: datetime.date | None = None
    end_reason: EndReasonCode = ""
    hours_per_week: Decimal = Field(..., max_digits=4, decimal_places=1)
    four_paid_hours_on: datetime.date | None = None
    hourly_wage: Decimal | None = Field(None, max_digits=8, decimal_places=2)
    currency: CurrencyCode
    form: JobFormCode
    permanent: bool = False
    paid_customary_wage: bool = True
    reserved_for_disability: bool = False
    time_limited_by_programme: bool = False
    disclosure: DisclosureCode = ""
    disclosure_on: datetime.date | None = None
    version: int | None = edit_version(required=False)


class JobOut(Schema):
    id: int
    enrolment_id: int
    employer_id: int
    title: str
    occupation_code: str
    starts_on: datetime.date
    ends_on: datetime.date | None
    end_reason: str
    hours_per_week: Decimal
    four_paid_hours_on: datetime.date | None
    hourly_wage: Decimal | None
    currency: str
    form: str
    competitive: bool
    version: int


class ProfileIn(StrictSchema):
    written_on: datetime.date
    work_history: str = Field("", max_length=4000)
    education: str = Field("", max_length=2000)
    preferred_jobs: str = Field("", max_length=2000)
    preferred_hours: str = Field("", max_length=200)
    preferred_location: str = Field("", max_length=200)
    strengths: str = Field("", max_length=2000)
    for_employers: str = Field("", max_length=2000)
    disclosure_preference: DisclosureCode = ""
    version: int | None = Field(
        None,
        ge=0,
        description="The number of the newest profile version this one was written from (0 if "
        "there was none). If another version was saved since, the profile is refused (422 on "
        "'version') instead of replacing it unseen.",
    )


class ProfileOut(ProfileIn):
    model_config = {"extra": "ignore"}
    id: int
    version: int


class CounsellingIn(StrictSchema):
    offered_on: datetime.date
    held_on: datetime.date | None = None
    provider: ProviderCode
    counsellor: str = Field("", max_length=200)
    topics: str = Field("", max_length=2000)
    questions_answered: str = Field("", max_length=2000)


class CounsellingOut(CounsellingIn):
    model_config = {"extra": "ignore"}
    id: int


def _job_out(job: Job) -> JobOut:
    return JobOut(
        **{name: getattr(job, name) for name in JobOut.model_fields if name != "competitive"},
        competitive=is_competitive(job),
    )


class OccupationOut(Schema):
    code: str
    title: str


@router.get(
    "/occupations",
    response={200: list[OccupationOut], 403: ErrorOut},
    summary="Search the occupation list of a country by words of the title",
)
def occupations(
    request: AuthenticatedHttpRequest,
    country: CountryCode,
    q: Text = Query("", max_length=MAX_QUERY_LENGTH),
) -> list[Occupation]:
    """SSYK 2012 for Sweden, DISCO-08 for Denmark; titles in the request's language, best
    matches first, at most 20. The same search as the job form's occupation field."""
    access.require(request.user, Action.CHANGE_PARTICIPANT)
    return search_occupations(country, q)


@router.get(
    "/employers", response={200: list[EmployerOut], 403: ErrorOut}, summary="Search employers"
)
def employers(
    request: AuthenticatedHttpRequest, q: Text = Query("", max_length=100)
) -> list[Employer]:
    access.require(request.user, Action.VIEW_PARTICIPANT)
    return list(queries.employers_matching(q)[:200])


@router.post(
    "/employers", response={201: EmployerOut, 403: ErrorOut}, summary="Register an employer"
)
def register_employer(request: AuthenticatedHttpRequest, payload: EmployerIn) -> Status:
    return Status(201, services.register_employer(actor=request.user, **payload.dict()))


@router.get(
    "/employers/{employer_id}", response={200: EmployerOut, 403: ErrorOut}, summary="An employer"
)
def employer(request: AuthenticatedHttpRequest, employer_id: int) -> Employer:
    return access.get_employer_for(request.user, employer_id)


@router.put(
    "/employers/{employer_id}",
    response={200: EmployerOut, 403: ErrorOut},
    summary="Change an employer's details",
)
def change_employer(
    request: AuthenticatedHttpRequest, employer_id: int, payload: EmployerChangeIn
) -> Employer:
    return services.change_employer(
        actor=request.user,
        employer=access.get_employer_for(request.user, employer_id),
        **payload.dict(),
    )


@router.get(
    "/employers/{employer_id}/contacts",
    response={200: list[EmployerContactOut], 403: ErrorOut},
    summary="Relationship history",
)
def employer_contacts(request: AuthenticatedHttpRequest, employer_id: int) -> list[EmployerContact]:
    return queries.employer_contacts_for(
        request.user, access.get_employer_for(request.user, employer_id)
    )


@router.post(
    "/employers/{employer_id}/contacts",
    response={201: EmployerContactOut, 403: ErrorOut},
    summary="Record an employer contact",
)
def record_employer_contact(
    request: AuthenticatedHttpRequest, employer_id: int, payload: EmployerContactIn
) -> Status:
    data = payload.dict()
    unit = access.get_unit_for(request.user, data.pop("unit_id"), Action.CHANGE_PARTICIPANT)
    enrolments = [
        access.get_enrolment_for(request.user, enrolment_id, Action.CHANGE_PARTICIPANT)
        for enrolment_id in dict.fromkeys(data.pop("enrolment_ids"))
    ]
    contact = services.record_employer_contact(
        actor=request.user,
        employer=access.get_employer_for(request.user, employer_id),
        unit=unit,
        enrolments=enrolments,
        **data,
    )
    return Status(201, contact)


@router.get(
    "/enrolments/{enrolment_id}/jobs",
    response=list[JobOut],
    summary="A participant's jobs in an enrolment",
)
def jobs(request: AuthenticatedHttpRequest, enrolment_id: int) -> list[JobOut]:
    enrolment = access.get_enrolment_for(request.user, enrolment_id, Action.VIEW_PARTICIPANT)
    return [_job_out(job) for job in queries.jobs_of(enrolment)]


def _job_fields(request: AuthenticatedHttpRequest, payload: JobIn) -> dict[str, Any]:
    data = payload.dict()
    data["employer"] = access.get_employer_for(request.user, data.pop("employer_id"))
    return data


@router.post(
    "/enrolments/{enrolment_id}/jobs",
    response={201: JobOut, 403: ErrorOut},
    summary="Record a job",
)
def record_job(request: AuthenticatedHttpRequest, enrolment_id: int, payload: JobIn) -> Status:
    enrolment = access.get_enrolment_for(request.user, enrolment_id, Action.CHANGE_PARTICIPANT)
    return Status(
        201,
        _job_out(
            services.save_job(
                actor=request.user, enrolment=enrolment, **_job_fields(request, payload)
            )
        ),
    )


@router.put(
    "/jobs/{job_id}",
    response={200: JobOut, 403: ErrorOut},
    summary="Change a job or record its end",
)
def change_job(request: AuthenticatedHttpRequest, job_id: int, payload: JobIn) -> JobOut:
    job = access.get_job_for(request.user, job_id, Action.CHANGE_PARTICIPANT)
    return _job_out(
        services.save_job(
            actor=request.user, enrolment=job.enrolment, job=job, **_job_fields(request, payload)
        )
    )


@router.get(
    "/enrolments/{enrolment_id}/profiles",
    response=list[ProfileOut],
    summary="Vocational profile versions",
)
def profiles(request: AuthenticatedHttpRequest, enrolment_id: int) -> list[object]:
    enrolment = access.get_enrolment_for(request.user, enrolment_id, Action.VIEW_PARTICIPANT)
    return list(enrolment.profiles.order_by("-version"))


@router.post(
    "/enrolments/{enrolment_id}/profiles",
    response={201: ProfileOut},
    summary="Save a profile version",
)
def save_profile(
    request: AuthenticatedHttpRequest, enrolment_id: int, payload: ProfileIn
) -> Status:
    enrolment = access.get_enrolment_for(request.user, enrolment_id, Action.CHANGE_PARTICIPANT)
    return Status(
        201, services.save_profile(actor=request.user, enrolment=enrolment, **payload.dict())
    )


@router.get(
    "/enrolments/{enrolment_id}/benefits-counselling",
    response=list[CounsellingOut],
    summary="Benefits counselling",
)
def counselling(request: AuthenticatedHttpRequest, enrolment_id: int) -> list[object]:
    enrolment = access.get_enrolment_for(request.user, enrolment_id, Action.VIEW_PARTICIPANT)
    return list(enrolment.benefits_counselling.all())


@router.post(
    "/enrolments/{enrolment_id}/benefits-counselling",
    response={201: CounsellingOut},
    summary="Record benefits counselling",
)
def record_counselling(
    request: AuthenticatedHttpRequest, enrolment_id: int, payload: CounsellingIn
) -> Status:
    enrolment = access.get_enrolment_for(request.user, enrolment_id, Action.CHANGE_PARTICIPANT)
    return Status(
        201,
        services.record_benefits_counselling(
            actor=request.user, enrolment=enrolment, **payload.dict()
        ),
    )
