"""What the app's tests share beyond fixtures."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest


def approx(expected: float | str | int, tolerance: str = "1") -> Any:
    """Equal within ``tolerance`` (one currency unit unless said), as the worked examples state
    their figures."""
    return pytest.approx(Decimal(str(expected)), abs=Decimal(tolerance))
