"""The consensus form, the fidelity profile chart and the PDF report as reviewers and units use them."""

from __future__ import annotations

import datetime
import re

import pytest
from django.test import RequestFactory
from django.utils import translation

from lotsa.fidelity.models import ActionStatus, ConsensusRating, FidelityReview
from lotsa.fidelity.scale import current_scale
from lotsa.fidelity.services import agree_item, finalise_review, plan_review
from lotsa.fidelity.views import report_context
from lotsa.testing.fidelity import review_in_consensus
from lotsa.testing.queries import page_queries

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]
# A recommendation without spaces is the hardest case for a table that must fit the page.
LONG_WORD = "Arbetsgivarkontaktsuppföljningsregistreringsformulärsgenomgångsrutin"
RECOMMENDATION = f"Inför en {LONG_WORD} varje vecka och följ upp den vid handledningen. " * 3


def final_review(personas, period_end: datetime.date, score_of) -> FidelityReview:  # type: ignore[no-untyped-def]
    review = review_in_consensus(personas, period_end)
    for number in current_scale().items:
        agree_item(
            actor=personas.reviewer,
            review=review,
            item_number=number,
            score=score_of(number),
            rationale=RECOMMENDATION,
            strengths=RECOMMENDATION,
            recommendations=RECOMMENDATION if number % 5 == 0 else "",
        )
    return finalise_review(actor=personas.reviewer, review=review)


def test_the_consensus_form_has_no_score_until_the_reviewers_choose(personas, client_for) -> None:
    review = review_in_consensus(personas, datetime.date(2026, 6, 30))
    client = client_for(personas.reviewer)
    page = client.get(f"/fidelity/{review.pk}/").content.decode()
    agreed = re.search(r'<select name="score" id="agreed-17"[^>]*>(.*?)</select>', page, re.S)
    assert agreed is not None and " required" in agreed.group(0)
    options = re.findall(r'<option value="(\d?)"( selected)?>', agreed.group(1))
    assert options == [("", " selected")] + [(str(n), "") for n in range(1, 6)]

    refused = client.post(f"/fidelity/{review.pk}/agree/", {"item_number": 17, "rationale": "?"})
    assert refused.status_code == 400
    text = refused.content.decode()
    with translation.override("sv"):
        message = str(translation.gettext("Choose the agreed score from 1 to 5."))
    assert f'<span class="errorlist" id="agreed-17-error">{message}</span>' in text
    assert 'id="agreed-17" required aria-invalid="true" aria-describedby="agreed-17-error"' in text
    assert not ConsensusRating.objects.filter(review=review).exists()

    chosen = client.post(f"/fidelity/{review.pk}/agree/", {"item_number": 17, "score": 4})
    assert chosen.status_code == 302
    assert ConsensusRating.objects.get(review=review, item_number=17).score == 4


def test_a_reviewers_own_score_is_not_preselected_without_evidence(personas, client_for) -> None:
    review = plan_review(
        actor=personas.reviewer,
        unit=personas.unit_a,
        mode="external",
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 6, 30),
        reviewers=[personas.reviewer],
    )
    client = client_for(personas.reviewer)
    page = client.get(f"/fidelity/{review.pk}/").content.decode()
    # Item 7 (the vocational unit) has no figure from the records to suggest a score.
    own = re.search(r'<select name="score" id="score-7" required>(.*?)</select>', page, re.S)
    assert own is not None
    assert re.findall(r"<option [^>]*selected", own.group(1)) == ['<option value="" selected']
    refused = client.post(f"/fidelity/{review.pk}/rate/", {"item_number": 7, "notes": "?"})
    assert refused.status_code == 400
    assert 'id="score-7-error"' in refused.content.decode()
    assert not review.ratings.exists()


def test_the_action_status_select_offers_every_status_translated(personas, client_for) -> None:
    review = final_review(personas, datetime.date(2026, 6, 30), lambda number: 4)
    for url in (f"/fidelity/{review.pk}/", f"/fidelity/{review.pk}/report/"):
        page = client_for(personas.reviewer).get(url).content.decode()
        action = review.actions.first()
        assert action is not None
        select = re.search(rf'<select name="status" id="status-{action.pk}">(.*?)</select>', page)
        assert select is not None, url
        with translation.override("sv"):
            expected = [(value, str(label)) for value, label in ActionStatus.choices]
        assert re.findall(r'<option value="(\w+)"[^>]*>([^<]+)</option>', select.group(1)) == (
            expected
        )
        assert "Inte påbörjad" in select.group(1)


def profile_numbers(page: str) -> list[tuple[str, str, str]]:
    table = re.search(r'<table class="profile-numbers">(.*?)</table>', page, re.S)
    assert table is not None
    return re.findall(
        r'<tr><th scope="row">(\d+)\. [^<]*</th><td class="number">([^<]*)</td>'
        r'<td class="number">([^<]*)</td></tr>',
        table.group(1),
    )


