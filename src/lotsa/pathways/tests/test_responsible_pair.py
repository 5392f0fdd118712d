"""The joint case's two responsible caseworkers, one from each agency, shown wherever the case is."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from lotsa.pathways.models import Enrolment
from lotsa.pathways.services.responsibility import hand_over

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]


def test_the_pair_shows_on_the_case_and_both_caseloads(personas: Any, client_for: Any) -> None:
    amia = Enrolment.objects.get(participant=personas.joint)
    fk, af = client_for(personas.fk_caseworker), client_for(personas.af_caseworker)
    case = fk.get(f"/cases/{amia.pk}/")
    pair = case.context["responsible_pair"]
    assert [(m.agency, m.staff) for m in pair] == [
        ("forsakringskassan", [personas.fk_caseworker]),
        ("arbetsformedlingen", []),
    ]
    assert "dela ärendet med en handläggare från Arbetsförmedlingen" in case.content.decode()
    assert af.get("/caseload/").context["rows"] == []
    hand_over(
        actor=personas.fk_caseworker,
        enrolment=amia,
        to_staff=personas.af_caseworker,
        day=datetime.date(2025, 3, 10),
        share=True,
    )
    pair = fk.get(f"/cases/{amia.pk}/").context["responsible_pair"]
    assert [m.staff for m in pair] == [[personas.fk_caseworker], [personas.af_caseworker]]
    for client in (fk, af):
        [row] = client.get("/caseload/").context["rows"]
        assert row.enrolment == amia
        assert [m.staff for m in row.pair] == [[personas.fk_caseworker], [personas.af_caseworker]]
    shown = af.get("/caseload/").content.decode()
    assert (
        f"Försäkringskassan: {personas.fk_caseworker}; Arbetsförmedlingen: {personas.af_caseworker}"
        in shown
    )


def test_a_model_without_a_pair_lists_its_responsible_staff(personas: Any, client_for: Any) -> None:
    ips = Enrolment.objects.get(participant=personas.own)
    case = client_for(personas.coach_a).get(f"/cases/{ips.pk}/")
    assert case.context["responsible_pair"] == []
    assert case.context["current_responsible"] == [personas.coach_a]
    [row] = client_for(personas.coach_a).get("/caseload/").context["rows"]
    assert row.pair == []
