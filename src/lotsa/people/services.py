"""Registering participants, changing their details and recording their consents."""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass, replace

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from lotsa import access
from lotsa.accounts.types import Actor
from lotsa.audit.models import AuditEvent
from lotsa.audit.services import diff, record, snapshot
from lotsa.core.choices import foreign_agency_errors
from lotsa.errors import DomainError, check_version, validate_model
from lotsa.organisations.models import Organisation
from lotsa.people.identity import IdentityNumberError, Sex, parse_identity_number
from lotsa.people.models import (
    IDENTIFYING_FIELDS,
    Consent,
    ConsentKind,
    Participant,
    SharingScope,
)

CODE_NAME_ALPHABET = "ACDEFGHJKLMNPQRTUVWXY34679"
OLDEST_BIRTH_YEAR = 1900


class DuplicateParticipant(DomainError):
    """The user may see someone registered under the identity number: ``existing_id``."""

    def __init__(self, existing_id: int) -> None:
        self.existing_id = existing_id
        super().__init__(
            {"identity_number": _("A participant with this identity number is already registered.")}
        )


@dataclass
class ParticipantDetails:
    """What a user types about a participant. Unused fields stay empty."""

    is_anonymous: bool = False
    identity_country: str = ""
    identity_number: str = ""
    first_name: str = ""
    last_name: str = ""
    birth_year: int | None = None
    sex: str = ""
    phone: str = ""
    email: str = ""
    street_address: str = ""
    postal_code: str = ""
    city: str = ""
    preferred_language: str = ""
    interpreter_needed: bool = False
    interpreter_language: str = ""


PARTICIPANT_AUDITED_FIELDS = (*IDENTIFYING_FIELDS, "is_anonymous", "birth_year", "sex", "code_name")
IDENTIFYING_INPUT_FIELDS = tuple(
    name for name in IDENTIFYING_FIELDS if name in ParticipantDetails.__dataclass_fields__
)


def new_code_name() -> str:
    """A code name that says nothing about the person, e.g. ``KX7-94QD``."""
    letters = "".join(secrets.choice(CODE_NAME_ALPHABET) for _ in range(7))
    return f"{letters[:3]}-{letters[3:]}"


def update_participant(
    *,
    actor: Actor,
    participant: Participant,
    details: ParticipantDetails,
    version: int | None = None,
) -> Participant:
    """Change a participant's details. An anonymous participant stays anonymous.

    ``version`` is the participant's version the user's form showed: if someone else saved a
    change since, this one is refused (``EditConflict``) rather than saved over theirs. Only
    the fields that change are written."""
    access.require(actor, access.Action.CHANGE_PARTICIPANT, participant)
    refuse_known_duplicate(actor, details, other_than=participant)
    with transaction.atomic(durable=True):
        participant.refresh_from_db(
            from_queryset=Participant.objects.select_for_update(no_key=True)
        )
        check_version(version, participant.version)
        if details.is_anonymous != participant.is_anonymous:
            raise DomainError(
                {
                    "is_anonymous": _(
                        "Whether a participant is anonymous cannot be changed afterwards."
                    )
                }
            )
        before = snapshot(participant, PARTICIPANT_AUDITED_FIELDS)
        _apply_details(participant, details)
        validate_model(participant)
        after = snapshot(participant, PARTICIPANT_AUDITED_FIELDS)
        changed = [name for name in after if after[name] != before[name]]
        if not changed:
            return participant
        participant.version += 1
        participant.save(update_fields=[*changed, "version", "updated_at"])
        changes = diff(before, after, hide_values=participant.is_anonymous)
        if changes.get("fields", changes):
            record(
                AuditEvent.PARTICIPANT_UPDATED,
                actor=actor,
                obj=participant,
                participant_id=participant.pk,
                changes=changes,
            )
        return participant


def refuse_known_duplicate(
    actor: Actor, details: ParticipantDetails, *, other_than: Participant | None = None
) -> None:
    """Refuse an identity number of someone the user may already see, pointing to them; the
    refusal is logged naming them (outside the registration's transaction, so it stays).

    Only the people the user may see are looked at. A person registered where the user may not
    look is not confirmed or denied in any way: the new record is the unit's own, and the two
    are joined only by a referral the person consented to. Whether someone is registered at a
    psychiatric unit of another organisation is itself personal data."""
    if details.is_anonymous or not details.identity_number:
        return
    try:
        number = parse_identity_number(details.identity_number, details.identity_country).number
    except IdentityNumberError:
        return  # refused, field by field, with the other details
    known = access.participants_visible_to(actor).filter(identity_number=number)
    if other_than is not None:
        known = known.exclude(pk=other_than.pk)
    duplicate = known.first()
    if duplicate is not None:
        record(
            AuditEvent.PARTICIPANT_DUPLICATE_REFUSED,
            actor=actor,
            obj=duplicate,
            participant_id=duplicate.pk,
        )
        raise DuplicateParticipant(duplicate.pk)


