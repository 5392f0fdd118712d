from __future__ import annotations

import pytest
from stdnum import luhn

from lotsa.employment.services import register_employer

BODY = "556677123"
ORG_NUMBER = f"{BODY[:6]}-{BODY[6:]}{luhn.calc_check_digit(BODY)}"


@pytest.fixture
def employer(personas):  # type: ignore[no-untyped-def]
    return register_employer(
        actor=personas.coach_a,
        name="Testbolaget AB",
        country="SE",
        organisation_number=ORG_NUMBER,
        sector="private",
    )
