"""How few answers a survey figure may rest on.

Every survey figure goes through the small-cell limit of the outcome reports: answers are
pseudonymous, but the staff who work with a participant could still recognise a small group.
Staff answer their own surveys about their own workplace, so for staff and steering-group
surveys the limit rises to the instrument's ``anonymous_below`` (five unless the instrument says
otherwise): a round's results are shown to the unit's managers only from that many answers up,
and a breakdown cell (a respondent group) with fewer is suppressed. Every page and export of
survey results asks here.
"""

from __future__ import annotations

from django.conf import settings

from lotsa.surveys.instruments import STAFF_AUDIENCES, Instrument, instrument
from lotsa.surveys.models import SurveyRound


def anonymity_limit(survey: Instrument) -> int:
    """The fewest answers a figure of the survey may rest on."""
    if survey.audience in STAFF_AUDIENCES:
        return max(int(settings.SMALL_CELL_LIMIT), survey.anonymous_below)
    return int(settings.SMALL_CELL_LIMIT)


def suppressed(count: int, survey: Instrument) -> bool:
    """Whether a count of answers is too small to be shown without telling who answered."""
    return count < anonymity_limit(survey)


def may_show_round(survey_round: SurveyRound, count: int) -> bool:
    """Whether the results of a round with ``count`` answers may be shown at all."""
    return not suppressed(count, instrument(survey_round.instrument, survey_round.version))