def _apply_details(participant: Participant, details: ParticipantDetails) -> None:
    """Check what was typed and set it on the participant."""
    errors: dict[str, str] = {}
    participant.is_anonymous = details.is_anonymous
    if details.is_anonymous:
        for name in IDENTIFYING_INPUT_FIELDS:
            if getattr(details, name):
                errors[name] = _(
                    "Leave this empty: an anonymous participant has no identifying data."
                )
        participant.sex = details.sex or Sex.UNKNOWN
        if details.birth_year is None:
            errors["birth_year"] = _("Enter the birth year.")
        else:
            participant.birth_year = details.birth_year
            if not OLDEST_BIRTH_YEAR <= details.birth_year <= timezone.localdate().year:
                errors["birth_year"] = _("Enter a birth year between %(first)s and %(last)s.") % {
                    "first": OLDEST_BIRTH_YEAR,
                    "last": timezone.localdate().year,
                }
        if errors:
            raise DomainError(errors)
        return
    for name in IDENTIFYING_INPUT_FIELDS:
        setattr(participant, name, getattr(details, name))
    try:
        identity = parse_identity_number(details.identity_number, details.identity_country)
    except IdentityNumberError as error:
        field = "identity_country" if not details.identity_country else "identity_number"
        errors[field] = str(error)
    else:
        for name, derived in (("birth_year", identity.birth_date.year), ("sex", identity.sex)):
            given = getattr(details, name)
            if given not in (None, "") and given != derived:
                errors[name] = _("Leave this empty: it is taken from the identity number.")
        participant.identity_country = identity.country
        participant.identity_kind = identity.kind
        participant.identity_number = identity.number
        participant.birth_year = identity.birth_date.year
        participant.sex = identity.sex
    if not details.first_name.strip():
        errors["first_name"] = _("Enter the first name.")
    if not details.last_name.strip():
        errors["last_name"] = _("Enter the last name.")
    if details.interpreter_language and not details.interpreter_needed:
        errors["interpreter_language"] = _(
            "Tick 'needs an interpreter' or leave the language empty."
        )
    if errors:
        raise DomainError(errors)


def check_details(details: ParticipantDetails) -> ParticipantDetails:
    """What a user typed about a person, checked as for a registration but without saving or
    looking anyone up; returned with the identity number in its standard form."""
    participant = Participant(code_name="")
    _apply_details(participant, details)
    validate_model(participant, exclude=["code_name"])
    if participant.is_anonymous:
        return details
    return replace(details, identity_number=participant.identity_number or "")


def participant_described(*, actor: Actor, details: ParticipantDetails) -> Participant:
    """The person a referral describes, when a unit takes them in (inside the caller's
    transaction): the participant the receiving staff member may see registered with that
    identity number (the unit served them before), else a new one registered from the
    description. An anonymous person is always a new participant."""
    details = check_details(details)
    existing = (
        access.participants_visible_to(actor)
        .filter(identity_number=details.identity_number)
        .first()
        if details.identity_number
        else None
    )
    if existing is not None:
        record(
            AuditEvent.PARTICIPANT_LINKED,
            actor=actor,
            obj=existing,
            participant_id=existing.pk,
            changes={"source": "referral"},
        )
        return existing
    return create_participant(actor, details)


def create_participant(actor: Actor, details: ParticipantDetails) -> Participant:
    """A new participant of the details under a fresh code name, its creation logged."""
    participant = Participant(code_name=new_code_name())
    _apply_details(participant, details)
    _save_participant(actor, participant)
    record(
        AuditEvent.PARTICIPANT_CREATED,
        actor=actor,
        obj=participant,
        participant_id=participant.pk,
        changes=diff(
            {},
            snapshot(participant, PARTICIPANT_AUDITED_FIELDS),
            hide_values=participant.is_anonymous,
        ),
    )
    return participant


def _save_participant(actor: Actor, participant: Participant) -> None:
    validate_model(participant)
    participant.save()


def consent_givers_for(actor: Actor, participant: Participant) -> QuerySet[Organisation]:
    """The organisations a staff member records consents for: those of their units (where they
    may change cases) at which the participant is enrolled."""
    units = access.unit_ids_for(actor, access.Action.CHANGE_PARTICIPANT)
    enrolled = participant.enrolments.filter(unit_id__in=units).values("unit__organisation_id")
    return Organisation.objects.filter(pk__in=enrolled).order_by("name")


