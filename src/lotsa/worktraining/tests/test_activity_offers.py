from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lotsa.audit.models import AuditEntry, AuditEvent
from lotsa.errors import DomainError, NotFound
from lotsa.organisations.models import Role
from lotsa.pathways.models import ChecklistEntry
from lotsa.pathways.services import lifecycle
from lotsa.people.extract.views import Format, register_extract
from lotsa.retention import services as retention
from lotsa.testing.clock import TODAY
from lotsa.testing.factories import MembershipFactory, UnitFactory, UserFactory, WorkUnitFactory
from lotsa.worktraining import codes
from lotsa.worktraining.models import ActivityOffer, OfferOutcome
from lotsa.worktraining.services.offers import decide_activity_offer, record_activity_offer

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]
DAYS = datetime.timedelta


@pytest.fixture
def carpentry(knut_team):  # type: ignore[no-untyped-def]
    return WorkUnitFactory(unit=knut_team.unit, name="Snickeriet")


def _offer(knut_team, work_unit, **kwargs):  # type: ignore[no-untyped-def]
    values = {
        "actor": knut_team.work_supervisor,
        "enrolment": knut_team.enrolment,
        "work_unit": work_unit,
        "offered_on": TODAY - DAYS(7),
        "offered_by": knut_team.work_supervisor,
    }
    return record_activity_offer(**(values | kwargs))


def _ticks(enrolment) -> dict[str, datetime.date]:  # type: ignore[no-untyped-def]
    return dict(
        ChecklistEntry.objects.filter(enrolment=enrolment).values_list("item_code", "done_on")
    )


def test_presenting_ticks_activities_presented_and_the_later_choice_ticks_the_choice_once(
    knut_team, carpentry
) -> None:
    textiles = WorkUnitFactory(unit=knut_team.unit, name="Textilen")
    offer = _offer(knut_team, carpentry, recommended=True)
    _offer(knut_team, textiles, offered_on=TODAY - DAYS(5))
    assert _ticks(knut_team.enrolment) == {codes.ACTIVITIES_PRESENTED: TODAY - DAYS(7)}

    decided = decide_activity_offer(
        actor=knut_team.work_supervisor,
        offer=offer,
        outcome=OfferOutcome.CHOSEN,
        day=TODAY - DAYS(2),
        chose_themselves=True,
    )

    assert (decided.outcome, decided.decided_on, decided.chose_themselves) == (
        OfferOutcome.CHOSEN,
        TODAY - DAYS(2),
        True,
    )
    assert _ticks(knut_team.enrolment)[codes.PARTICIPANT_CHOSE_ACTIVITY] == TODAY - DAYS(2)
    with pytest.raises(DomainError) as error:
        decide_activity_offer(
            actor=knut_team.work_supervisor,
            offer=ActivityOffer.objects.get(pk=offer.pk),
            outcome=OfferOutcome.DECLINED,
            day=TODAY,
            reason="Ångrade sig",
        )
    assert "outcome" in error.value.errors
    entries = AuditEntry.objects.filter(event=AuditEvent.ACTIVITY_OFFER_RECORDED)
    assert set(entries.values_list("participant_id", flat=True)) == {
        knut_team.enrolment.participant_id
    }
    assert entries.count() == 3


def test_a_decline_says_why_and_a_choice_is_dated_from_the_presentation_to_today(
    knut_team, carpentry
) -> None:
    with pytest.raises(DomainError) as error:
        _offer(knut_team, carpentry, outcome=OfferOutcome.DECLINED)
    assert "reason" in error.value.errors
    offer = _offer(knut_team, carpentry)
    for day, field in ((TODAY - DAYS(8), "day"), (TODAY + DAYS(1), "day")):
        with pytest.raises(DomainError) as error:
            decide_activity_offer(
                actor=knut_team.work_supervisor, offer=offer, outcome=OfferOutcome.CHOSEN, day=day
            )
        assert field in error.value.errors
    declined = _offer(
        knut_team,
        carpentry,
        outcome=OfferOutcome.DECLINED,
        reason="Ont i ryggen",
        obstacle="Kan inte lyfta tungt",
    )
    assert declined.decided_on == declined.offered_on
    assert codes.PARTICIPANT_CHOSE_ACTIVITY not in _ticks(knut_team.enrolment)


