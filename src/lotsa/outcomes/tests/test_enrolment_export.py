"""The export of all enrolments: pseudonymous, complete, refused where it must be, streamed."""

from __future__ import annotations

import io
import tracemalloc
from typing import Any

import pytest
from django.core.management import call_command
from django.db.models import Count

from lotsa.accounts.models import User
from lotsa.audit.models import AuditEntry
from lotsa.outcomes import enrolments
from lotsa.pathways.models import Enrolment
from lotsa.people.pseudonyms import pseudonym
from lotsa.testing.factories import OrganisationFactory, UnitFactory
from lotsa.testing.spreadsheets import read_csv


def _rows(response: Any) -> list[list[str]]:
    return read_csv(response.streaming_content)


@pytest.mark.django_db
def test_the_export_lists_every_enrolment_of_the_units_under_pseudonyms(
    personas: Any, client_for: Any
) -> None:
    client = client_for(personas.manager_a)
    response = client.get(f"/outcomes/enrolments.csv?unit={personas.unit_a.pk}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    header, *rows = _rows(response)
    assert header[:3] == ["Inskrivning", "Pseudonym", "Organisation"]
    expected = Enrolment.objects.filter(unit=personas.unit_a).order_by("pk")
    assert [row[0] for row in rows] == [pseudonym(e.pk, "enrolment") for e in expected]
    assert rows[0][0].startswith("E-") and rows[0][1].startswith("P-")
    first = expected.select_related("participant").first()
    assert rows[0][1] == pseudonym(first.participant_id)
    text = "\n".join(",".join(row) for row in rows)
    assert first.participant.last_name not in text
    assert first.participant.identity_number not in text
    logged = AuditEntry.objects.filter(event="outcomes.export", actor=personas.manager_a).last()
    assert logged.changes == {
        "report": "enrolments",
        "format": "csv",
        "units": [personas.unit_a.pk],
    }


@pytest.mark.django_db
def test_the_export_refuses_what_the_viewer_may_not_see(personas: Any, client_for: Any) -> None:
    client = client_for(personas.coach_a)
    elsewhere = UnitFactory(organisation=OrganisationFactory())
    foreign = client.get(f"/outcomes/enrolments.csv?unit={elsewhere.pk}")
    unknown = client.get("/outcomes/enrolments.csv?unit=999999")
    assert foreign.status_code == unknown.status_code == 404
    bad = client.get("/outcomes/enrolments.csv?unit=first")
    assert bad.status_code == 400
    assert "Välj ett alternativ i listan." in bad.content.decode()
    assert AuditEntry.objects.filter(event="access.denied", actor=personas.coach_a).exists()
    assert client_for(personas.administrator).get("/outcomes/enrolments.csv").status_code == 403


def _peak_while_reading(client: Any, url: str) -> tuple[int, int]:
    tracemalloc.start()
    response = client.get(url)
    count = sum(block.count(b"\n") for block in response.streaming_content) - 1
    _now, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return count, peak


@pytest.mark.django_db(transaction=True)
def test_the_export_streams_with_flat_memory(client_for: Any, monkeypatch: Any) -> None:
    call_command("synth", "--scale", "tiny", stdout=io.StringIO())
    monkeypatch.setattr(enrolments, "EXPORT_CHUNK", 100)
    # The organisation with the fewest enrolments against all of them.
    smallest = (
        Enrolment.objects.values("unit__organisation")
        .annotate(n=Count("pk"))
        .order_by("n", "unit__organisation")
        .first()
    )
    assert smallest is not None
    small_export = f"/outcomes/enrolments.csv?organisation={smallest['unit__organisation']}"
    for user in ("synth-manager", "synth-analyst"):  # as recorded, and generalised
        client = client_for(User.objects.get(username=user))
        small, small_peak = _peak_while_reading(client, small_export)
        everything, peak = _peak_while_reading(client, "/outcomes/enrolments.csv")
        assert everything >= 3 * small
        assert peak < small_peak * 1.5, user  # a chunk at a time, not the whole file
        if user == "synth-manager":
            assert everything == Enrolment.objects.count()
