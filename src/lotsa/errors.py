"""The errors services raise. Each front end maps them to a response in exactly one place."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

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


class EditConflict(DomainError):
    """An edit based on a version of a record that someone else has changed since: refused, on
    the ``version`` field, instead of silently overwriting their change."""

    def __init__(self) -> None:
        super().__init__(
            {
                "version": _(
                    "Someone else changed this since you opened it: reload the page to see "
                    "their changes, then make yours again."
                )
            }
        )


def check_version(based_on: int | None, current: int) -> None:
    """Refuse an edit based on another version than the current one (no version: not checked,
    for callers that do not send one)."""
    if based_on is not None and based_on != current:
        raise EditConflict


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
