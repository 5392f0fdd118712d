"""The API's schema layer, shared by every router: what input may hold, and what errors look like.

Every schema a client sends derives from ``InputSchema`` (most from ``StrictSchema``), and a
plain text parameter is typed ``Text``. Both refuse text holding a NUL character with a 422
naming the field: PostgreSQL cannot store NUL in text, and no person types one.

``document_errors`` adds to the published OpenAPI description the errors every operation can
answer, from what the operation takes (a token, parameters, a body), so the description cannot
forget them; errors that depend on what the operation does (403, or 404 for an object named in
the body) are declared on the operation itself, with ``ErrorOut``.
"""

from __future__ import annotations

import datetime
import types
from typing import Annotated, Any, Union, get_args, get_origin

from django.utils.translation import gettext
from ninja import Field, Schema
from pydantic import AfterValidator, ConfigDict, TypeAdapter, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError


def _holds_nul(value: object) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, list | tuple | set | frozenset):
        return any(_holds_nul(item) for item in value)
    if isinstance(value, dict):
        return any(_holds_nul(key) or _holds_nul(item) for key, item in value.items())
    # Nested schemas were checked field by field when they were validated.
    return False


def refuse_nul(value: Any) -> Any:
    if _holds_nul(value):
        raise PydanticCustomError("nul_character", gettext("Text cannot contain NUL characters."))
    return value


Text = Annotated[str, AfterValidator(refuse_nul)]
"""A text parameter outside a schema (a query or path parameter)."""


class InputSchema(Schema):
    """What a client sends: no field may hold text with a NUL character."""

    @field_validator("*", mode="after")
    @classmethod
    def _no_nul(cls, value: Any) -> Any:
        return refuse_nul(value)


# JSON's own kinds for what a body's fields hold; a value of another kind is refused, as the
# published schema says, rather than converted (0 is not 1 January 1970, "1" is not true).
_JSON_KINDS = (bool, int, datetime.date, datetime.datetime)


def _json_kind(annotation: Any) -> tuple[type | None, bool]:
    """The boolean, whole number, date or time a field holds, and whether in a list."""
    origin = get_origin(annotation)
    if origin is Annotated:
        return _json_kind(get_args(annotation)[0])
    if origin in (Union, types.UnionType):
        options = [option for option in get_args(annotation) if option is not type(None)]
        return _json_kind(options[0]) if len(options) == 1 else (None, False)
    if origin is list:
        return _json_kind(get_args(annotation)[0])[0], True
    return (annotation if annotation in _JSON_KINDS else None), False


def _of_kind(kind: type, value: Any) -> bool:
    if value is None:
        return True  # whether it may be left empty is the field's own rule
    if kind is bool:
        return isinstance(value, bool)
    if kind is int:
        return isinstance(value, int) and not isinstance(value, bool)
    # Dates and times come as ISO text in JSON.
    return isinstance(value, str | datetime.date)


class StrictSchema(InputSchema):
    """A body: no unknown field, and every value of the kind JSON and the schema give it."""

    # An unknown field is an error, so that a misspelled field is never dropped in silence.
    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="before")
    @classmethod
    def _json_kinds(cls, value: Any, info: ValidationInfo) -> Any:
        assert info.field_name is not None
        kind, listed = _json_kind(cls.model_fields[info.field_name].annotation)
        if kind is None:
            return value
        values = value if listed and isinstance(value, list) else [] if listed else [value]
        for item in values:
            if not _of_kind(kind, item):
                # Pydantic's strict validation names the error as it names any other.
                TypeAdapter(kind).validate_python(item, strict=True)
        return value


class ErrorOut(Schema):
    detail: str


class FieldErrorOut(Schema):
    loc: list[str | int] = Field(
        ..., description="Where the error is: 'body', 'query' or 'path', then the field."
    )
    msg: str
    type: str


class ValidationErrorOut(Schema):
    detail: list[FieldErrorOut]
    existing_id: int | None = Field(
        None, description="A participant the refused registration would duplicate."
    )


# What each status means in the published description.
_ERRORS: dict[int, tuple[str, type[Schema]]] = {
    400: ("The body is not JSON.", ErrorOut),
    401: ("No token, or a token that is unknown, revoked or expired.", ErrorOut),
    404: ("Not found, or not visible to the token's user (the same answer).", ErrorOut),
    413: ("The body is larger than the server accepts.", ErrorOut),
    422: ("Invalid input, with the fields named.", ValidationErrorOut),
    429: ("Too many requests; the Retry-After header says how many seconds to wait.", ErrorOut),
}
REF = "#/components/schemas/{model}"


def _errors_of(operation: dict[str, Any]) -> list[int]:
    parameters = operation.get("parameters", [])
    statuses = []
    if operation.get("security"):
        statuses += [401, 429]
    if parameters or "requestBody" in operation:
        statuses.append(422)
    if "requestBody" in operation:
        statuses += [400, 413]
    if any(parameter["in"] == "path" for parameter in parameters):
        statuses.append(404)
    return statuses


def document_errors(schema: dict[str, Any]) -> dict[str, Any]:
    """Add the errors each operation can answer to an OpenAPI description, in place."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    for model in {model for _description, model in _ERRORS.values()}:
        definition = model.model_json_schema(ref_template=REF)
        components.update(definition.pop("$defs", {}))
        components[model.__name__] = definition
    for operations in schema["paths"].values():
        for operation in operations.values():
            responses = operation["responses"]
            for status in _errors_of(operation):
                description, model = _ERRORS[status]
                responses.setdefault(
                    status,
                    {
                        "description": description,
                        "content": {
                            "application/json": {
                                "schema": {"$ref": REF.format(model=model.__name__)}
                            }
                        },
                    },
                )
    return schema


def edit_version(*, required: bool = True) -> Any:
    """The field of a change body naming the version the change was made from.

    Required wherever the body only changes a record; optional (``required=False``) where the
    same body also records a new one, which has no version to name yet."""
    conflict = (
        "If someone else saved a change since, this one is refused (422 on 'version') instead "
        "of overwriting theirs."
    )
    if required:
        return Field(..., ge=1, description=f"The version this change was made from. {conflict}")
    return Field(
        None,
        ge=1,
        description="The version this change was made from, when changing a record. "
        f"{conflict} Left out, the change is not checked.",
    )
