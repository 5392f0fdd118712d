"""The signed-in staff member, as the API sees them."""

from __future__ import annotations

import datetime

from django.utils import timezone
from ninja import Router, Schema

from lotsa.accounts.types import AuthenticatedHttpRequest
from lotsa.organisations.models import Membership

router = Router(tags=["staff"])


class MembershipOut(Schema):
    unit_id: int
    unit: str
    organisation: str
    employer: str
    role: str
    fte: str
    starts_on: datetime.date
    ends_on: datetime.date | None


class MeOut(Schema):
    id: int
    username: str
    first_name: str
    last_name: str
    memberships: list[MembershipOut]


@router.get("", response=MeOut, summary="The token's user and their current memberships")
def me(request: AuthenticatedHttpRequest) -> MeOut:
    memberships = (
        Membership.objects.active_on(timezone.localdate())
        .filter(user=request.user)
        .select_related("unit__organisation", "employer")
    )
    user = request.user
    return MeOut(
        id=user.pk,
        username=user.get_username(),
        first_name=user.first_name,
        last_name=user.last_name,
        memberships=[
            MembershipOut(
                unit_id=m.unit_id,
                unit=m.unit.name,
                organisation=m.unit.organisation.name,
                employer=m.employer.name,
                role=m.role,
                fte=str(m.fte),
                starts_on=m.starts_on,
                ends_on=m.ends_on,
            )
            for m in memberships
        ],
    )
