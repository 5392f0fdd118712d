"""Employment pages: employer register and page, weekly job-development sheet, jobs,
vocational profiles and benefits counselling."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from lotsa import access
from lotsa.accounts.types import AuthenticatedHttpRequest
from lotsa.audit.models import AuditEvent
from lotsa.audit.services import record
from lotsa.core.pages import action_form_page, form_page, local_next
from lotsa.employment import queries, services
from lotsa.employment.forms import (
    ContactPersonForm,
    CounsellingForm,
    EmployerChangeForm,
    EmployerContactForm,
    EmployerForm,
    FourPaidHoursForm,
    JobRecordForm,
    OccupationSearchForm,
    ProfileForm,
)
from lotsa.employment.occupations import classification_name, occupation_name, search_occupations
from lotsa.employment.rules import competitive_criteria, is_competitive
from lotsa.errors import NotFound
from lotsa.organisations.models import Unit
from lotsa.pathways.models import OPEN_STATUSES, Enrolment, Responsibility

Action = access.Action


def _my_units(request: AuthenticatedHttpRequest) -> Any:
    return Unit.objects.filter(pk__in=access.unit_ids_for(request.user, Action.CHANGE_PARTICIPANT))


def _offered_in_contact_form(request: AuthenticatedHttpRequest) -> list[int]:
    """The participants the employer-contact form names as people the contact may be for."""
    return list(_my_open_enrolments(request).values_list("participant_id", flat=True))


def _my_open_enrolments(request: AuthenticatedHttpRequest) -> Any:
    """The participants a coach develops jobs for: the open cases they are responsible for."""
    mine = Responsibility.objects.filter(staff=request.user, ends_on__isnull=True).values(
        "enrolment_id"
    )
    return (
        Enrolment.objects.filter(pk__in=mine, status__in=OPEN_STATUSES, unit__in=_my_units(request))
        .select_related("participant")
        .order_by("participant__last_name")
    )


@login_required
@require_http_methods(["GET", "POST"])
def employers(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.require(request.user, Action.VIEW_PARTICIPANT)
    query = request.GET.get("q", "")[:100]
    return form_page(
        request,
        EmployerForm(request.POST or None),
        lambda data: services.register_employer(actor=request.user, **data),
        template="employment/employers.html",
        context={"employers": queries.employers_matching(query)[:200], "query": query},
        message=_("The employer is registered."),
        done=lambda employer: reverse("employment:employer", args=[employer.pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def employer(request: AuthenticatedHttpRequest, employer_id: int) -> HttpResponse:
    employer = access.get_employer_for(request.user, employer_id)
    posted = request.POST.get("form")
    employer_form = EmployerChangeForm(
        request.POST if posted == "employer" else None,
        initial={name: getattr(employer, name) for name in services.EMPLOYER_FIELDS}
        | {"version": employer.version},
    )
    person_form = ContactPersonForm(request.POST if posted == "person" else None)
    contact_form = EmployerContactForm(
        request.POST if posted == "contact" else None,
        units=_my_units(request),
        enrolments=_my_open_enrolments(request),
        employer=employer,
    )
    form, save = {
        "employer": (
            employer_form,
            lambda d: services.change_employer(actor=request.user, employer=employer, **d),
        ),
        "person": (
            person_form,
            lambda d: services.add_contact_person(actor=request.user, employer=employer, **d),
        ),
    }.get(
        posted or "",
        (contact_form, lambda d: services.record_employer_contact(actor=request.user, **d)),
    )
    page = queries.employer_page(request.user, employer)
    record(
        AuditEvent.EMPLOYER_VIEWED,
        actor=request.user,
        obj=employer,
        participants=[p.pk for p in page["placed"]] + _offered_in_contact_form(request),
    )
    return form_page(
        request,
        form,
        save,
        template="employment/employer.html",
        context={
            "employer": employer,
            "employer_form": employer_form,
            "person_form": person_form,
            "contact_form": contact_form,
            **page,
        },
        message=_("Saved."),
        done=lambda _saved: reverse("employment:employer", args=[employer.pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def week_sheet(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.require(request.user, Action.CHANGE_PARTICIPANT)
    today_year, today_week, _day = timezone.localdate().isocalendar()
    try:
        year = int(request.GET.get("year", today_year))
        week = int(request.GET.get("week", today_week))
        sheet = queries.week_sheet(request.user, year, week)
    except ValueError:
        raise NotFound("week") from None
    form = EmployerContactForm(
        request.POST or None, units=_my_units(request), enrolments=_my_open_enrolments(request)
    )
    record(
        AuditEvent.JOB_DEVELOPMENT_VIEWED,
        actor=request.user,
        object_type="employment.week",
        object_id=f"{year}-W{week:02d}",
        participants=[
            enrolment.participant_id
            for contact in sheet.contacts
            for enrolment in contact.enrolments.all()
        ]
        + _offered_in_contact_form(request),
    )
    return form_page(
        request,
        form,
        lambda data: services.record_employer_contact(actor=request.user, **data),
        template="employment/week_sheet.html",
        context={"sheet": sheet},
        message=_("The employer contact is recorded."),
        done=lambda contact: (
            f"{reverse('employment:week')}?year={contact.occurred_on.isocalendar()[0]}&week={contact.occurred_on.isocalendar()[1]}"
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def job_create(request: AuthenticatedHttpRequest, enrolment_id: int) -> HttpResponse:
    enrolment = access.get_enrolment_for(request.user, enrolment_id, Action.CHANGE_PARTICIPANT)
    country = queries.country_of_unit(enrolment.unit_id)
    return form_page(
        request,
        JobRecordForm(request.POST or None, country=country),
        lambda data: services.save_job(actor=request.user, enrolment=enrolment, **data),
        template="employment/job_form.html",
        context={"enrolment": enrolment},
        message=_("The job is recorded."),
        done=lambda job: reverse("employment:job", args=[job.pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def job(request: AuthenticatedHttpRequest, job_id: int) -> HttpResponse:
    posted = request.method == "POST"
    job = access.get_job_for(
        request.user, job_id, Action.CHANGE_PARTICIPANT if posted else Action.VIEW_PARTICIPANT
    )
    may_change = job.enrolment.unit_id in access.unit_ids_for(
        request.user, Action.CHANGE_PARTICIPANT
    )
    initial = {name: getattr(job, name) for name in services.JOB_FIELDS if name != "employer"} | {
        "employer": job.employer_id,
        "version": job.version,
    }
    form = JobRecordForm(
        request.POST or None,
        initial=initial,
        country=queries.country_of_unit(job.enrolment.unit_id),
        asks_four_paid_hours=job.starts_on <= timezone.localdate(),
    )
    return form_page(
        request,
        form,
        lambda data: services.save_job(
            actor=request.user, enrolment=job.enrolment, job=job, **data
        ),
        template="employment/job.html",
        context={
            "job": job,
            "may_change": may_change,
            "competitive": is_competitive(job),
            "criteria": competitive_criteria(job),
            "occupation": occupation_name(job.employer.country, job.occupation_code),
            "classification": classification_name(job.employer.country),
            "follow_along": queries.follow_along_statuses(job),
            "support_contacts": list(
                job.support_contacts.select_related("staff").order_by("-occurred_at")[:50]
            ),
            "ask_four_paid_hours": may_change and queries.awaits_four_paid_hours(job),
            "today": timezone.localdate(),
        },
        message=_("The job is saved."),
        done=lambda saved: reverse("employment:job", args=[saved.pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def four_paid_hours(request: AuthenticatedHttpRequest, job_id: int) -> HttpResponse:
    """Record when the participant had worked four paid hours in the job; from the job page
    and the Today page, which come back to where they were asked from (``next``)."""
    job = access.get_job_for(request.user, job_id, Action.CHANGE_PARTICIPANT)
    back = local_next(request, reverse("employment:job", args=[job.pk]))
    return form_page(
        request,
        FourPaidHoursForm(request.POST or None, initial={"version": job.version}),
        lambda data: services.record_four_paid_hours(actor=request.user, job=job, **data),
        template="employment/four_paid_hours.html",
        context={"job": job, "next": back},
        message=_("The four paid hours are recorded: the job start now counts in the reports."),
        done=lambda _saved: back,
    )


@login_required
@require_GET
def occupation_search(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The options of the job form's occupation field for what the user has typed so far: an
    HTML fragment for htmx. The occupation lists are data files, so no personal data is read."""
    access.require(request.user, Action.CHANGE_PARTICIPANT)
    form = OccupationSearchForm(request.GET)
    if not form.is_valid():
        return render(request, "employment/_occupation_options.html", {"form": form}, status=400)
    found = search_occupations(form.cleaned_data["country"], form.cleaned_data["q"])
    return render(
        request,
        "employment/_occupation_options.html",
        {"form": form, "occupations": found, "searched": bool(form.cleaned_data["q"].strip())},
    )


