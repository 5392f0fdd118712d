"""The triage of findings: focus groups, findings under the three headings with overdue
follow-ups flagged, and their review at the workplace meeting."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from lotsa.audit.models import AuditEntry, AuditEvent
from lotsa.errors import DomainError
from lotsa.surveys.models import Finding, FindingCategory, FindingStatus, FocusGroup
from lotsa.surveys.services import findings
from lotsa.testing.queries import page_queries

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def focus_group(personas) -> FocusGroup:  # type: ignore[no-untyped-def]
    return findings.save_focus_group(
        actor=personas.coordinator,
        unit=personas.joint_team,
        held_on=timezone.localdate() - 10 * DAY,
        sessions=2,
        hours=Decimal("3.5"),
        moderator="External moderator",
        participant_groups="Users in work practice; those in treatment were not asked.",
        themes="Waiting times, meeting places.",
    )


def finding(personas, **overrides) -> Finding:  # type: ignore[no-untyped-def]
    values = {
        "text": "Users wait too long for a first meeting.",
        "category": FindingCategory.CAN_DO_NOW,
        "owner": personas.fk_caseworker,
        "follow_up_on": timezone.localdate() + 30 * DAY,
        "action": "Book the first meeting at referral.",
        "source_note": "The user survey's results",
        **overrides,
    }
    return findings.save_finding(actor=personas.coordinator, unit=personas.joint_team, **values)


def test_a_focus_group_and_a_finding_from_it_are_audited(personas) -> None:
    group = focus_group(personas)
    saved = finding(personas, focus_group=group, source_note="")
    assert saved.focus_group == group
    events = list(AuditEntry.objects.order_by("sequence").values_list("event", "object_id"))
    assert events[-2:] == [
        (AuditEvent.FOCUS_GROUP_SAVED, str(group.pk)),
        (AuditEvent.FINDING_SAVED, str(saved.pk)),
    ]


def test_a_finding_needs_a_source_and_an_owner_of_the_unit(personas) -> None:
    with pytest.raises(DomainError) as refused:
        finding(personas, source_note="", owner=personas.coach_a)
    assert set(refused.value.errors) == {"source_note", "owner"}
    assert not Finding.objects.exists()


def test_the_list_groups_findings_and_flags_overdue_follow_ups(personas, client_for) -> None:
    finding(personas, text="Late one", follow_up_on=timezone.localdate() - DAY)
    finding(personas, text="Hard one", category=FindingCategory.CANNOT_DO_NOW)
    page = client_for(personas.coordinator).get(f"/surveys/findings/unit/{personas.joint_team.pk}/")
    content = page.content.decode()
    assert page.status_code == 200
    can_do, cannot = (
        content.index(f'id="{category}"') for category in ("can_do_now", "cannot_do_now")
    )
    assert can_do < content.index("Late one") < cannot < content.index("Hard one")
    assert content.count('class="deadline-overdue"') == 1


def test_the_page_saves_a_finding_or_names_the_field(personas, client_for) -> None:
    client = client_for(personas.coordinator)
    url = f"/surveys/findings/unit/{personas.joint_team.pk}/"
    form = {
        "text": "Too few meeting rooms",
        "category": "can_be_eased",
        "owner": personas.af_caseworker.pk,
        "follow_up_on": (timezone.localdate() + DAY).isoformat(),
    }
    refused = client.post(url, form)
    assert refused.status_code == 400
    assert 'id="id_source_note_error"' in refused.content.decode()
    assert not Finding.objects.exists()
    assert client.post(url, {**form, "source_note": "Staff survey"}).status_code == 302
    assert Finding.objects.get().owner == personas.af_caseworker


def test_a_review_at_the_workplace_meeting_closes_or_moves_the_follow_up(
    personas, client_for
) -> None:
    saved = finding(personas)
    client = client_for(personas.coordinator)
    today = timezone.localdate()
    later = today + 60 * DAY
    moved = client.post(
        f"/surveys/findings/{saved.pk}/",
        {"form": "review", "reviewed_on": today.isoformat(), "next_follow_up_on": later},
    )
    assert moved.status_code == 302
    saved.refresh_from_db()
    assert (saved.status, saved.follow_up_on) == (FindingStatus.OPEN, later)
    client.post(
        f"/surveys/findings/{saved.pk}/",
        {"form": "review", "reviewed_on": today.isoformat(), "done": "on", "note": "Done."},
    )
    saved.refresh_from_db()
    assert saved.status == FindingStatus.DONE
    assert saved.reviews.count() == 2
    assert AuditEntry.objects.filter(event=AuditEvent.FINDING_REVIEWED).count() == 2


def test_a_follow_up_before_the_meeting_is_a_field_error(personas, client_for) -> None:
    saved = finding(personas)
    today = timezone.localdate()
    response = client_for(personas.coordinator).post(
        f"/surveys/findings/{saved.pk}/",
        {"form": "review", "reviewed_on": today.isoformat(), "next_follow_up_on": today},
    )
    assert response.status_code == 400
    assert 'id="id_next_follow_up_on_error"' in response.content.decode()
    assert not saved.reviews.exists()


def test_a_finding_is_changed_on_its_page(personas, client_for) -> None:
    saved = finding(personas)
    response = client_for(personas.coordinator).post(
        f"/surveys/findings/{saved.pk}/",
        {
            "form": "finding",
            "text": "Users wait for the first meeting.",
            "category": "can_be_eased",
            "owner": personas.fk_caseworker.pk,
            "follow_up_on": saved.follow_up_on.isoformat(),
            "source_note": "Focus group notes",
        },
    )
    assert response.status_code == 302
    saved.refresh_from_db()
    assert (saved.category, saved.text) == ("can_be_eased", "Users wait for the first meeting.")


@pytest.mark.parametrize("persona", ["fk_caseworker", "coach_a", "analyst", "administrator"])
def test_roles_that_run_no_surveys_are_forbidden_the_findings(
    personas, client_for, persona
) -> None:
    saved = finding(personas)
    client = client_for(getattr(personas, persona))
    for page in (
        f"/surveys/findings/unit/{personas.joint_team.pk}/",
        f"/surveys/findings/unit/{personas.joint_team.pk}/focus-group/",
        f"/surveys/findings/{saved.pk}/",
    ):
        assert client.get(page).status_code == 403, page


def test_a_finding_of_another_unit_is_not_found_and_the_attempt_logged(
    personas, client_for
) -> None:
    saved = finding(personas)
    response = client_for(personas.manager_a).get(f"/surveys/findings/{saved.pk}/")
    assert response.status_code == 404
    assert saved.text not in response.content.decode()
    assert AuditEntry.objects.filter(
        event=AuditEvent.ACCESS_DENIED, actor=personas.manager_a, object_type="surveys.finding"
    ).exists()


def test_the_findings_page_costs_the_same_however_many_findings(personas, client_for) -> None:
    client = client_for(personas.coordinator)
    url = f"/surveys/findings/unit/{personas.joint_team.pk}/"
    group = focus_group(personas)
    finding(personas, focus_group=group)
    before = page_queries(client, url)
    for category in FindingCategory.values:
        finding(personas, category=category, focus_group=group)
    focus_group(personas)
    assert page_queries(client, url) == before
