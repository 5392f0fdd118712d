"""Two staff writing a new version of one plan: the second, written from a version that is no
longer the newest, is refused with a message to reload instead of replacing the first unseen."""

from __future__ import annotations

import datetime

import pytest

from lotsa.casework.models import PlanRevision
from lotsa.casework.services import PlanInput, revise_plan
from lotsa.errors import EditConflict

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]
START = datetime.date(2026, 1, 10)


def test_a_plan_written_from_an_older_version_is_refused(personas, case) -> None:
    enrolment = case("ips", started_on=START)
    revise_plan(actor=personas.coach_a, enrolment=enrolment, plan=PlanInput("Jobb"), based_on=0)
    with pytest.raises(EditConflict) as error:
        revise_plan(
            actor=personas.colleague_a, enrolment=enrolment, plan=PlanInput("Studier"), based_on=0
        )
    assert "reload" in error.value.errors["version"][0]
    assert list(enrolment.plan_revisions.values_list("long_term_goal", flat=True)) == ["Jobb"]
    newer = revise_plan(
        actor=personas.colleague_a, enrolment=enrolment, plan=PlanInput("Studier"), based_on=1
    )
    assert newer.number == 2


def test_the_plan_page_refuses_a_form_opened_before_another_save(
    personas, case, client_for
) -> None:
    enrolment = case("ips", started_on=START)
    url = f"/cases/{enrolment.pk}/plan/"
    first, second = client_for(personas.coach_a), client_for(personas.colleague_a)
    for client in (first, second):
        opened = client.get(url)
        assert 'name="version" value="0"' in opened.content.decode()
    saved = first.post(url, {"long_term_goal": "Jobb", "version": "0"})
    assert saved.status_code == 302
    refused = second.post(url, {"long_term_goal": "Studier", "version": "0"})
    assert refused.status_code == 400
    assert "Någon annan har ändrat detta sedan du öppnade det" in refused.content.decode()
    assert PlanRevision.objects.filter(enrolment=enrolment).count() == 1
    assert 'name="version" value="1"' in second.get(url).content.decode()


def test_the_api_refuses_a_plan_written_from_an_older_version(personas, case, api_for) -> None:
    enrolment = case("ips", started_on=START)
    api = api_for(personas.coach_a)
    url = f"/api/enrolments/{enrolment.pk}/plans"
    body = {"long_term_goal": "Jobb", "version": 0}
    assert api.post(url, body, content_type="application/json").status_code == 201
    refused = api.post(url, body, content_type="application/json")
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["loc"] == ["body", "version"]
    # A client that sends no version saves the next version, as before.
    unchecked = api.post(url, {"long_term_goal": "Studier"}, content_type="application/json")
    assert unchecked.status_code == 201 and unchecked.json()["number"] == 2
