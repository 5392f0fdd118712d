"""The rows of the services of staff, units, employers and fidelity reviews."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from lotsa.accounts import services as accounts
from lotsa.audit.tests.audited.rows import (
    DAYS,
    TODAY,
    Call,
    Case,
    E,
    World,
    on_case,
    one,
    several,
)
from lotsa.employment import services as employment
from lotsa.employment.occupations import occupations
from lotsa.fidelity import services as fidelity
from lotsa.fidelity.models import ImprovementAction
from lotsa.fidelity.scale import current_scale
from lotsa.organisations import services as organisations
from lotsa.organisations.models import Organisation, Role
from lotsa.retention import services as retention
from lotsa.testing.factories import (
    swedish_org_number,
)

NEW_PASSWORD = "a fresh passphrase of some length"


def _staff_save(w: World) -> Call:
    return Call(
        {
            "actor": w.personas.administrator,
            "staff": None,
            "username": "new_staff",
            "first_name": "Ny",
            "last_name": "Anställd",
            "email": "ny@example.org",
            "password": NEW_PASSWORD,
        }
    )


def _staff_change(w: World) -> Call:
    coach = w.personas.coach_a
    return Call(
        {
            "actor": w.personas.administrator,
            "staff": coach,
            "username": coach.username,
            "first_name": coach.first_name,
            "last_name": coach.last_name,
            "email": coach.email,
            "title": "Arbetsspecialist",
        }
    )


def _token_revocation(w: World) -> Call:
    token, _key = accounts.create_api_token(actor=w.personas.coach_a, name="old")
    return Call({"actor": w.personas.coach_a, "token": token})


def _organisation(w: World, organisation: Organisation | None) -> Call:
    return Call(
        {
            "actor": w.personas.administrator,
            "organisation": organisation,
            "name": "Nyby kommun",
            "kind": Organisation.Kind.MUNICIPALITY,
            "country": "SE",
            "organisation_number": organisation.organisation_number
            if organisation
            else swedish_org_number(4711),
        }
    )


def _unit(w: World, *, existing: bool) -> Call:
    return Call(
        {
            "actor": w.personas.administrator,
            "unit": w.personas.unit_b if existing else None,
            "organisation": w.personas.municipality,
            "name": "Nya enheten",
        }
    )


def _membership(w: World, *, existing: bool) -> Call:
    membership = w.personas.coach_b.memberships.get() if existing else None  # type: ignore[attr-defined]
    return Call(
        {
            "actor": w.personas.administrator,
            "membership": membership,
            "user": w.personas.coach_b,
            "unit": w.personas.unit_b if existing else w.personas.unit_a,
            "employer": w.personas.unit_b.organisation if existing else w.personas.municipality,
            "role": Role.COACH,
            "fte": Decimal("0.50"),
            "starts_on": datetime.date(2020, 1, 1),
        }
    )


def _employer(w: World) -> Any:
    return employment.register_employer(**_employer_call(w).kwargs)


def _employer_call(w: World) -> Call:
    return Call(
        {
            "actor": w.personas.coach_a,
            "name": "Testbolaget AB",
            "country": "SE",
            "organisation_number": swedish_org_number(815),
            "sector": "private",
        }
    )


def _employer_contact(w: World) -> Call:
    enrolment = w.started()
    return Call(
        {
            "actor": w.personas.coach_a,
            "employer": _employer(w),
            "unit": w.personas.unit_a,
            "occurred_on": TODAY,
            "purpose": "present_candidate",
            "enrolments": [enrolment],
        },
        enrolment.participant_id,
    )


def _job(w: World) -> Call:
    return on_case(
        w.started(),
        w.personas.coach_a,
        employer=_employer(w),
        title="Lagerarbetare",
        occupation_code=next(iter(occupations("SE"))),
        starts_on=TODAY - DAYS(5),
        hours_per_week=Decimal("20"),
        hourly_wage=Decimal("150"),
        currency="SEK",
        form="open_market",
    )


def _four_paid_hours(w: World) -> Call:
    job = employment.save_job(**_job(w).kwargs)
    return Call(
        {"actor": w.personas.coach_a, "job": job, "four_paid_hours_on": TODAY},
        job.enrolment.participant_id,
    )


def _review(w: World) -> Any:
    return fidelity.plan_review(**_review_call(w).kwargs)


def _review_call(w: World) -> Call:
    return Call(
        {
            "actor": w.personas.reviewer,
            "unit": w.personas.unit_a,
            "mode": "external",
            "period_start": TODAY - DAYS(180),
            "period_end": TODAY,
            "reviewers": [w.personas.reviewer],
        }
    )


def _rated(w: World) -> Any:
    review = _review(w)
    for number in current_scale().items:
        fidelity.rate_item(actor=w.personas.reviewer, review=review, item_number=number, score=4)
    return review


def _in_consensus(w: World) -> Any:
    review = _rated(w)
    fidelity.submit_ratings(actor=w.personas.reviewer, review=review)
    return review


def _agreed(w: World, recommended: tuple[int, ...] = ()) -> Any:
    review = _in_consensus(w)
    for number in current_scale().items:
        fidelity.agree_item(
            actor=w.personas.reviewer,
            review=review,
            item_number=number,
            score=4,
            recommendations="Fler arbetsgivarbesök" if number in recommended else "",
        )
    return review


def _on_review(w: World, review: Any, **kwargs: Any) -> Call:
    return Call({"actor": w.personas.reviewer, "review": review, **kwargs})


def _rating_change(w: World) -> Call:
    review = _review(w)
    rating = fidelity.rate_item(actor=w.personas.reviewer, review=review, item_number=1, score=2)
    return Call({"actor": w.personas.reviewer, "rating": rating, "score": 3})


def _action(w: World) -> Call:
    review = _review(w)
    action = ImprovementAction.objects.create(
        unit=w.personas.unit_a, review=review, item_number=17, description="Fler arbetsgivare"
    )
    return Call({"actor": w.personas.team_leader_a, "action": action, "status": "in_progress"})


def _retention_rule(w: World, *, existing: bool) -> Call:
    rule = (
        retention.save_rule(
            actor=w.personas.administrator,
            rule=None,
            organisation=w.personas.municipality,
            programme_code="ips",
            years=5,
        )
        if existing
        else None
    )
    return Call(
        {
            "actor": w.personas.administrator,
            "rule": rule,
            "organisation": w.personas.municipality,
            "programme_code": "ips",
            "years": 10,
            "keep_research_sample": True,
            "decision": "Gallringsbeslut 2026:14",
        }
    )


STAFF_WRITES: list[Case] = [
    # retention
    one(
        retention.save_rule,
        E.RETENTION_RULE_SAVED,
        lambda w: _retention_rule(w, existing=False),
        "new",
    ),
    one(
        retention.save_rule,
        E.RETENTION_RULE_SAVED,
        lambda w: _retention_rule(w, existing=True),
        "changed",
    ),
    # accounts
    one(accounts.save_staff, E.USER_CREATED, _staff_save, "new"),
    one(accounts.save_staff, E.USER_UPDATED, _staff_change, "changed"),
    one(
        accounts.save_reminder_choice,
        E.USER_UPDATED,
        lambda w: Call({"actor": w.personas.coach_a, "wants_email": True}),
    ),
    one(
        accounts.change_password,
        E.PASSWORD_CHANGED,
        lambda w: Call(
            {"actor": w.personas.coach_a, "user": w.personas.coach_a, "password": NEW_PASSWORD}
        ),
    ),
    one(
        accounts.create_api_token,
        E.API_TOKEN_CREATED,
        lambda w: Call({"actor": w.personas.coach_a, "name": "Rapporter"}),
    ),
    one(accounts.revoke_api_token, E.API_TOKEN_REVOKED, _token_revocation),
    # organisations
    one(
        organisations.save_organisation,
        E.ORGANISATION_CREATED,
        lambda w: _organisation(w, None),
        "new",
    ),
    one(
        organisations.save_organisation,
        E.ORGANISATION_UPDATED,
        lambda w: _organisation(w, w.personas.municipality),
        "changed",
    ),
    one(organisations.save_unit, E.UNIT_CREATED, lambda w: _unit(w, existing=False), "new"),
    one(organisations.save_unit, E.UNIT_UPDATED, lambda w: _unit(w, existing=True), "changed"),
    one(
        organisations.save_membership,
        E.MEMBERSHIP_CREATED,
        lambda w: _membership(w, existing=False),
        "new",
    ),
    one(
        organisations.save_membership,
        E.MEMBERSHIP_UPDATED,
        lambda w: _membership(w, existing=True),
        "changed",
    ),
    # employment
    one(employment.register_employer, E.EMPLOYER_SAVED, _employer_call),
    one(
        employment.change_employer,
        E.EMPLOYER_SAVED,
        lambda w: Call(
            {
                **_employer_call(w).kwargs,
                "employer": _employer(w),
                "name": "Testbolaget i Norr AB",
                "version": 1,
            }
        ),
    ),
    one(
        employment.add_contact_person,
        E.EMPLOYER_SAVED,
        lambda w: Call({"actor": w.personas.coach_a, "employer": _employer(w), "name": "Eva"}),
    ),
    one(employment.record_employer_contact, E.EMPLOYER_CONTACT_CREATED, _employer_contact),
    one(employment.save_job, E.JOB_SAVED, _job),
    one(employment.record_four_paid_hours, E.JOB_SAVED, _four_paid_hours),
    one(
        employment.save_profile,
        E.PROFILE_SAVED,
        lambda w: on_case(w.started(), w.personas.coach_a, written_on=TODAY, strengths="Noggrann"),
    ),
    one(
        employment.record_benefits_counselling,
        E.COUNSELLING_SAVED,
        lambda w: on_case(w.started(), w.personas.coach_a, offered_on=TODAY, provider="coach"),
    ),
    # fidelity
    one(fidelity.plan_review, E.FIDELITY_REVIEW_SAVED, _review_call),
    one(
        fidelity.rate_item,
        E.FIDELITY_RATED,
        lambda w: _on_review(w, _review(w), item_number=1, score=4),
    ),
    one(fidelity.change_rating, E.FIDELITY_RATED, _rating_change),
    one(fidelity.submit_ratings, E.FIDELITY_SUBMITTED, lambda w: _on_review(w, _rated(w))),
    one(
        fidelity.agree_item,
        E.FIDELITY_AGREED,
        lambda w: _on_review(w, _in_consensus(w), item_number=1, score=4),
    ),
    one(fidelity.finalise_review, E.FIDELITY_FINALISED, lambda w: _on_review(w, _agreed(w))),
    several(
        fidelity.finalise_review,
        (E.FIDELITY_FINALISED, E.IMPROVEMENT_SAVED, E.IMPROVEMENT_SAVED),
        lambda w: _on_review(w, _agreed(w, recommended=(17, 18))),
        "the review's two recommendations come into the improvement register, by its finaliser",
        path="with recommendations",
    ),
    one(fidelity.update_action, E.FIDELITY_ACTION_SAVED, _action),
]
