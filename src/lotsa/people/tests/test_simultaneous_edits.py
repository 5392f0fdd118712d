"""Two staff editing one participant: the edit made from an older version is refused with a
message to reload, instead of silently overwriting the first; an edit writes only what changes."""

from __future__ import annotations

import pytest

from lotsa.errors import EditConflict
from lotsa.people.models import Participant
from lotsa.people.services import details_of, update_participant

pytestmark = pytest.mark.django_db


def test_an_edit_from_an_older_version_is_refused(personas) -> None:
    first = Participant.objects.get(pk=personas.own.pk)
    second = Participant.objects.get(pk=personas.own.pk)
    opened = first.version
    details = details_of(first)
    details.phone = "070-111 11 11"
    update_participant(actor=personas.coach_a, participant=first, details=details, version=opened)
    assert first.version == opened + 1
    other = details_of(second)
    other.city = "Malmö"
    with pytest.raises(EditConflict) as error:
        update_participant(
            actor=personas.colleague_a, participant=second, details=other, version=opened
        )
    assert "version" in error.value.errors
    saved = Participant.objects.get(pk=personas.own.pk)
    assert (saved.phone, saved.city) == ("070-111 11 11", personas.own.city)


def test_an_edit_writes_only_the_fields_it_changes(personas) -> None:
    stale = Participant.objects.get(pk=personas.own.pk)
    fresh = Participant.objects.get(pk=personas.own.pk)
    # Changed by another path since the stale copy was read (not a details edit).
    Participant.objects.filter(pk=fresh.pk).update(code_name="ZZZ-9999")
    details = details_of(stale)
    details.phone = "070-222 22 22"
    update_participant(actor=personas.coach_a, participant=stale, details=details)
    saved = Participant.objects.get(pk=personas.own.pk)
    assert (saved.phone, saved.code_name) == ("070-222 22 22", "ZZZ-9999")


def test_the_edit_page_refuses_a_form_opened_before_another_save(personas, client_for) -> None:
    url = f"/participants/{personas.own.pk}/edit/"
    first, second = client_for(personas.coach_a), client_for(personas.colleague_a)
    form = first.get(url).context["form"]
    data = {name: value for name, value in form.initial.items() if value not in (None, "")}
    data["is_anonymous"] = "False"
    assert data["version"] == 1
    assert first.post(url, data | {"phone": "070-333 33 33"}).status_code == 302
    refused = second.post(url, data | {"city": "Lund"})
    assert refused.status_code == 400
    assert "Någon annan har ändrat detta sedan du öppnade det" in refused.content.decode()
    saved = Participant.objects.get(pk=personas.own.pk)
    assert saved.phone == "070-333 33 33" and saved.city != "Lund"


def test_the_api_refuses_a_change_from_an_older_version(personas, api_for) -> None:
    api = api_for(personas.coach_a)
    url = f"/api/participants/{personas.own.pk}"
    version = api.get(url).json()["version"]
    body = {"phone": "070-444 44 44", "version": version}
    changed = api.patch(url, body, content_type="application/json")
    assert changed.status_code == 200 and changed.json()["version"] == version + 1
    refused = api.patch(url, body | {"city": "Lund"}, content_type="application/json")
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["loc"] == ["body", "version"]


def test_the_api_refuses_a_change_that_does_not_name_its_version(personas, api_for) -> None:
    url = f"/api/participants/{personas.own.pk}"
    refused = api_for(personas.coach_a).patch(
        url, {"city": "Lund"}, content_type="application/json"
    )
    assert refused.status_code == 422
    assert [error["loc"][-1] for error in refused.json()["detail"]] == ["version"]
    assert Participant.objects.get(pk=personas.own.pk).city != "Lund"
