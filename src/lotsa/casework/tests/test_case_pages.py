from __future__ import annotations

import datetime

import pytest

from lotsa.audit.models import AuditEntry, AuditEvent
from lotsa.casework.models import Contact
from lotsa.pathways.models import Enrolment
from lotsa.testing.queries import page_queries

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]
START = datetime.date(2026, 1, 10)


def add_contacts(enrolment: Enrolment, staff, count: int) -> None:  # type: ignore[no-untyped-def]
    base = datetime.datetime(2026, 1, 11, 9, 0, tzinfo=datetime.UTC)
    Contact.objects.bulk_create(
        Contact(
            enrolment=enrolment,
            occurred_at=base + datetime.timedelta(hours=index),
            occurred_on=(base + datetime.timedelta(hours=index)).date(),
            mode="phone",
            place="office",
            staff=staff,
        )
        for index in range(count)
    )


# A model without follow-up points or groups has no follow-ups or attendance to read; AMiA
# reads its meetings, time reports and group attendance as well. Every case reads its unread
# messages from the participant.
CASE_PAGE_QUERIES = {"ips": 17, "amia": 21, "jom": 19}


def test_case_page_and_caseload_cost_the_same_with_5_and_300_contacts(
    personas, case, client_for
) -> None:
    client = client_for(personas.coach_a)
    for model, expected in CASE_PAGE_QUERIES.items():
        small, large = case(model, started_on=START), case(model, started_on=START)
        add_contacts(small, personas.coach_a, 5)
        add_contacts(large, personas.coach_a, 300)
        assert (
            page_queries(client, f"/cases/{small.pk}/")
            == page_queries(client, f"/cases/{large.pk}/")
            == expected
        ), model
    before = page_queries(client, "/caseload/")
    add_contacts(small, personas.coach_a, 295)
    for _ in range(3):
        case("jom", started_on=START)
    # The caseload holds an AMiA case, whose rules also read checklists and time reports, and
    # whose responsible pair is read with each caseworker's employer.
    assert page_queries(client, "/caseload/") == before == 12
    assert page_queries(client, f"/cases/{small.pk}/") == CASE_PAGE_QUERIES["jom"]


def test_the_timeline_shows_the_latest_entries_and_earlier_ones_page_by_page(
    personas, case, client_for
) -> None:
    client = client_for(personas.coach_a)
    enrolment = case("ips", started_on=START)
    add_contacts(enrolment, personas.coach_a, 70)
    everything = (
        70 + enrolment.events.exclude(kind="milestone").count() + enrolment.milestones.count()
    )
    first = client.get(f"/cases/{enrolment.pk}/").content.decode()
    assert first.count('<tr class="timeline-') == 30
    assert first.count('<tr class="timeline-contact"') == 30
    assert f'href="/cases/{enrolment.pk}/?timeline=2#earlier-entries"' in first
    # A form sent back with errors shows the case page at the action's address; the link still
    # leads to the case page.
    refused = client.post(f"/cases/{enrolment.pk}/transition/", {"to_phase": "nowhere"})
    assert refused.status_code == 400
    assert f'href="/cases/{enrolment.pk}/?timeline=2#earlier-entries"' in refused.content.decode()
    assert 'id="earlier-entries"' not in first
    second = client.get(f"/cases/{enrolment.pk}/?timeline=2").content.decode()
    assert second.count('<tr class="timeline-') == 60
    rows = second.split('<tr class="timeline-')[1:]
    assert 'id="earlier-entries"' in rows[30] and not any(
        'id="earlier-entries"' in row for row in rows[:30] + rows[31:]
    )
    last = client.get(f"/cases/{enrolment.pk}/?timeline=3").content.decode()
    assert last.count('<tr class="timeline-') == everything < 90
    assert "?timeline=4" not in last
    # The oldest entries, of the referral day, come last.
    referred_on = enrolment.referral_date.isoformat()
    assert last.split('<tr class="timeline-')[-1].split("</td>")[0].endswith(referred_on)
    assert page_queries(client, f"/cases/{enrolment.pk}/?timeline=3") == page_queries(
        client, f"/cases/{enrolment.pk}/"
    )
    for wrong in ("0", "-1", "x", "201"):
        assert client.get(f"/cases/{enrolment.pk}/?timeline={wrong}").status_code == 404


