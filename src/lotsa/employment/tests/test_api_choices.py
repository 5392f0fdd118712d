"""The employment API publishes, for every choice field, exactly the values the model takes."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.test import Client

from lotsa.employment.models import (
    BenefitsCounselling,
    Employer,
    EmployerContact,
    Job,
    VocationalProfile,
)

pytestmark = pytest.mark.django_db

BODIES: dict[str, type[models.Model]] = {
    "EmployerIn": Employer,
    "EmployerContactIn": EmployerContact,
    "JobIn": Job,
    "ProfileIn": VocationalProfile,
    "CounsellingIn": BenefitsCounselling,
}


def allowed(prop: dict[str, Any]) -> set[str] | None:
    """The values a property of the published schema lists, or None where it lists none."""
    options = [prop, *prop.get("anyOf", []), *prop.get("allOf", [])]
    listed = [value for option in options for value in option.get("enum", [])]
    return set(listed) if listed else None


@pytest.mark.parametrize("body", BODIES)
def test_each_choice_field_takes_the_models_values(body: str) -> None:
    schema = Client().get("/api/openapi.json").json()["components"]["schemas"][body]
    model = BODIES[body]
    checked = 0
    for name, prop in schema["properties"].items():
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:  # a field of the body alone (an id, a version)
            continue
        if not getattr(field, "choices", None):
            continue
        expected = {str(value) for value, _label in field.choices} | (
            {""} if field.blank else set()
        )
        assert allowed(prop) == expected, name
        checked += 1
    assert checked, "the body has choice fields"
