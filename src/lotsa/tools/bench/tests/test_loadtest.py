"""The load test's staff: sampled in proportion to the roles, each asking for their role's pages
on their own data, and its percentiles given only where enough requests carry them."""

from __future__ import annotations

import random
import re
from collections import Counter
from typing import Any

import pytest
from django.utils import timezone

from lotsa.accounts.models import User
from lotsa.organisations.models import Membership, Role
from lotsa.pathways.models import Enrolment, EnrolmentStatus, UnitProgramme
from lotsa.testing.factories import EnrolmentFactory, MembershipFactory, UnitFactory
from lotsa.tools.bench import loadtest

COACHES = 4
CASES = 2


@pytest.fixture
def installation() -> dict[str, Any]:
    """Two IPS units and a JOM unit, each with coaches (their open cases and an ended one), a
    team leader and a manager; a manager who is also a coach elsewhere, and a coach who left."""
    units = [UnitFactory(), UnitFactory(), UnitFactory(runs=["jom"])]
    for unit in units:
        model = "jom" if unit == units[2] else "ips"
        for _n in range(COACHES):
            coach = MembershipFactory(unit=unit, role=Role.COACH).user
            for _case in range(CASES):
                EnrolmentFactory(unit=unit, responsible_staff=coach, programme_model=model)
            EnrolmentFactory(
                unit=unit, responsible_staff=coach, programme_model=model,
                status=EnrolmentStatus.EXITED,
            )  # fmt: skip
        MembershipFactory(unit=unit, role=Role.SUPERVISOR)
        MembershipFactory(unit=unit, role=Role.MANAGER)
    both = MembershipFactory(unit=units[0], role=Role.COACH).user
    MembershipFactory(unit=units[1], role=Role.MANAGER, user=both)
    MembershipFactory(unit=units[0], role=Role.COACH, ended=True)
    return {"units": units, "both": both}


@pytest.mark.django_db
def test_staff_count_under_their_highest_role_in_its_first_unit(installation: Any) -> None:
    staff = loadtest.staff_by_role(timezone.localdate())
    units = installation["units"]
    assert {role: len(users) for role, users in staff.items()} == {
        Role.COACH: COACHES * len(units),  # not the coach who left, nor the one who manages
        Role.SUPERVISOR: len(units),
        Role.MANAGER: len(units) + 1,
    }
    assert staff[Role.MANAGER][installation["both"].pk] == units[1].pk


def test_each_role_gets_its_share_of_the_sample() -> None:
    counts = {Role.COACH: 2400, Role.SUPERVISOR: 300, Role.MANAGER: 300}
    assert loadtest.shares(counts, 300) == {Role.COACH: 240, Role.SUPERVISOR: 30, Role.MANAGER: 30}
    # A role with a sliver of the staff is still there; a sample as large as the staff is all.
    few = {Role.COACH: 990, Role.SUPERVISOR: 5, Role.MANAGER: 5}
    assert loadtest.shares(few, 10) == {Role.COACH: 10, Role.SUPERVISOR: 1, Role.MANAGER: 1}
    assert loadtest.shares(counts, sum(counts.values()) + 1) == counts


@pytest.mark.django_db
def test_every_sampled_member_asks_for_their_own_data_and_gets_it(
    installation: Any, client_for: Any
) -> None:
    today = timezone.localdate()
    staff = {role: len(users) for role, users in loadtest.staff_by_role(today).items()}
    size = sum(staff.values()) // 2
    members = loadtest.sample_staff(size, today, random.Random(1))
    assert Counter(m.role for m in members) == loadtest.shares(staff, size)
    assert len({m.unit_id for m in members}) == len(installation["units"])
    for member in members:
        assert {page for page, _weight in member.pages} <= set(loadtest.PAGES_BY_ROLE[member.role])
        _assert_own(member)
        client = client_for(User.objects.get(pk=member.user_id))
        for page, paths in member.visits.items():
            for path in paths:
                assert client.get(path).status_code == 200, (member.role, page, path)


def _assert_own(member: loadtest.StaffMember) -> None:
    unit = member.unit_id
    if member.role == Role.COACH:
        cases = [int(re.findall(r"\d+", path)[0]) for path in member.visits["case_page"]]
        own = Enrolment.objects.filter(
            responsible_staff_id=member.user_id, status=EnrolmentStatus.ACTIVE
        )
        assert len(cases) == min(CASES, loadtest.CASES_PER_COACH)
        assert set(cases) <= set(own.values_list("pk", flat=True))
        numbers = own.values_list("participant__identity_number", flat=True)
        assert {p.removeprefix("/participants/?q=") for p in member.visits["search_number"]} <= set(
            numbers
        )
    elif member.role == Role.SUPERVISOR:
        assert member.visits["unit_board"] == [f"/units/{unit}/board/"]
        led = {m.user_id for m in Membership.objects.filter(unit_id=unit, role=Role.COACH)}
        coaches = {int(path.rstrip("/").rsplit("/", 1)[1]) for path in member.visits["coach_page"]}
        assert coaches and coaches <= led
    else:
        report = member.visits.get("ips_unit") or member.visits["flow_unit"]
        assert report[0].endswith(f"&unit={unit}")
        runs_ips = UnitProgramme.objects.filter(unit_id=unit, programme_code="ips")
        assert ("ips_unit" in member.visits) == runs_ips.exists()


@pytest.mark.django_db
def test_the_mix_draws_mostly_case_pages_and_the_start_page_run_only_the_start_page(
    installation: Any,
) -> None:
    members = loadtest.sample_staff(100, timezone.localdate(), random.Random(2))
    drive = loadtest.Drive(0, members, workers=1, clients=1, seconds=0, max_requests=0)
    rng = random.Random(3)
    mixed = [drive.choices(start_page_only=False)(rng) for _n in range(2_000)]
    pages = Counter(page for page, _role, _cookie, _path in mixed)
    assert pages.most_common(1)[0][0] == "case_page"
    assert pages["ips_unit"] + pages["flow_unit"] < pages["case_page"] / 4
    paths = {(m.role, p) for m in members for paths in m.visits.values() for p in paths}
    assert all((role, path) in paths for _page, role, _cookie, path in mixed)
    alone = {drive.choices(start_page_only=True)(rng)[3] for _n in range(100)}
    assert alone == {"/"}


def test_a_percentile_needs_ten_requests_beyond_it() -> None:
    assert loadtest.needed(0.95) == 200
    assert loadtest.needed(0.99) == 1_000
    assert loadtest.figures([1.0] * 199)["p95_ms"] is None
    assert loadtest.figures([1.0] * 200)["p95_ms"] == 1.0
    result = loadtest.LoadResult(1, 1, 1.0, {Role.COACH: 1}, 1)
    result.samples = [("home", Role.COACH, float(n)) for n in range(300)]
    summary = result.summary()
    assert summary["p95_ms"] == 284.0
    assert summary["p99_ms"] is None
    assert summary["warnings"] == ["The p99 rests on 300 requests and needs 1000: it is not given."]
    assert summary["by_page"]["home"]["requests"] == 300