def test_unit_board_query_count_is_fixed(personas, case, client_for) -> None:
    client = client_for(personas.team_leader_a)
    case("ips", started_on=START)
    # A JOM case from the start: the checklists a model's deadlines expect are read in one query
    # for all its cases, so a model on the board costs one query, however many cases it has.
    case("jom")
    before = page_queries(client, f"/units/{personas.unit_a.pk}/board/")
    for _ in range(4):
        add_contacts(case("knut_pv", started_on=START), personas.coach_a, 3)
        case("jom")  # a referral waiting past its limit, listed under the board
    assert page_queries(client, f"/units/{personas.unit_a.pk}/board/") == before


def test_the_board_lists_referrals_waiting_past_their_limit(personas, case, client_for) -> None:
    waiting = case("ips", referred_on=datetime.date(2026, 11, 1))
    taken_up = case(
        "ips", referred_on=datetime.date(2026, 11, 1), started_on=datetime.date(2026, 11, 5)
    )
    recent = case("ips", referred_on=datetime.date(2026, 11, 25))
    page = client_for(personas.team_leader_a).get(f"/units/{personas.unit_a.pk}/board/")
    waiting_list = page.content.decode().split('id="waiting-heading"')[1]
    assert f'href="/cases/{waiting.pk}/"' in waiting_list
    assert f'href="/cases/{taken_up.pk}/"' not in waiting_list
    assert f'href="/cases/{recent.pk}/"' not in waiting_list
    assert "Remissen tas om hand inom 14 dagar" in waiting_list
    entry = AuditEntry.objects.filter(event=AuditEvent.CASELOAD_VIEWED).latest("pk")
    assert waiting.participant_id in entry.changes["participants"]


def test_a_deadline_that_no_longer_applies_is_shown_without_alarm(
    personas, case, client_for
) -> None:
    enrolment = case("amia", started_on=START)
    page = client_for(personas.coach_a).get(f"/cases/{enrolment.pk}/").content.decode()
    assert '<td class="deadline-not_applicable">Gäller inte längre (sedan 2026-01-10)' in page


def test_the_case_page_shows_phase_deadlines_and_actions(personas, case, client_for) -> None:
    enrolment = case("ips", started_on=START)
    page = client_for(personas.coach_a).get(f"/cases/{enrolment.pk}/").content.decode()
    assert "Remiss" in page  # the IPS phase, in Swedish
    # The action forms are fetched when opened, with a plain link where scripts do not run.
    assert f'hx-get="/cases/{enrolment.pk}/transition/"' in page
    assert f'<a href="/cases/{enrolment.pk}/transition/">Öppna formuläret: Byt fas</a>' in page
    assert AuditEntry.objects.filter(
        event=AuditEvent.ENROLMENT_VIEWED, participant_id=enrolment.participant_id
    ).exists()
    # A manager sees the case but cannot work on it.
    manager_page = client_for(personas.manager_a).get(f"/cases/{enrolment.pk}/").content.decode()
    assert "/transition/" not in manager_page
    assert client_for(personas.coach_b).get(f"/cases/{enrolment.pk}/").status_code == 404


