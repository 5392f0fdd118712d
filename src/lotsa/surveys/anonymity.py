"""When the answers of a staff or steering-group round may be shown to the unit's managers.

Staff answer surveys about their own workplace, so a small group's answers would tell who said
what. A round's results are shown only from the instrument's ``anonymous_below`` answers up
(five unless the instrument says otherwise), and a breakdown cell (a respondent group) with
fewer answers than that is suppressed. Every page and export of round results asks here.
"""

from __future__ import annotations

from lotsa.surveys.instruments import Instrument, instrument
from lotsa.surveys.models import SurveyRound


def suppressed(count: int, survey: Instrument) -> bool:
    """Whether a count of answers is too small to be shown without telling who answered."""
    return count < survey.anonymous_below


def may_show_round(survey_round: SurveyRound, count: int) -> bool:
    """Whether the results of a round with ``count`` answers may be shown at all."""
    return not suppressed(count, instrument(survey_round.instrument, survey_round.version))
