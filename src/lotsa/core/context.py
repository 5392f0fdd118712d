from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from lotsa import access


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Which menu entries the signed-in user gets (the pages check again on their own)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    if user.is_participant:
        # Their own space has its own menu (lotsa.participant_space.reading.reading_choice).
        return {}
    return {
        "nav_participants": bool(access.unit_ids_for(user, access.Action.VIEW_PARTICIPANT)),
        "nav_outcomes": bool(access.unit_ids_for(user, access.Action.VIEW_OUTCOMES)),
        "nav_survey_results": bool(access.unit_ids_for(user, access.Action.VIEW_SURVEY_RESULTS)),
        "nav_administration": access.is_administrator(user),
        "nav_extracts": bool(access.unit_ids_for(user, access.Action.PRODUCE_EXTRACT)),
        # Every staff member answers the staff surveys of their units.
        "nav_surveys": bool(access.unit_ids_for(user, access.Action.ANSWER_STAFF_SURVEY)),
        "nav_fidelity": bool(
            access.unit_ids_for(user, access.Action.REVIEW_FIDELITY)
            or access.unit_ids_for(user, access.Action.LEAD_UNIT)
        ),
    }
