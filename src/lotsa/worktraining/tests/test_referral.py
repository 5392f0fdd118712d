"""The commissioner's referral: stated needs, services from the concept list, what to train or
test, and the warning when it asks for a work-ability assessment."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from lotsa.audit.models import AuditEntry, AuditEvent
from lotsa.errors import DomainError, NotFound
from lotsa.organisations.models import Organisation
from lotsa.pathways.models import ChecklistEntry
from lotsa.referrals.models import Referral
from lotsa.testing.factories import (
    EnrolmentFactory,
    MembershipFactory,
    OrganisationFactory,
    ReferralFactory,
    UnitFactory,
    UserFactory,
)
from lotsa.testing.personas import KnutTeam
from lotsa.testing.queries import page_queries
from lotsa.worktraining import codes
from lotsa.worktraining.models import WorkTrainingReferral
from lotsa.worktraining.queries.records import inbox_referrals_for
from lotsa.worktraining.services.referral import ReferralDetails, save_work_referral
from lotsa.worktraining.tests.records_helpers import english

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]

DAY = datetime.date(2026, 11, 20)
ASSESSMENT = "work_ability_assessment"
# The referral page: the session and its user, the case, the user's roles, the opening's audit
# entry, the referral with the inbox referral it names, and the inbox's choices.
REFERRAL_PAGE_QUERIES = 7


def details(**changes: Any) -> ReferralDetails:
    values: dict[str, Any] = {
        "commissioner": "municipal_social_assistance",
        "received_on": DAY,
        "stated_needs": "Behöver komma igång med regelbundna arbetstider.",
        "requested_services": ["work_training"],
        "to_train_or_test": "Passa tider, arbeta i grupp.",
        "participant_category": "regular",
        "need_category": "AM2",
    }
    return ReferralDetails(**(values | changes))


def form_data(**changes: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "commissioner": "municipal_social_assistance",
        "received_on": DAY.isoformat(),
        "stated_needs": "Behöver komma igång.",
        "requested_services": ["work_training", ASSESSMENT],
        "to_train_or_test": "Uthållighet.",
        "participant_category": "regular",
    }
    return values | changes


def test_the_referral_records_what_the_commissioner_asked_and_ticks_needs_stated(
    knut_team: KnutTeam,
) -> None:
    saved = save_work_referral(
        actor=knut_team.work_supervisor, enrolment=knut_team.enrolment, details=details()
    )

    assert saved.requested_services == ["work_training"]
    assert saved.assessment_warning_shown_on is None
    tick = ChecklistEntry.objects.get(
        enrolment=knut_team.enrolment, item_code=codes.REFERRAL_NEEDS_STATED
    )
    assert tick.done_on == DAY
    entry = AuditEntry.objects.get(event=AuditEvent.WORK_REFERRAL_SAVED)
    assert entry.participant_id == knut_team.enrolment.participant_id


def test_asking_for_a_work_ability_assessment_warns_and_suggests_observation(
    knut_team: KnutTeam,
) -> None:
    with pytest.raises(DomainError) as refused:
        save_work_referral(
            actor=knut_team.work_supervisor,
            enrolment=knut_team.enrolment,
            details=details(requested_services=["work_training", ASSESSMENT]),
        )

    (warning,) = refused.value.errors["requested_services"]
    assert "Work-ability assessment is not something a work-training unit delivers" in warning
    assert "Observation of functional ability" in warning
    assert not WorkTrainingReferral.objects.exists()


def test_confirmed_the_referral_is_saved_and_the_day_of_the_warning_kept(
    knut_team: KnutTeam, clock: Any
) -> None:
    first = save_work_referral(
        actor=knut_team.work_supervisor,
        enrolment=knut_team.enrolment,
        details=details(requested_services=[ASSESSMENT]),
        confirm_not_offered=True,
    )
    warned_on = first.assessment_warning_shown_on
    assert warned_on == clock.today()
    clock.advance(days=3)

    again = save_work_referral(
        actor=knut_team.work_supervisor,
        enrolment=knut_team.enrolment,
        details=details(requested_services=[ASSESSMENT, "work_training"]),
        confirm_not_offered=True,
    )

    assert again.pk == first.pk
    assert again.assessment_warning_shown_on == warned_on
    dropped = save_work_referral(
        actor=knut_team.work_supervisor, enrolment=knut_team.enrolment, details=details()
    )
    assert dropped.assessment_warning_shown_on is None


def test_a_swedish_agency_is_refused_as_commissioner_in_a_danish_unit() -> None:
    danish = OrganisationFactory.create(country="DK", kind=Organisation.Kind.MUNICIPALITY)
    unit = UnitFactory.create(organisation=danish, runs=["knut_pv"])
    enrolment = EnrolmentFactory.create(unit=unit, programme_model="knut_pv", phase="work_training")
    staff = UserFactory.create()
    MembershipFactory.create(user=staff, unit=unit)

    with pytest.raises(DomainError) as refused:
        save_work_referral(actor=staff, enrolment=enrolment, details=details(commissioner="af"))

    assert refused.value.errors["commissioner"] == ["This agency does not work in Denmark."]


def test_a_service_outside_the_list_and_an_empty_request_are_refused(knut_team: KnutTeam) -> None:
    for services in (["horoscopes"], []):
        with pytest.raises(DomainError) as refused:
            save_work_referral(
                actor=knut_team.work_supervisor,
                enrolment=knut_team.enrolment,
                details=details(requested_services=services),
            )
        assert "requested_services" in refused.value.errors


def test_a_referral_received_in_the_future_is_refused(knut_team: KnutTeam, clock: Any) -> None:
    with pytest.raises(DomainError) as refused:
        save_work_referral(
            actor=knut_team.work_supervisor,
            enrolment=knut_team.enrolment,
            details=details(received_on=clock.today() + datetime.timedelta(days=1)),
        )

    assert "received_on" in refused.value.errors


def test_a_manager_may_not_record_a_referral(knut_team: KnutTeam) -> None:
    with pytest.raises(NotFound):
        save_work_referral(
            actor=knut_team.manager, enrolment=knut_team.enrolment, details=details()
        )


def test_the_page_shows_the_warning_and_then_saves_when_confirmed(
    knut_team: KnutTeam, client_for: Any
) -> None:
    client = english(client_for(knut_team.work_supervisor))
    url = f"/work-training/cases/{knut_team.enrolment.pk}/referral/"

    warned = client.post(url, form_data())

    assert warned.status_code == 400
    html = warned.content.decode()
    assert "needs specially trained, licensed professionals" in html
    assert "Observation of functional ability" in html
    assert 'name="confirm_not_offered"' in html
    saved = client.post(url, form_data(confirm_not_offered="on"))
    assert saved.status_code == 302
    referral = WorkTrainingReferral.objects.get(enrolment=knut_team.enrolment)
    assert referral.requested_services == ["work_training", ASSESSMENT]
    shown = client.get(url).content.decode()
    assert "not offered by work-training units" in shown


def test_the_form_offers_no_danish_or_foreign_agency_in_a_swedish_unit(
    knut_team: KnutTeam, client_for: Any
) -> None:
    html = (
        client_for(knut_team.work_supervisor)
        .get(f"/work-training/cases/{knut_team.enrolment.pk}/referral/")
        .content.decode()
    )

    assert 'value="af"' in html
    assert 'value="jobcentre"' not in html


def test_opening_the_referral_is_logged_as_its_own_read(
    knut_team: KnutTeam, client_for: Any
) -> None:
    client_for(knut_team.manager).get(f"/work-training/cases/{knut_team.enrolment.pk}/referral/")

    entry = AuditEntry.objects.get(event=AuditEvent.WORK_REFERRAL_VIEWED)
    assert (entry.actor_id, entry.participant_id) == (
        knut_team.manager.pk,
        knut_team.enrolment.participant_id,
    )


def test_a_manager_gets_403_on_saving_and_another_units_case_is_not_found(
    knut_team: KnutTeam, personas: Any, client_for: Any
) -> None:
    url = f"/work-training/cases/{knut_team.enrolment.pk}/referral/"

    assert client_for(knut_team.manager).post(url, form_data()).status_code == 403
    assert client_for(personas.coach_a).get(url).status_code == 404
    assert AuditEntry.objects.filter(
        event=AuditEvent.ACCESS_DENIED, actor=personas.coach_a
    ).exists()


def test_a_case_of_another_model_has_no_referral_page(knut_team: KnutTeam, client_for: Any) -> None:
    other = EnrolmentFactory.create(unit=knut_team.unit, programme_model="ips")

    response = client_for(knut_team.work_supervisor).get(
        f"/work-training/cases/{other.pk}/referral/"
    )

    assert response.status_code == 404


def test_the_referral_page_costs_the_same_with_more_services(
    knut_team: KnutTeam, client_for: Any
) -> None:
    client = client_for(knut_team.work_supervisor)
    url = f"/work-training/cases/{knut_team.enrolment.pk}/referral/"
    save_work_referral(
        actor=knut_team.work_supervisor, enrolment=knut_team.enrolment, details=details()
    )
    one = page_queries(client, url)
    save_work_referral(
        actor=knut_team.work_supervisor,
        enrolment=knut_team.enrolment,
        details=details(
            requested_services=["work_training", "work_trial", "placement", "coaching"]
        ),
    )

    assert page_queries(client, url) == one


def _received(team: KnutTeam, **changes: Any) -> Referral:
    """A referral of the team's participant in the unit's inbox, from the social services."""
    values: dict[str, Any] = {
        "from_unit": UnitFactory.create(name="Socialtjänsten Norr"),
        "to_unit": team.unit,
        "participant": team.enrolment.participant,
        "programme_model": codes.PROGRAMME,
        "sent_on": DAY - datetime.timedelta(days=5),
    }
    return ReferralFactory.create(**(values | changes))


def test_the_referral_names_the_one_in_the_inbox_and_links_to_it(
    knut_team: KnutTeam, client_for: Any
) -> None:
    inbox = _received(knut_team)
    client = english(client_for(knut_team.work_supervisor))
    url = f"/work-training/cases/{knut_team.enrolment.pk}/referral/"

    saved = client.post(url, form_data(requested_services=["work_training"], referral=inbox.pk))

    assert saved.status_code == 302
    assert WorkTrainingReferral.objects.get(enrolment=knut_team.enrolment).referral == inbox
    entry = AuditEntry.objects.get(event=AuditEvent.WORK_REFERRAL_SAVED)
    assert entry.changes["referral"] == inbox.pk
    html = client.get(url).content.decode()
    assert f'<a href="/referrals/{inbox.pk}/">Sent on' in html
    assert "from Socialtjänsten Norr" in html
    assert f'<option value="{inbox.pk}" selected>' in html

    unlinked = client.post(url, form_data(requested_services=["work_training"]))

    assert unlinked.status_code == 302
    assert WorkTrainingReferral.objects.get(enrolment=knut_team.enrolment).referral is None


def test_a_referral_of_another_person_or_received_elsewhere_is_refused_on_its_field(
    knut_team: KnutTeam, client_for: Any
) -> None:
    other_person = _received(
        knut_team, participant=EnrolmentFactory.create(unit=knut_team.unit).participant
    )
    other_unit = _received(knut_team, to_unit=UnitFactory.create(runs=["knut_pv"]))

    for inbox, message in (
        (other_person, "The referral is about another person."),
        (other_unit, "Choose a referral this unit received."),
    ):
        with pytest.raises(DomainError) as refused:
            save_work_referral(
                actor=knut_team.work_supervisor,
                enrolment=knut_team.enrolment,
                details=details(),
                referral=inbox,
            )
        assert refused.value.errors == {"referral": [message]}
        response = client_for(knut_team.work_supervisor).post(
            f"/work-training/cases/{knut_team.enrolment.pk}/referral/",
            form_data(requested_services=["work_training"], referral=inbox.pk),
        )
        assert response.status_code == 400
        assert list(response.context["form"].errors) == ["referral"]
    assert not WorkTrainingReferral.objects.exists()


def test_the_form_offers_only_the_participants_referrals_the_unit_received(
    knut_team: KnutTeam, personas: Any, client_for: Any
) -> None:
    earlier = _received(knut_team, sent_on=DAY - datetime.timedelta(days=40), status="declined")
    latest = _received(knut_team)
    _received(knut_team, participant=EnrolmentFactory.create(unit=knut_team.unit).participant)
    _received(knut_team, to_unit=UnitFactory.create(runs=["knut_pv"]))
    _received(knut_team, from_unit=knut_team.unit, to_unit=UnitFactory.create(runs=["ips"]))
    _received(knut_team, participant=None)

    response = client_for(knut_team.work_supervisor).get(
        f"/work-training/cases/{knut_team.enrolment.pk}/referral/"
    )

    offered = list(response.context["form"].fields["referral"].queryset)
    assert offered == [latest, earlier]
    assert list(inbox_referrals_for(personas.coach_a, knut_team.enrolment)) == []


def test_the_referral_form_costs_the_same_whatever_the_inbox_holds(
    knut_team: KnutTeam, client_for: Any
) -> None:
    client = client_for(knut_team.work_supervisor)
    url = f"/work-training/cases/{knut_team.enrolment.pk}/referral/"
    save_work_referral(
        actor=knut_team.work_supervisor,
        enrolment=knut_team.enrolment,
        details=details(),
        referral=_received(knut_team),
    )
    one = page_queries(client, url)
    for days in range(1, 4):
        _received(knut_team, sent_on=DAY - datetime.timedelta(days=10 + days))

    assert page_queries(client, url) == one == REFERRAL_PAGE_QUERIES
