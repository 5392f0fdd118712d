"""The job form's occupation field: the search of SSYK 2012 and DISCO-08 titles by words, the
endpoint the combobox asks as the user types, and a title typed without scripts."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from lotsa.employment.models import Job
from lotsa.employment.occupations import (
    MAX_QUERY_LENGTH,
    SEARCH_LIMIT,
    folded,
    occupation_name,
    occupations,
    search_occupations,
)
from lotsa.organisations.models import Organisation, Role
from lotsa.testing.factories import (
    EnrolmentFactory,
    MembershipFactory,
    OrganisationFactory,
    UnitFactory,
)

pytestmark = pytest.mark.django_db
URL = "/occupations/"


def searched(language: str, country: str, query: str) -> list[str]:
    with translation.override(language):
        return [f"{o.code} {o.title}" for o in search_occupations(country, query)]


def starts_a_word(term: str, title: str) -> bool:
    return any(word.startswith(folded(term)) for word in re.findall(r"\w+", folded(title)))


@pytest.mark.parametrize(
    ("language", "country", "query", "first", "inside_a_word"),
    [
        ("sv", "SE", "lakare", "2212 ST-läkare", "2260 Tandläkare"),
        ("sv", "SE", "LÄKARE", "2212 ST-läkare", "2260 Tandläkare"),
        ("sv", "SE", "lager terminal", "4322 Lager- och terminalpersonal", None),
        ("da", "DK", "sygeplej", "2221 Sygeplejerskearbejde", None),
        ("da", "DK", "laerer", "5165 Kørelærerarbejde", "5312 Hjælpelærerarbejde"),
        ("en", "SE", "nurses", "2233 Nurses - school", None),
        ("en", "DK", "TEACHER", "5312 Teachers’ Aides", None),
    ],
)
def test_titles_are_searched_by_words_whatever_the_case_and_accents(
    language: str, country: str, query: str, first: str, inside_a_word: str | None
) -> None:
    found = searched(language, country, query)
    assert found[0] == first
    titles = [line.partition(" ")[2] for line in found]
    assert all(all(folded(term) in folded(title) for term in query.split()) for title in titles)
    # Titles where every word of the query begins a word come before those where one sits
    # inside a word.
    begins = [all(starts_a_word(term, title) for term in query.split()) for title in titles]
    assert begins == sorted(begins, reverse=True)
    if inside_a_word is not None:
        assert inside_a_word in found
        assert not begins[found.index(inside_a_word)]


def test_the_search_reads_the_titles_of_the_active_language() -> None:
    assert searched("sv", "SE", "nurses") == []
    assert searched("en", "SE", "sjuksköterska") == []
    # Denmark's list has Danish and English titles: a Swedish user reads the Danish ones.
    assert searched("sv", "DK", "sygeplej") == searched("da", "DK", "sygeplej")


def test_the_search_is_limited_and_digits_search_the_codes() -> None:
    assert len(searched("sv", "SE", "a")) == SEARCH_LIMIT
    codes = searched("sv", "SE", "53")
    assert codes and all(line.startswith("53") for line in codes)
    assert len(codes) == len([code for code in occupations("SE") if code.startswith("53")])
    assert searched("sv", "SE", " - ") == []
    # An occupation as the form shows it finds itself; a number in a title is found too.
    assert searched("sv", "SE", "4322 Lager- och terminalpersonal") == [
        "4322 Lager- och terminalpersonal"
    ]
    assert searched("da", "DK", "10 klasse")[0].startswith("2341 ")


def test_the_endpoint_answers_with_options_and_their_number(personas: Any, client_for: Any):
    client = client_for(personas.coach_a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    answer = client.get(URL, {"country": "DK", "q": "nurs"})
    assert answer.status_code == 200
    html = answer.content.decode()
    options = re.findall(r'<li role="option" id="occupation-(\d{4})"', html)
    with translation.override("en"):
        assert options == [o.code for o in search_occupations("DK", "nurs")]
    assert options[0] == "2221" and 'data-value="2221 Nursing Professionals"' in html
    assert f"{len(options)} occupations found" in html
    assert 'id="occupation-status" hx-swap-oob="innerHTML"' in html
    # English titles for an English reader: the Danish word finds nothing.
    nothing = client.get(URL, {"country": "DK", "q": "sygeplej"}).content.decode()
    assert 'role="option"' not in nothing and "No occupation matches these words." in nothing


def test_the_endpoint_refuses_bad_input_and_users_without_the_role(
    personas: Any, client_for: Any, api_for: Any
) -> None:
    client = client_for(personas.coach_a)
    assert client.get(URL, {"country": "SE", "q": "x" * (MAX_QUERY_LENGTH + 1)}).status_code == 400
    assert client.get(URL, {"country": "NO", "q": "lager"}).status_code == 400
    assert client_for(personas.analyst).get(URL, {"country": "SE", "q": "lager"}).status_code == 403
    api = api_for(personas.coach_a)
    assert api.get("/api/occupations", {"country": "SE", "q": "lager terminal"}).json() == [
        {"code": "4322", "title": "Lager- och terminalpersonal"},
        {"code": "4321", "title": "Arbetsledare inom lager och terminal"},
    ]
    too_long = api.get("/api/occupations", {"country": "SE", "q": "x" * (MAX_QUERY_LENGTH + 1)})
    assert too_long.status_code == 422
    assert api_for(personas.analyst).get("/api/occupations", {"country": "SE"}).status_code == 403


def test_the_endpoint_reads_nothing_but_the_signed_in_user(personas: Any, client_for: Any):
    """The lists are data files: however much is found, the only statements are the session's
    and the role check's."""
    client = client_for(personas.coach_a)
    counts = []
    for query in ("", "a", "lager", "zzzz"):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(URL, {"country": "SE", "q": query}).status_code == 200
        tables = {
            table
            for statement in captured.captured_queries
            for table in re.findall(r'FROM "(\w+)"', statement["sql"])
        }
        assert tables <= {"django_session", "accounts_user", "organisations_membership"}, tables
        counts.append(len(captured.captured_queries))
    assert len(set(counts)) == 1


