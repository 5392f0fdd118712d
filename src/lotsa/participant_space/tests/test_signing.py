"""A signature binds exactly the version the participant was shown."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from lotsa.accounts.sign_in_method import PROVIDER_PREFIX, SESSION_KEY
from lotsa.audit.models import AuditEntry, AuditEvent
from lotsa.casework.models import PlanRevision
from lotsa.errors import DomainError, NotFound
from lotsa.participant_space import services
from lotsa.participant_space.models import Signature, SignedDocument
from lotsa.participant_space.queries import current_signature
from lotsa.participant_space.signing import content_hash, plan_content
from lotsa.participant_space.tests.conftest import Space, write_plan
from lotsa.testing.clock import TODAY
from lotsa.timereports.services import WeekHours, report_weeks

pytestmark = pytest.mark.django_db


def _current_hash(revision: PlanRevision) -> str:
    fresh = PlanRevision.objects.prefetch_related("sub_goals", "items").get(pk=revision.pk)
    return content_hash(plan_content(fresh))


def _sign(client: Client, revision: PlanRevision, shown: str) -> int:
    url = reverse("me:sign-plan", args=[revision.pk])
    return client.post(url, {"content_hash": shown}).status_code


def test_signing_the_plan_keeps_the_version_its_hash_and_the_sign_in(
    space: Space, client_for: Callable[..., Client]
) -> None:
    client = space.client(client_for)
    session = client.session
    session[SESSION_KEY] = PROVIDER_PREFIX + "bankid"
    session.save()
    shown = _current_hash(space.plan)
    assert _sign(client, space.plan, shown) == 302
    signature = Signature.objects.get()
    assert (signature.document, signature.object_id, signature.content_hash) == (
        SignedDocument.PLAN,
        space.plan.pk,
        shown,
    )
    assert signature.content["long_term_goal"] == "Work in a warehouse"
    assert signature.sign_in_method == "provider:bankid"
    assert signature.account == space.account
    entry = AuditEntry.objects.filter(event=AuditEvent.PARTICIPANT_SIGNED.value).get()
    assert (entry.participant_id, entry.actor_id) == (
        space.enrolment.participant_id,
        space.account.user.pk,
    )
    text = client.get(reverse("me:plan")).content.decode()
    assert "signed in with e-identification (bankid)" in text
    assert "Not signed." not in text


def test_a_new_version_after_signing_reads_not_signed(
    space: Space, client_for: Callable[..., Client]
) -> None:
    client = space.client(client_for)
    assert _sign(client, space.plan, _current_hash(space.plan)) == 302
    newer = write_plan(space.personas, space.enrolment, "Work in a shop")
    text = client.get(reverse("me:plan")).content.decode()
    assert "Work in a shop" in text
    assert "Not signed." in text
    assert current_signature(SignedDocument.PLAN, newer) is None
    assert (
        current_signature(
            SignedDocument.PLAN,
            PlanRevision.objects.prefetch_related("sub_goals", "items").get(pk=space.plan.pk),
        )
        is not None
    )


def test_a_changed_version_is_not_signed_even_with_the_same_number(space: Space) -> None:
    """A signature binds the content, not the record: an edited item unsigns the version."""
    services.sign_plan(
        actor=space.account.user,
        revision=space.plan,
        shown_hash=_current_hash(space.plan),
        sign_in_method="password",
    )
    space.plan.items.update(status="done")
    fresh = PlanRevision.objects.prefetch_related("sub_goals", "items").get(pk=space.plan.pk)
    assert current_signature(SignedDocument.PLAN, fresh) is None


def test_a_wrong_hash_is_refused_and_nothing_is_signed(
    space: Space, client_for: Callable[..., Client]
) -> None:
    client = space.client(client_for)
    response = client.post(
        reverse("me:sign-plan", args=[space.plan.pk]), {"content_hash": "0" * 64}
    )
    assert response.status_code == 409
    assert "This changed after the page was opened" in response.content.decode()
    assert not Signature.objects.exists()
    assert client.post(reverse("me:sign-plan", args=[space.plan.pk]), {}).status_code == 400


def test_an_older_version_is_refused_once_a_newer_one_exists(
    space: Space, client_for: Callable[..., Client]
) -> None:
    shown = _current_hash(space.plan)
    write_plan(space.personas, space.enrolment, "Work in a shop")
    assert _sign(space.client(client_for), space.plan, shown) == 409
    assert not Signature.objects.exists()


def test_signing_the_same_version_twice_is_refused(
    space: Space, client_for: Callable[..., Client]
) -> None:
    client = space.client(client_for)
    shown = _current_hash(space.plan)
    assert _sign(client, space.plan, shown) == 302
    assert _sign(client, space.plan, shown) == 400
    assert Signature.objects.count() == 1


def test_the_staff_case_page_shows_the_same_status_and_the_recorded_date(
    space: Space, client_for: Callable[..., Client]
) -> None:
    staff = client_for(space.personas.coach_a)
    staff.cookies["django_language"] = "en"
    case_url = reverse("pathways:case", args=[space.enrolment.pk])
    text = staff.get(case_url).content.decode()
    assert "This version is not signed by the participant in Lotsa." in text
    assert "No signature on paper recorded by staff." in text
    services.sign_plan(
        actor=space.account.user,
        revision=space.plan,
        shown_hash=_current_hash(space.plan),
        sign_in_method="passkey",
    )
    text = staff.get(case_url).content.decode()
    assert "Signed by the participant in Lotsa on" in text
    assert "signed in with passkey" in text
    write_plan(space.personas, space.enrolment, "Work in a shop")
    assert "This version is not signed by the participant in Lotsa." in (
        staff.get(case_url).content.decode()
    )


def test_the_service_refuses_a_plan_that_is_not_the_participants(space: Space) -> None:
    with pytest.raises(NotFound):
        services.sign_plan(
            actor=space.account.user,
            revision=space.other_plan,
            shown_hash=_current_hash(space.other_plan),
            sign_in_method="password",
        )


def test_hours_outside_0_to_60_are_refused_by_the_service(space: Space) -> None:
    month = TODAY.replace(day=1)
    weeks = [WeekHours(Decimal(10), Decimal(61)) for _ in report_weeks(month)]
    with pytest.raises(DomainError) as refused:
        services.save_own_time_report(
            actor=space.account.user, enrolment=space.enrolment, month=month, weeks=weeks
        )
    assert "weeks.1" in refused.value.errors