def test_an_action_form_is_fetched_when_opened(personas, case, client_for) -> None:
    enrolment = case("ips", started_on=START)
    enrolment.baseline_employment_status = "at_risk"
    enrolment.save(update_fields=["baseline_employment_status"])
    client = client_for(personas.coach_a)
    url = f"/cases/{enrolment.pk}/transition/"
    fragment = client.get(url, headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    text = fragment.content.decode()
    assert f'<form method="post" action="{url}"' in text and 'name="to_phase"' in text
    assert "<html" not in text
    page = client.get(url).content.decode()
    assert "<h1>Byt fas</h1>" in page and f'href="/cases/{enrolment.pk}/"' in page
    baseline = client.get(f"/cases/{enrolment.pk}/baseline/", headers={"HX-Request": "true"})
    assert baseline.context["form"].initial["employment_status"] == "at_risk"
    assert '<option value="at_risk" selected>' in baseline.content.decode()
    refused = client_for(personas.manager_a).get(url)
    assert refused.status_code == 404
    assert AuditEntry.objects.filter(event="access.denied", actor=personas.manager_a).exists()


def test_case_actions_from_the_page(personas, case, client_for) -> None:
    enrolment = case("ips")
    client = client_for(personas.coach_a)
    assert client.post(f"/cases/{enrolment.pk}/start/", {"day": "2026-01-08"}).status_code == 302
    bad = client.post(
        f"/cases/{enrolment.pk}/transition/", {"to_phase": "in_work", "day": "2026-01-09"}
    )
    assert bad.status_code == 400 and "to_phase" in bad.context["forms"]["transition"].errors
    ok = client.post(
        f"/cases/{enrolment.pk}/transition/", {"to_phase": "engagement", "day": "2026-01-09"}
    )
    assert ok.status_code == 302
    future = client.post(
        f"/cases/{enrolment.pk}/contacts/",
        {
            "occurred_at": "2099-01-01T10:00",
            "mode": "phone",
            "place": "office",
            "parties": ["participant"],
            "duration_minutes": "20",
        },
    )
    assert future.status_code == 400
    contact = client.post(
        f"/cases/{enrolment.pk}/contacts/",
        {
            "occurred_at": "2026-01-12T10:00",
            "mode": "face_to_face",
            "place": "community",
            "parties": ["participant", "employer"],
            "duration_minutes": "45",
        },
    )
    assert contact.status_code == 302
    plan = client.post(
        f"/cases/{enrolment.pk}/plan/",
        {
            "long_term_goal": "Arbete inom handeln",
            "sub_goals": "Cv klart\nTräffa två arbetsgivare",
            **plan_rows(
                {
                    "activity": "Skriva cv",
                    "purpose": "Söka jobb",
                    "responsible": "Coach",
                    "ends_on": "2026-02-01",
                    "status": "ongoing",
                },
                {"activity": "", "status": "planned"},  # an empty row is no item
            ),
        },
    )
    assert plan.status_code == 302
    revision = enrolment.plan_revisions.get()
    assert [g.text for g in revision.sub_goals.all()] == ["Cv klart", "Träffa två arbetsgivare"]
    item = revision.items.get()
    assert (item.activity, item.ends_on, item.status) == (
        "Skriva cv",
        datetime.date(2026, 2, 1),
        "ongoing",
    )
    bad_plan = client.post(
        f"/cases/{enrolment.pk}/plan/",
        {
            "long_term_goal": "x",
            **plan_rows({"activity": "A", "ends_on": "1 feb", "status": "done"}),
        },
    )
    assert bad_plan.status_code == 400
    assert 'id="id_items-0-ends_on_error"' in bad_plan.content.decode()
    no_activity = client.post(
        f"/cases/{enrolment.pk}/plan/",
        {"long_term_goal": "x", **plan_rows({"purpose": "Något", "status": "planned"})},
    )
    assert no_activity.status_code == 400
    assert (
        "Ange aktiviteten" in no_activity.content.decode()
        or "activity" in no_activity.content.decode()
    )
    assert enrolment.plan_revisions.count() == 1
    exit_ = client.post(
        f"/cases/{enrolment.pk}/exit/",
        {"day": "2026-02-01", "reason": "education", "employment_status": "out_of_work"},
    )
    assert exit_.status_code == 302
    enrolment.refresh_from_db()
    assert (enrolment.status, enrolment.outcome) == ("exited", "education")


def test_the_api_runs_a_case(personas, case, api_for) -> None:
    enrolment = case("jom")
    api = api_for(personas.coach_a)
    base = f"/api/enrolments/{enrolment.pk}"
    assert (
        api.post(
            f"{base}/start", {"day": "2026-01-08"}, content_type="application/json"
        ).status_code
        == 200
    )
    refused = api.post(
        f"{base}/transitions",
        {"to_phase": "aftercare", "day": "2026-01-09"},
        content_type="application/json",
    )
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["loc"][-1] == "to_phase"
    moved = api.post(
        f"{base}/transitions",
        {"to_phase": "preparation", "day": "2026-01-09"},
        content_type="application/json",
    )
    assert moved.status_code == 200 and moved.json()["phase"] == "preparation"
    contact = api.post(
        f"{base}/contacts",
        {
            "occurred_at": "2026-01-12T10:00:00+01:00",
            "mode": "video",
            "place": "digital",
            "parties": ["participant"],
        },
        content_type="application/json",
    )
    assert contact.status_code == 201, contact.content
    assert [c["id"] for c in api.get(f"{base}/contacts").json()] == [contact.json()["id"]]
    milestone = api.post(
        f"{base}/milestones",
        {"code": "admitted", "day": "2026-01-12"},
        content_type="application/json",
    )
    assert milestone.status_code == 201
    plan = api.post(
        f"{base}/plans",
        {"long_term_goal": "Job", "items": [{"activity": "Praktik", "status": "planned"}]},
        content_type="application/json",
    )
    assert plan.status_code == 201 and plan.json()["number"] == 1
    detail = api.get(base).json()
    assert {m["code"] for m in detail["milestones"]} >= {"admitted", "first_contact", "enrolled"}
    assert "preparation_length" in {d["code"] for d in detail["deadlines"]}
    caseload = api.get("/api/enrolments/caseload").json()
    assert enrolment.pk in [row["id"] for row in caseload]
    assert api_for(personas.coach_b).get(base).status_code == 404
    assert (
        api_for(personas.manager_a)
        .post(f"{base}/pause", {"day": "2026-01-12"}, content_type="application/json")
        .status_code
        == 404
    )


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("transitions", {"to_phase": "x" * 65, "day": "2026-01-09"}),
        ("transitions", {"to_phase": "preparation", "day": "09/01/2026"}),
        (
            "contacts",
            {
                "occurred_at": "2099-01-01T10:00:00Z",
                "mode": "phone",
                "place": "office",
                "parties": ["participant"],
            },
        ),
        (
            "contacts",
            {
                "occurred_at": "2026-01-12T10:00:00Z",
                "mode": "phone",
                "place": "office",
                "parties": [],
            },
        ),
        (
            "contacts",
            {
                "occurred_at": "2026-01-12T10:00:00Z",
                "mode": "phone",
                "place": "office",
                "parties": ["participant"],
                "mood": "good",
            },
        ),
        ("exit", {"day": "2026-01-12", "reason": "astral_travel"}),
        ("milestones", {"code": "enrolled", "day": "2026-01-12"}),
        ("plans", {"long_term_goal": "", "items": []}),
    ],
)
def test_bad_case_input_is_a_4xx_and_nothing_is_saved(personas, case, api_for, path, body) -> None:
    enrolment = case("jom", started_on=START)
    before = (
        enrolment.contacts.count(),
        enrolment.milestones.count(),
        enrolment.plan_revisions.count(),
        enrolment.events.count(),
    )
    response = api_for(personas.coach_a).post(
        f"/api/enrolments/{enrolment.pk}/{path}", body, content_type="application/json"
    )
    assert 400 <= response.status_code < 500, response.content
    enrolment.refresh_from_db()
    assert enrolment.status == "active" and enrolment.phase == "referral"
    after = (
        enrolment.contacts.count(),
        enrolment.milestones.count(),
        enrolment.plan_revisions.count(),
        enrolment.events.count(),
    )
    assert after == before


def plan_rows(*rows: dict[str, str]) -> dict[str, str]:
    """The plan form's item rows as a browser posts them."""
    data = {"items-TOTAL_FORMS": str(len(rows)), "items-INITIAL_FORMS": "0"}
    for number, row in enumerate(rows):
        data.update({f"items-{number}-{name}": value for name, value in row.items()})
    return data