@pytest.fixture
def danish_case(personas: Any) -> Any:
    jobcentre = OrganisationFactory(
        name="Jobcenter Testby",
        country="DK",
        kind=Organisation.Kind.JOBCENTRE,
        organisation_number="13585520",
    )
    unit = UnitFactory(organisation=jobcentre)
    MembershipFactory(user=personas.coach_a, unit=unit, role=Role.COACH)
    return EnrolmentFactory(unit=unit, responsible_staff=personas.coach_a)


def test_a_danish_unit_searches_disco(personas: Any, client_for: Any, danish_case: Any) -> None:
    client = client_for(personas.coach_a)
    form = client.get(f"/cases/{danish_case.pk}/jobs/new/").content.decode()
    assert 'data-country="DK"' in form
    assert 'role="combobox"' in form and 'aria-controls="occupation-options"' in form
    assert 'aria-expanded="false"' in form and 'role="listbox"' in form
    assert 'role="status"' in form and "lotsa/combobox.js" in form
    assert 'name="four_paid_hours_on"' not in form  # asked once the job has started
    swedish = UnitFactory()
    MembershipFactory(user=personas.coach_a, unit=swedish, role=Role.COACH)
    own = EnrolmentFactory(unit=swedish, responsible_staff=personas.coach_a)
    assert 'data-country="SE"' in client.get(f"/cases/{own.pk}/jobs/new/").content.decode()


def job_post(employer: Any, occupation: str) -> dict[str, Any]:
    return {
        "employer": employer.pk,
        "title": "Lagerarbetare",
        "occupation_code": occupation,
        "starts_on": "2026-02-02",
        "hours_per_week": "20",
        "currency": "SEK",
        "form": "open_market",
    }


@pytest.fixture
def swedish_case(personas: Any, case: Any) -> Any:
    return case("ips")


@pytest.mark.parametrize(
    "entered", ["4322", "Lager- och terminalpersonal", "lager- OCH terminalpersonal  ",
                "4322 Lager- och terminalpersonal"]
)  # fmt: skip
def test_the_form_takes_a_code_or_an_exact_title(
    personas: Any, client_for: Any, employer: Any, swedish_case: Any, entered: str
) -> None:
    client = client_for(personas.coach_a)
    saved = client.post(f"/cases/{swedish_case.pk}/jobs/new/", job_post(employer, entered))
    assert saved.status_code == 302
    assert Job.objects.get().occupation_code == "4322"
    page = client.get(saved.url).content.decode()
    assert 'value="4322 Lager- och terminalpersonal"' in page  # the change form shows the title


def test_an_unclear_occupation_is_refused_with_the_close_matches(
    personas: Any, client_for: Any, employer: Any, swedish_case: Any
) -> None:
    client = client_for(personas.coach_a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = f"/cases/{swedish_case.pk}/jobs/new/"
    # Two SSYK groups share this English title.
    twice = client.post(url, job_post(employer, "System administrators"))
    assert twice.status_code == 400
    (error,) = twice.context["form"].errors["occupation_code"]
    assert "2515 System administrators" in error and "3513 System administrators" in error
    partial = client.post(url, job_post(employer, "warehouse"))
    (error,) = partial.context["form"].errors["occupation_code"]
    with translation.override("en"):
        assert f"4322 {occupation_name('SE', '4322')}" in error
    unknown = client.post(url, job_post(employer, "zzzz"))
    assert "SSYK 2012" in unknown.context["form"].errors["occupation_code"][0]
    assert not Job.objects.exists()