def record_consent(
    *,
    actor: Actor,
    participant: Participant,
    kind: str,
    given_on: datetime.date,
    scope: str = "",
    expires_on: datetime.date | None = None,
    organisation: Organisation | None = None,
    given_to: Organisation | None = None,
    sharing_scope: str = "",
) -> Consent:
    """Record a consent the participant gave to one of the organisations the staff member works
    for (the only one, unless they work for several); consent to information sharing also names
    the organisation it shares with and how much."""
    access.require(actor, access.Action.CHANGE_PARTICIPANT, participant)
    givers = list(consent_givers_for(actor, participant))
    with transaction.atomic(durable=True):
        errors: dict[str, str] = {}
        if given_to is None and len(givers) == 1:
            given_to = givers[0]
        if given_to is None:
            errors["given_to"] = _("Choose the organisation the consent is given to.")
        elif given_to not in givers:
            errors["given_to"] = _(
                "Choose one of your organisations at which the participant is enrolled."
            )
        if given_on > timezone.localdate():
            errors["given_on"] = _("A consent cannot be given in the future.")
        if expires_on is not None and expires_on < given_on:
            errors["expires_on"] = _("The expiry date must be on or after the date it was given.")
        if kind == ConsentKind.INFORMATION_SHARING:
            if organisation is None:
                errors["organisation"] = _(
                    "Name the organisation the information may be shared with."
                )
            elif given_to is not None:
                errors |= foreign_agency_errors(given_to.country, organisation=organisation.kind)
            if sharing_scope not in SharingScope.values:
                errors["sharing_scope"] = _("Choose what may be shared: a summary or the record.")
        else:
            if organisation is not None:
                errors["organisation"] = _(
                    "Only consent to information sharing names an organisation."
                )
            if sharing_scope:
                errors["sharing_scope"] = _("Only consent to information sharing has a scope.")
        if errors:
            raise DomainError(errors)
        consent = Consent(
            participant=participant,
            kind=kind,
            given_to=given_to,
            given_on=given_on,
            scope=scope,
            expires_on=expires_on,
            organisation=organisation,
            sharing_scope=sharing_scope,
            recorded_by=actor,
        )
        validate_model(consent, exclude=["recorded_by", "participant"])
        consent.save()
        record(
            AuditEvent.CONSENT_CREATED,
            actor=actor,
            obj=consent,
            participant_id=participant.pk,
            changes=diff({}, snapshot(consent, CONSENT_AUDITED_FIELDS), hide_values=False),
        )
        return consent


CONSENT_AUDITED_FIELDS = (
    "kind",
    "given_to",
    "organisation",
    "sharing_scope",
    "scope",
    "given_on",
    "expires_on",
    "withdrawn_on",
    "withdrawal_reason",
)


def withdraw_consent(
    *, actor: Actor, consent: Consent, withdrawn_on: datetime.date, reason: str
) -> Consent:
    """Record that a consent was withdrawn. The consent itself stays, as history. Staff of the
    organisation it was given to, or of the one it shares with, record it; or the person
    themselves, in their own space, who owes nobody a reason."""
    by_the_person = getattr(actor, "is_participant", False)
    if by_the_person:
        if consent.participant_id not in access.own_participant_ids(actor):
            access.refuse(
                actor,
                "consent.own",
                object_type="people.consent",
                object_id=consent.pk,
                participant_id=consent.participant_id,
            )
    else:
        _require_consent_party(actor, consent)
    with transaction.atomic(durable=True):
        # Re-read under a lock: of two withdrawals recorded at once, the second then sees the
        # first and is refused, instead of both passing and the first's reason being lost.
        consent.refresh_from_db(from_queryset=Consent.objects.select_for_update(no_key=True))
        errors: dict[str, str] = {}
        if consent.withdrawn_on is not None:
            errors["withdrawn_on"] = _("This consent was already withdrawn on %(date)s.") % {
                "date": consent.withdrawn_on.isoformat()
            }
        elif withdrawn_on > timezone.localdate():
            errors["withdrawn_on"] = _("A withdrawal cannot be dated in the future.")
        elif withdrawn_on < consent.given_on:
            errors["withdrawn_on"] = _("A consent cannot be withdrawn before it was given.")
        if not reason.strip() and not by_the_person:
            errors["reason"] = _("Give the reason for the withdrawal.")
        elif len(reason) > 1000:
            errors["reason"] = _("Use at most 1000 characters.")
        if errors:
            raise DomainError(errors)
        before = snapshot(consent, CONSENT_AUDITED_FIELDS)
        consent.withdrawn_on = withdrawn_on
        consent.withdrawal_reason = reason.strip()
        consent.withdrawn_recorded_by = actor
        consent.save(update_fields=["withdrawn_on", "withdrawal_reason", "withdrawn_recorded_by"])
        record(
            AuditEvent.CONSENT_WITHDRAWN,
            actor=actor,
            obj=consent,
            participant_id=consent.participant_id,
            changes=diff(before, snapshot(consent, CONSENT_AUDITED_FIELDS), hide_values=False),
        )
        return consent


def _require_consent_party(actor: Actor, consent: Consent) -> None:
    access.require(actor, access.Action.CHANGE_PARTICIPANT, consent.participant)
    party = {consent.given_to_id, consent.organisation_id}
    if not party & access.organisation_ids_for(actor, access.Action.CHANGE_PARTICIPANT):
        access.refuse(
            actor,
            access.Action.CHANGE_PARTICIPANT,
            object_type="people.consent",
            object_id=consent.pk,
            participant_id=consent.participant_id,
        )


def details_of(participant: Participant) -> ParticipantDetails:
    """The editable details of a participant, to fill a form."""
    values = {name: getattr(participant, name) for name in ParticipantDetails.__dataclass_fields__}
    values["identity_number"] = participant.identity_display
    if not participant.is_anonymous:
        # Derived from the identity number, not typed.
        values["birth_year"], values["sex"] = None, ""
    return ParticipantDetails(**values)
