"""An app whose records mark a programme model's milestones and checklist items refuses to
start when the model no longer has one of them."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from lotsa.jom import codes as jom_codes
from lotsa.pathways.definitions.programme import check_record_codes
from lotsa.pathways.definitions.registry import registry
from lotsa.worktraining import codes as worktraining_codes


def test_the_shipped_models_have_every_code_their_records_mark() -> None:
    for codes in (jom_codes, worktraining_codes):
        check_record_codes(
            registry().programmes[codes.PROGRAMME],
            milestones=codes.MILESTONES,
            checklist=codes.CHECKLIST,
        )


def test_a_missing_code_stops_the_start_naming_it() -> None:
    with pytest.raises(ImproperlyConfigured, match="milestone aftercare_level_4.*item no_such"):
        check_record_codes(
            registry().programmes["jom"],
            milestones=["admitted", "aftercare_level_4"],
            checklist=["agreement_guide", "no_such"],
        )
