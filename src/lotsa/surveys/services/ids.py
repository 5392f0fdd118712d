"""Issuing survey IDs.

A survey ID is issued by the coordinator for one participant and one programme; the key to the
person goes into its own table and the audit entry names the participant, never the ID, so the
audit trail cannot serve as a second key.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lotsa import access
from lotsa.accounts.types import Actor
from lotsa.audit.models import AuditEvent
from lotsa.audit.services import record
from lotsa.errors import DomainError
from lotsa.pathways.models import Enrolment
from lotsa.people.models import ConsentKind
from lotsa.people.queries import has_consent
from lotsa.surveys.models import (
    SurveyId,
    SurveyKey,
    new_survey_code,
)

# Codes are drawn at random from 31^8; a clash is retried rather than prevented.
CODE_ATTEMPTS = 5


def issue_survey_id(*, actor: Actor, enrolment: Enrolment) -> SurveyId:
    """A new survey ID for the enrolment's participant and programme, by the coordinator of its
    unit. One per participant and programme: T2 and T3 are answered under T1's ID."""
    if enrolment.unit_id not in access.unit_ids_for(actor, access.Action.ISSUE_SURVEY_ID):
        access.refuse(
            actor,
            access.Action.ISSUE_SURVEY_ID,
            object_type="pathways.enrolment",
            object_id=enrolment.pk,
            participant_id=enrolment.participant_id,
        )
    with transaction.atomic(durable=True):
        # The consent is recorded on the person, never with the ID.
        if not has_consent(enrolment.participant, ConsentKind.SURVEY):
            raise DomainError(
                {
                    "participant": _(
                        "The participant has no consent to survey participation in force: "
                        "record the consent first."
                    )
                }
            )
        if SurveyKey.objects.filter(
            participant_id=enrolment.participant_id, programme=enrolment.programme_model
        ).exists():
            raise DomainError(
                _(
                    "This participant already has a survey ID for this programme; every survey "
                    "is answered under it."
                )
            )
        survey_id = _new_survey_id(enrolment)
        SurveyKey.objects.create(
            survey_id=survey_id,
            participant_id=enrolment.participant_id,
            programme=enrolment.programme_model,
            issued_by=actor,
        )
        record(
            AuditEvent.SURVEY_ID_ISSUED,
            actor=actor,
            object_type="surveys.surveykey",
            participant_id=enrolment.participant_id,
            changes={"programme": enrolment.programme_model, "unit": enrolment.unit_id},
        )
    return survey_id


def _new_survey_id(enrolment: Enrolment) -> SurveyId:
    for _attempt in range(CODE_ATTEMPTS):
        try:
            with transaction.atomic():
                return SurveyId.objects.create(
                    code=new_survey_code(),
                    unit_id=enrolment.unit_id,
                    programme=enrolment.programme_model,
                    sex=enrolment.participant.sex,
                    issued_on=timezone.localdate(),
                )
        except IntegrityError:
            continue
    raise RuntimeError("no free survey ID found")