def test_the_work_unit_and_presenter_belong_to_the_cases_unit(knut_team, carpentry) -> None:
    elsewhere = WorkUnitFactory(name="Annan verkstad")
    stranger = UserFactory()
    with pytest.raises(DomainError) as error:
        _offer(knut_team, elsewhere, offered_by=stranger, offered_on=TODAY + DAYS(1))
    assert set(error.value.errors) >= {"work_unit", "offered_by", "offered_on"}
    assert not ActivityOffer.objects.exists()


def test_a_manager_reads_the_offers_but_may_not_record_one(
    knut_team, carpentry, client_for
) -> None:
    _offer(knut_team, carpentry)
    client = client_for(knut_team.manager)
    url = reverse("worktraining:activity-offers", args=[knut_team.enrolment.pk])
    page = client.get(url)
    assert page.status_code == 200 and "Snickeriet" in page.content.decode()
    response = client.post(
        url,
        {
            "work_unit": carpentry.pk,
            "offered_on": TODAY.isoformat(),
            "offered_by": knut_team.work_supervisor.pk,
            "outcome": "pending",
        },
    )
    assert response.status_code == 403
    assert ActivityOffer.objects.count() == 1


def test_another_units_offer_answers_as_missing(knut_team, carpentry, client_for) -> None:
    offer = _offer(knut_team, carpentry)
    outsider = MembershipFactory(unit=UnitFactory(runs=["knut_pv"]), role=Role.COACH).user
    response = client_for(outsider).get(reverse("worktraining:offer-decision", args=[offer.pk]))
    assert response.status_code == 404
    assert AuditEntry.objects.filter(event=AuditEvent.ACCESS_DENIED, actor=outsider).exists()
    with pytest.raises(NotFound):
        decide_activity_offer(actor=outsider, offer=offer, outcome=OfferOutcome.CHOSEN, day=TODAY)


def test_recording_on_the_page_presents_the_activity(knut_team, carpentry, client_for) -> None:
    client = client_for(knut_team.work_supervisor)
    url = reverse("worktraining:activity-offers", args=[knut_team.enrolment.pk])
    bad = client.post(
        url,
        {
            "work_unit": carpentry.pk,
            "offered_on": TODAY.isoformat(),
            "offered_by": knut_team.work_supervisor.pk,
            "outcome": "declined",
        },
    )
    assert bad.status_code == 400 and bad.context["form"].errors["reason"]
    response = client.post(
        url,
        {
            "work_unit": carpentry.pk,
            "offered_on": TODAY.isoformat(),
            "offered_by": knut_team.work_supervisor.pk,
            "outcome": "chosen",
            "chose_themselves": "on",
        },
    )
    assert response.status_code == 302
    offer = ActivityOffer.objects.get()
    assert (offer.outcome, offer.chose_themselves, offer.decided_on) == ("chosen", True, TODAY)


def test_the_offers_page_reads_a_fixed_number_of_queries(knut_team, carpentry, client_for) -> None:
    client = client_for(knut_team.work_supervisor)
    url = reverse("worktraining:activity-offers", args=[knut_team.enrolment.pk])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    _offer(knut_team, carpentry)
    one = queries()
    for n in range(5):
        _offer(knut_team, WorkUnitFactory(unit=knut_team.unit, name=f"Verkstad {n}"))
    assert queries() == one


def test_the_register_extract_lists_the_offers_and_erasure_blanks_their_words(
    knut_team, carpentry, personas, clock
) -> None:
    offer = _offer(
        knut_team,
        carpentry,
        outcome=OfferOutcome.DECLINED,
        reason="Ont i ryggen",
        obstacle="Kan inte lyfta tungt",
    )
    extract = register_extract(
        personas.administrator,
        knut_team.enrolment.participant,
        Format.JSON,
        organisations={knut_team.municipality.pk},
    )
    (listed,) = extract["enrolments"][0]["activity_offers"]
    assert (listed["work_unit"], listed["participant_choice"], listed["obstacle"]) == (
        "Snickeriet",
        "declined",
        "Kan inte lyfta tungt",
    )
    lifecycle.exit_enrolment(
        actor=knut_team.work_supervisor,
        enrolment=knut_team.enrolment,
        day=TODAY,
        reason="regular_job",
    )
    retention.save_rule(
        actor=personas.administrator,
        rule=None,
        organisation=knut_team.municipality,
        programme_code="",
        years=5,
    )
    clock.move_to(datetime.date(TODAY.year + 6, 1, 15))
    retention.erase_due(today=clock.today(), dry_run=False)
    offer.refresh_from_db()
    assert (offer.reason, offer.obstacle, offer.outcome) == ("", "", OfferOutcome.DECLINED)
