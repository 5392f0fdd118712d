"""A participant's sign-in through an eID broker (BankID, Freja, MitID): the identity number
the eID verified reaches the participant records that carry it, if any of them has an
enrolment; nobody else gets in."""

from __future__ import annotations

from allauth.socialaccount.models import SocialLogin

from lotsa.accounts.identity_providers import IdentityProviderAdapter, Refused, claim
from lotsa.accounts.models import IdentityProvider, User
from lotsa.participant_space import services
from lotsa.people.identity import IdentityNumberError, parse_identity_number
from lotsa.people.models import Participant


class EidSignInAdapter(IdentityProviderAdapter):
    """The identity providers' sign-in, staff's and participants' both (SOCIALACCOUNT_ADAPTER)."""

    def _participant(self, sociallogin: SocialLogin, provider: IdentityProvider) -> User:
        if sociallogin.is_existing and not sociallogin.user.is_participant:
            raise Refused("staff_account")
        try:
            number = parse_identity_number(
                claim(sociallogin, provider.identity_claim), provider.identity_country
            ).number
        except IdentityNumberError:
            raise Refused("identity_number_invalid") from None
        participants = list(
            Participant.objects.filter(
                identity_country=provider.identity_country,
                identity_number=number,
                enrolments__isnull=False,
            )
            .distinct()
            .order_by("pk")
        )
        if not participants:
            raise Refused("no_enrolment")
        return services.sign_in_with_eid(
            provider=provider,
            subject=str(sociallogin.account.uid),
            identity_number=number,
            participants=participants,
        )
