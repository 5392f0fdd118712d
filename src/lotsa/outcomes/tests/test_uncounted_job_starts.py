"""Job starts without their four paid hours recorded are left out of every figure of job starts;
the reports and the records behind those figures say how many, and list them."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.conf import settings

from lotsa.employment.models import Job
from lotsa.organisations.models import Role
from lotsa.outcomes.tests.data import D, ips_quarter, job, started
from lotsa.testing.factories import MembershipFactory
from lotsa.testing.queries import page_queries

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]
NOTICE = re.compile(r'<p class="panel" id="uncounted-job-starts"><a href="([^"]+)">([^<]+)</a>')


def english(client: Any) -> Any:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def notice(html: str) -> tuple[str, str] | None:
    found = NOTICE.search(html)
    return (found.group(1).replace("&amp;", "&"), found.group(2)) if found else None


def test_the_report_counts_and_links_the_job_starts_it_leaves_out(client_for: Any) -> None:
    data = ips_quarter()  # e3's job started in the quarter without four paid hours recorded
    client = english(client_for(data.coach))
    query = f"quarter=2026Q3&unit={data.unit.pk}"
    page = client.get(f"/outcomes/ips/?{query}")
    link, text = notice(page.content.decode()) or ("", "")
    assert text == "1 job start not counted: four paid hours not recorded"
    assert "metric=uncounted_job_starts" in link and "group=total" in link
    listed = client.get(link)
    assert [line.enrolment for line in listed.context["lines"]] == [data.e3]
    job(data.e1, D(2026, 9, 1), counted=False)
    again = notice(client.get(f"/outcomes/ips/?{query}").content.decode())
    assert again is not None
    assert again[1] == "2 job starts not counted: four paid hours not recorded"
    Job.objects.filter(four_paid_hours_on__isnull=True).update(four_paid_hours_on=D(2026, 9, 2))
    assert notice(client.get(f"/outcomes/ips/?{query}").content.decode()) is None


def test_the_records_of_job_starts_say_what_the_group_leaves_out(client_for: Any) -> None:
    data = ips_quarter()
    client = english(client_for(data.coach))
    base = f"/outcomes/ips/records/?quarter=2026Q3&unit={data.unit.pk}&metric=job_starts"
    women = client.get(f"{base}&dimension=sex&group=female").content.decode()
    link, text = notice(women) or ("", "")
    assert text == "1 job start not counted: four paid hours not recorded"
    assert "metric=uncounted_job_starts" in link and "dimension=sex" in link
    assert "group=female" in link
    assert [line.enrolment for line in client.get(link).context["lines"]] == [data.e3]
    men = client.get(f"{base}&dimension=sex&group=male").content.decode()
    assert notice(men) is None  # nothing left out among the men
    contacts = client.get(
        f"/outcomes/contacts/records/?quarter=2026Q3&unit={data.unit.pk}&programme=ips"
        "&metric=counted_job_starts&dimension=unit&group=total"
    ).content.decode()
    assert (notice(contacts) or ("", ""))[1].startswith("1 job start not counted")


def test_the_notice_costs_no_query_however_many_are_left_out(client_for: Any) -> None:
    data = ips_quarter()
    client = client_for(data.coach)
    url = f"/outcomes/ips/?quarter=2026Q3&unit={data.unit.pk}"
    before = page_queries(client, url)
    for day in range(1, 6):
        job(started(data.unit, sex="male", born=1990, start=D(2026, 6, 1), referred=D(2026, 5, 1)),
            D(2026, 8, day), counted=False)  # fmt: skip
    assert page_queries(client, url) == before
    assert 'id="uncounted-job-starts"' in client.get(url).content.decode()


def test_a_hidden_small_count_is_not_explained_either(personas: Any, client_for: Any) -> None:
    data = ips_quarter()
    MembershipFactory(user=personas.analyst, unit=data.unit, role=Role.ANALYST)
    page = client_for(personas.analyst).get(f"/outcomes/ips/?quarter=2026Q3&unit={data.unit.pk}")
    assert page.status_code == 200
    assert 'id="uncounted-job-starts"' not in page.content.decode()
