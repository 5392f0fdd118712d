"""Journey 4: two reviewers rate an IPS unit independently, agree, finalise and download the
report as PDF."""

from __future__ import annotations

import datetime
import io
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from pypdf import PdfReader

from lotsa.fidelity.models import FidelityReview, ItemRating
from lotsa.fidelity.scale import scales
from lotsa.organisations.models import Role
from lotsa.testing.factories import TEST_PASSWORD, MembershipFactory

pytestmark = pytest.mark.django_db(transaction=True)
ITEMS = sorted(scales()[("ips25", 1)].items)


def _rate_every_item(visit: Any, review: FidelityReview, score_of: Any) -> None:
    for number in ITEMS:
        form = visit.page.locator(f"form:has(#score-{number})")
        form.locator(f"#score-{number}").select_option(str(score_of(number)))
        with visit.page.expect_navigation():
            form.get_by_role("button", name="Spara poäng").click()
    with visit.page.expect_navigation():
        visit.page.get_by_role("button", name="Lämna in mina bedömningar").click()
    visit.check_accessibility()


def test_two_reviewers_rate_agree_finalise_and_download_the_report(
    personas: Any, visit: Any
) -> None:
    second = MembershipFactory(unit=personas.unit_a, role=Role.FIDELITY_REVIEWER).user
    page = visit.page
    visit.sign_in(personas.reviewer.username, TEST_PASSWORD)
    visit.go(f"/units/{personas.unit_a.pk}/fidelity/")
    today = timezone.localdate()
    page.get_by_label("Period från och med").fill((today - datetime.timedelta(days=90)).isoformat())
    page.get_by_label("Period till och med").fill(today.isoformat())
    page.get_by_label(personas.reviewer.get_full_name()).check()
    page.get_by_label(second.get_full_name()).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Planera granskningen").click()
    visit.check_accessibility()
    review = FidelityReview.objects.get(unit=personas.unit_a)
    assert page.url.endswith(f"/fidelity/{review.pk}/")

    # Independently: the first reviewer gives 4 throughout, the second 3 on the odd items.
    _rate_every_item(visit, review, lambda number: 4)
    assert ItemRating.objects.filter(review=review, reviewer=personas.reviewer).count() == len(
        ITEMS
    )
    visit.sign_out()
    visit.sign_in(second.username, TEST_PASSWORD)
    visit.go(f"/fidelity/{review.pk}/")
    _rate_every_item(visit, review, lambda number: 3 if number % 2 else 4)

    # Both have submitted: they agree on 4 for every item and finalise.
    for number in ITEMS:
        form = page.locator(f"form:has(#agreed-{number})")
        form.locator(f"#agreed-{number}").select_option("4")
        with page.expect_navigation():
            form.get_by_role("button", name="Spara den gemensamma poängen").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Fastställ granskningen").click()
    visit.check_accessibility()
    review.refresh_from_db()
    assert (review.status, review.total) == ("final", 4 * len(ITEMS))

    assert page.url.endswith(f"/fidelity/{review.pk}/report/")  # finalising leads to the report
    assert str(review.total) in page.locator("main").inner_text()
    with page.expect_download() as download:
        page.get_by_role("link", name="Ladda ner som pdf").click()
    pdf = PdfReader(io.BytesIO(Path(download.value.path()).read_bytes()))
    text = "\n".join(p.extract_text() for p in pdf.pages)
    assert str(review.total) in text and personas.unit_a.name in text
