"""Reads for the sign-in and administration pages of accounts."""

from __future__ import annotations

from django.db.models import QuerySet

from lotsa.accounts.models import IdentityProvider, ProviderAudience


def offered_providers(audience: ProviderAudience) -> QuerySet[IdentityProvider]:
    """The providers the sign-in page offers to one audience, with their organisation."""
    return (
        IdentityProvider.objects.filter(is_active=True, audience=audience)
        .select_related("app", "organisation")
        .order_by("organisation__name", "app__name")
    )


def identity_providers() -> QuerySet[IdentityProvider]:
    return IdentityProvider.objects.select_related("app", "organisation").order_by(
        "organisation__name", "app__name"
    )


def staff_providers() -> list[IdentityProvider]:
    return list(identity_providers().filter(audience=ProviderAudience.STAFF))