def test_the_profile_shows_every_item_against_the_previous_review(personas, client_for) -> None:
    final_review(personas, datetime.date(2025, 12, 31), lambda number: 2)
    latest = final_review(personas, datetime.date(2026, 6, 30), lambda n: 1 + n % 5)
    page = client_for(personas.team_leader_a).get(f"/fidelity/{latest.pk}/report/")
    text = page.content.decode()
    svg = re.search(r"<svg [^>]*>.*?</svg>", text, re.S)
    assert svg is not None
    assert 'role="img" aria-labelledby="profile-title profile-desc"' in svg.group(0)
    assert '<desc id="profile-desc">' in svg.group(0) and "2025-12-31" in svg.group(0)
    # The axis: a labelled tick for every point of the scale.
    ticks = re.findall(r'text-anchor="end" fill="#1b1b1b">(\d)</text>', svg.group(0))
    assert ticks == ["1", "2", "3", "4", "5"]
    # A bar for this review and one for the previous review of every item, as high as its score.
    current = re.findall(r'height="(\d+)" fill="#0b4f7c"><title>(\d+)\.', svg.group(0))
    previous = re.findall(r'height="(\d+)" fill="#6b6b6b"><title>(\d+)\.', svg.group(0))
    numbers = [str(n) for n in current_scale().items]
    assert [number for _h, number in current] == numbers == [n for _h, n in previous]
    heights = {int(h) for h, _n in previous}
    assert len(heights) == 1
    point = heights.pop() // 2
    assert [int(h) for h, _n in current] == [point * (1 + int(n) % 5) for n in numbers]
    # The table beside the chart carries the same numbers.
    assert profile_numbers(text) == [(n, str(1 + int(n) % 5), "2") for n in numbers]


def test_the_report_costs_the_same_queries_with_more_reviews_and_actions(
    personas, client_for
) -> None:
    final_review(personas, datetime.date(2025, 3, 31), lambda number: 2)
    second = final_review(personas, datetime.date(2025, 6, 30), lambda number: 2)
    client = client_for(personas.team_leader_a)
    pages = (f"/fidelity/{second.pk}/report/", f"/fidelity/{second.pk}/")
    before = [page_queries(client, url) for url in pages]
    for end in (datetime.date(2025, 9, 30), datetime.date(2025, 12, 31)):
        final_review(personas, end, lambda number: 3)
    latest = final_review(personas, datetime.date(2026, 6, 30), lambda number: 4)
    pages = (f"/fidelity/{latest.pk}/report/", f"/fidelity/{latest.pk}/")
    assert [page_queries(client, url) for url in pages] == before


def layout_of_the_pdf(personas, review: FidelityReview):  # type: ignore[no-untyped-def]
    """The PDF of the report as WeasyPrint lays it out, from the same context the download uses."""
    from django.template.loader import render_to_string
    from weasyprint import HTML

    request = RequestFactory().get(f"/fidelity/{review.pk}/report.pdf")
    request.user = personas.reviewer
    with translation.override("sv"):
        context = report_context(request, review.pk, pdf=True)
        html = render_to_string("fidelity/report_pdf.html", context, request=request)
    return HTML(string=html).render()


def letters(text: str) -> str:
    """The text without the spaces and hyphens that line breaking adds or removes."""
    return re.sub(r"[\s\N{HYPHEN}\N{SOFT HYPHEN}-]", "", text)


def descendants(box):  # type: ignore[no-untyped-def]
    yield box
    for child in getattr(box, "children", None) or []:
        yield from descendants(child)


def test_the_pdf_tables_fit_the_page_and_list_the_improvement_actions(personas) -> None:
    for end in (datetime.date(2025, 3, 31), datetime.date(2025, 9, 30), datetime.date(2026, 1, 31)):
        final_review(personas, end, lambda number: 2)
    review = final_review(personas, datetime.date(2026, 6, 30), lambda number: 3)
    document = layout_of_the_pdf(personas, review)
    a4_portrait = (210 / 25.4 * 96, 297 / 25.4 * 96)
    tables = 0
    for page in document.pages:
        assert (round(page.width), round(page.height)) == tuple(round(d) for d in a4_portrait)
        page_box = page._page_box
        left = page_box.content_box_x()
        right = left + page_box.width
        for box in descendants(page_box):
            if type(box).__name__ == "TableBox":
                tables += 1
                for inner in descendants(box):
                    assert left - 0.5 <= inner.position_x, inner
                    assert inner.position_x + inner.margin_width() <= right + 0.5, inner
    assert tables >= 4  # sections, items (over pages), actions
    actions_table = [
        box
        for page in document.pages
        for box in descendants(page._page_box)
        if type(box).__name__ == "TableBox" and box.element.get("class") == "actions"
    ]
    rows = [
        [
            "".join(text.text for text in descendants(cell) if type(text).__name__ == "TextBox")
            for cell in row.children
        ]
        for table in actions_table
        for group in table.children
        if group.element.tag == "tbody"
        for row in group.children
    ]
    with translation.override("sv"):
        not_started = str(ActionStatus.OPEN.label)
    assert [(row[0], row[3]) for row in rows] == [
        (str(n), not_started) for n in (5, 10, 15, 20, 25)
    ]
    assert all(letters(RECOMMENDATION) == letters(row[1]) for row in rows)
