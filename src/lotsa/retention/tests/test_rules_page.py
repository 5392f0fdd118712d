"""The administrators' page of retention rules and its form."""

from __future__ import annotations

import pytest

from lotsa.audit.models import AuditEntry, AuditEvent
from lotsa.retention.models import RetentionRule

pytestmark = pytest.mark.django_db


def _rule(personas, **overrides):  # type: ignore[no-untyped-def]
    return {
        "organisation": personas.municipality.pk,
        "programme_code": "ips",
        "years": "10",
        "decision": "Gallringsbeslut 2026:14",
    } | overrides


def test_an_administrator_sets_a_rule_and_sees_it_with_the_default(personas, client_for) -> None:
    client = client_for(personas.administrator)

    saved = client.post("/administration/retention/new/", _rule(personas))

    assert saved.status_code == 302 and saved["Location"] == "/administration/retention/"
    rule = RetentionRule.objects.get()
    assert (rule.organisation, rule.programme_code, rule.years) == (
        personas.municipality,
        "ips",
        10,
    )
    entry = AuditEntry.objects.filter(event=AuditEvent.RETENTION_RULE_SAVED).get()
    assert entry.actor == personas.administrator and entry.changes["years"] == [None, 10]
    page = client.get("/administration/retention/").content.decode()
    assert (
        "Gallringsbeslut 2026:14" in page and ">IPS – individanpassat stöd till arbete</a>" in page
    )
    # Organisations without a rule of their own keep the installation's default.
    assert 'Försäkringskassan</th><td>Alla programmodeller</td><td class="number">5</td>' in page


def test_a_rule_is_changed_on_its_own_page(personas, client_for) -> None:
    client = client_for(personas.administrator)
    client.post("/administration/retention/new/", _rule(personas))
    rule = RetentionRule.objects.get()

    answer = client.post(f"/administration/retention/{rule.pk}/", _rule(personas, years="12"))

    assert answer.status_code == 302
    rule.refresh_from_db()
    assert rule.years == 12


@pytest.mark.parametrize(
    ("field", "value"),
    [("years", "0"), ("years", "101"), ("years", "fem"), ("programme_code", "okänd")],
)
def test_bad_input_is_refused_at_its_field(personas, client_for, field, value) -> None:
    answer = client_for(personas.administrator).post(
        "/administration/retention/new/", _rule(personas, **{field: value})
    )
    assert answer.status_code == 400
    assert field in answer.context["form"].errors
    assert not RetentionRule.objects.exists()


def test_a_second_rule_for_the_same_programme_is_refused(personas, client_for) -> None:
    client = client_for(personas.administrator)
    client.post("/administration/retention/new/", _rule(personas))

    again = client.post("/administration/retention/new/", _rule(personas, years="3"))

    assert again.status_code == 400
    assert "programme_code" in again.context["form"].errors
    assert list(RetentionRule.objects.values_list("years", flat=True)) == [10]


def test_an_unknown_rule_answers_404(personas, client_for) -> None:
    assert (
        client_for(personas.administrator).get("/administration/retention/999/").status_code == 404
    )
