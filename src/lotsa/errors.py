"""The errors services raise. Each front end maps them to a response in exactly one place."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import models

NON_FIELD = "__all__"


class DomainError(Exception):
    """A request the domain refuses, with messages per field (``__all__`` for the whole)."""

    def __init__(self, errors: Mapping[str, str | list[str]] | str) -> None:
        if isinstance(errors, str):
            errors = {NON_FIELD: errors}
        self.errors: dict[str, list[str]] = {
            field: [str(messages)] if not isinstance(messages, list) else [str(m) for m in messages]
            for field, messages in errors.items()
        }
        super().__init__("; ".join(f"{f}: {' '.join(m)}" for f, m in self.errors.items()))


class NotFound(Exception):
    """The object does not exist or the user may not know that it does (both answer 404)."""


class Forbidden(Exception):
    """The user's role does not allow the action at all (answers 403)."""


def validate_model(instance: models.Model, *, exclude: list[str] | None = None) -> None:
    """Run the model's own field checks (lengths, choices, formats) as a DomainError."""
    try:
        instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        raise DomainError(
            {field: list(messages) for field, messages in error.message_dict.items()}
        ) from None