@login_required
def unit_jobs(request: AuthenticatedHttpRequest, unit_id: int) -> HttpResponse:
    unit = access.get_unit_for(request.user, unit_id, Action.VIEW_PARTICIPANT)
    jobs = queries.unit_jobs(unit)
    record(
        AuditEvent.CASELOAD_VIEWED,
        actor=request.user,
        obj=unit,
        changes={"jobs": True},
        participants=[
            job.enrolment.participant_id
            for key in ("current", "started_this_quarter", "ended")
            for job in jobs[key]
        ],
    )
    return render(request, "employment/unit_jobs.html", {"unit": unit, **jobs})


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: AuthenticatedHttpRequest, enrolment_id: int) -> HttpResponse:
    if request.method == "GET":
        enrolment = access.get_case_to_work_on(request.user, enrolment_id)
        title = _("Write a new version of the profile")
        form = ProfileForm(initial={"version": queries.latest_profile_version(enrolment)})
        return action_form_page(request, enrolment, form, title)
    enrolment = access.get_enrolment_for(request.user, enrolment_id, Action.CHANGE_PARTICIPANT)
    return form_page(
        request,
        ProfileForm(request.POST),
        lambda data: services.save_profile(actor=request.user, enrolment=enrolment, **data),
        template="employment/simple_form.html",
        context={"enrolment": enrolment, "title": _("Vocational profile")},
        message=_("A new version of the vocational profile is saved."),
        done=lambda _profile: reverse("pathways:case", args=[enrolment.pk]) + "#employment",
    )


@login_required
@require_http_methods(["GET", "POST"])
def counselling(request: AuthenticatedHttpRequest, enrolment_id: int) -> HttpResponse:
    if request.method == "GET":
        enrolment = access.get_case_to_work_on(request.user, enrolment_id)
        title = _("Record benefits counselling")
        form = CounsellingForm(country=enrolment.unit.organisation.country)
        return action_form_page(request, enrolment, form, title)
    enrolment = access.get_enrolment_for(request.user, enrolment_id, Action.CHANGE_PARTICIPANT)
    return form_page(
        request,
        CounsellingForm(request.POST, country=enrolment.unit.organisation.country),
        lambda data: services.record_benefits_counselling(
            actor=request.user, enrolment=enrolment, **data
        ),
        template="employment/simple_form.html",
        context={"enrolment": enrolment, "title": _("Benefits counselling")},
        message=_("The benefits counselling is recorded."),
        done=lambda _c: reverse("pathways:case", args=[enrolment.pk]) + "#employment",
    )
