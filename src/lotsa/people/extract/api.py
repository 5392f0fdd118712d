"""The register extract in the API: the same extract, rule and audit entry as the JSON file."""

from __future__ import annotations

from typing import Any

from ninja import Router

from lotsa import access
from lotsa.accounts.types import AuthenticatedHttpRequest
from lotsa.core.apischema import ErrorOut
from lotsa.people.extract.views import Format, register_extract

router = Router(tags=["register extracts"])


@router.get(
    "/{participant_id}/extract",
    response={200: dict[str, Any], 403: ErrorOut, 404: ErrorOut},
    summary="Register extract of a participant (GDPR art. 15)",
)
def participant_extract(request: AuthenticatedHttpRequest, participant_id: int) -> dict[str, Any]:
    """Everything the organisations where the token's user is a records officer hold about the
    person, keyed as docs/data-protection.md describes. Other roles: 403; a person of another
    organisation, or none: 404."""
    participant = access.get_participant_for_extract(request.user, participant_id)
    return register_extract(request.user, participant, Format.JSON)
