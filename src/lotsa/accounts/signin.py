"""Protection of the sign-in form against guessing, without letting guessers lock people out.

django-axes records each failed sign-in (``AccessAttempt``: one row per username, address and
browser, with a count and the time of the last failure); this module decides from those rows,
by three rules:

1. A username *at one address* is locked after ``LOGIN_FAILURE_LIMIT`` failures there, until
   ``LOGIN_LOCKOUT_MINUTES`` after the last. Someone guessing a colleague's password locks only
   the address they guess from; the owner signs in from anywhere else.
2. A username *everywhere* is locked after ``LOGIN_ACCOUNT_FAILURE_LIMIT`` failures from all
   addresses together within that time: guessing spread over many addresses.
3. An *address* with ``LOGIN_ADDRESS_FAILURE_LIMIT`` failures, with any usernames, within
   ``LOGIN_ADDRESS_WINDOW_MINUTES`` (password spraying) is slowed down: after each further
   failure it waits 1, 2, 4, … seconds, at most ``LOGIN_ADDRESS_MAX_DELAY_SECONDS``. Slowed, not
   locked, because a whole office may sign in from one NAT address; and a successful sign-in
   clears its username's failures from its address, so colleagues' typing errors do not add up.

An attempt refused under a rule checks no password and is not counted, so retrying does not
prolong a lock (``AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT`` is off).
"""

from __future__ import annotations

import datetime
import ipaddress
import math
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, Q, Sum
from django.http import HttpRequest
from django.utils import timezone

from lotsa.accounts.services import record_sign_in_lock
from lotsa.core.net import client_ip

# The longest a delay can double before it is capped anyway (2**30 seconds is 34 years).
MAX_DOUBLINGS = 30


class LockScope(StrEnum):
    ACCOUNT_AT_ADDRESS = "account_at_address"
    ACCOUNT = "account"
    ADDRESS = "address"


@dataclass(frozen=True)
class Refusal:
    """Sign-ins refused under one rule until a moment, after so many failures."""

    scope: LockScope
    failures: int
    until: datetime.datetime

    def seconds_left(self, now: datetime.datetime) -> int:
        return max(1, math.ceil((self.until - now).total_seconds()))

    def details(self, now: datetime.datetime) -> dict[str, Any]:
        return {
            "scope": self.scope.value,
            "failures": self.failures,
            "seconds": self.seconds_left(now),
        }


def address_delay(failures: int) -> datetime.timedelta:
    """The wait after an address's failure number ``failures``: 1 second at the limit, doubling."""
    doublings = min(failures - settings.LOGIN_ADDRESS_FAILURE_LIMIT, MAX_DOUBLINGS)
    return datetime.timedelta(seconds=min(2**doublings, settings.LOGIN_ADDRESS_MAX_DELAY_SECONDS))


def refusal_for(
    username: str | None, address: str | None, *, now: datetime.datetime
) -> Refusal | None:
    """The rule that refuses a sign-in with this username from this address now, if any (the one
    lasting longest when several do)."""
    lockout = datetime.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
    account = Q(username=username, attempt_time__gte=now - lockout)
    at_address = account & Q(ip_address=address)
    from_address = Q(
        ip_address=address,
        attempt_time__gte=now - datetime.timedelta(minutes=settings.LOGIN_ADDRESS_WINDOW_MINUTES),
    )
    counted = AccessAttempt.objects.filter((account | from_address) if address else account)
    seen = counted.aggregate(
        at_address=Sum("failures_since_start", filter=at_address),
        at_address_last=Max("attempt_time", filter=at_address),
        account=Sum("failures_since_start", filter=account),
        account_last=Max("attempt_time", filter=account),
        address=Sum("failures_since_start", filter=from_address),
        address_last=Max("attempt_time", filter=from_address),
    )
    refusals = []
    if (failures := seen["at_address"] or 0) >= settings.LOGIN_FAILURE_LIMIT:
        until = seen["at_address_last"] + lockout
        refusals.append(Refusal(LockScope.ACCOUNT_AT_ADDRESS, failures, until))
    if (failures := seen["account"] or 0) >= settings.LOGIN_ACCOUNT_FAILURE_LIMIT:
        refusals.append(Refusal(LockScope.ACCOUNT, failures, seen["account_last"] + lockout))
    if address and (failures := seen["address"] or 0) >= settings.LOGIN_ADDRESS_FAILURE_LIMIT:
        until = seen["address_last"] + address_delay(failures)
        refusals.append(Refusal(LockScope.ADDRESS, failures, until))
    return max(
        (refusal for refusal in refusals if refusal.until > now),
        key=lambda refusal: refusal.until,
        default=None,
    )


def client_network(request: HttpRequest) -> str | None:
    """The address sign-ins are counted by (AXES_CLIENT_IP_CALLABLE): the client's, and for IPv6
    its /64 network, since one home or office gets a whole /64 and can pick addresses in it."""
    address = client_ip(request)
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return None
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network((ip, 64), strict=False).network_address)
    return str(ip)


class SignInRequest(HttpRequest):
    """A sign-in request as axes hands it to the handler: with the address axes' middleware
    read, and what axes and the handler note on it for the lockout page and the audit trail.
    Only a type: the handler receives Django's own request object."""

    axes_ip_address: str
    axes_locked_out: bool
    axes_credentials: dict[str, Any]
    lotsa_sign_in_refusal: Refusal | None
    lotsa_sign_in_refused: bool


class SignInHandler(AxesDatabaseHandler):
    """Axes records the failures; the rules above decide (AXES_LOCK_OUT_AT_FAILURE is off).

    Sets on the request what the lockout page and the audit trail tell:
    ``lotsa_sign_in_refusal`` (the rule that refuses, or that the failure just brought into
    force) and ``lotsa_sign_in_refused`` (the attempt was refused before its password was checked).
    """

    def is_locked(self, request: SignInRequest, credentials: dict[str, Any] | None = None) -> bool:
        refusal = refusal_for(
            get_client_username(request, credentials), request.axes_ip_address, now=timezone.now()
        )
        request.lotsa_sign_in_refusal = refusal
        request.lotsa_sign_in_refused = refusal is not None
        return refusal is not None

    def user_login_failed(
        self,
        sender: Any,
        credentials: dict[str, Any],
        request: SignInRequest | None = None,
        **kwargs: Any,
    ) -> None:
        if request is None or getattr(request, "lotsa_sign_in_refused", False):
            # Refused before the password was checked: axes counts nothing.
            super().user_login_failed(sender, credentials, request, **kwargs)
            return
        username = get_client_username(request, credentials)
        now = timezone.now()
        # Failures of the username older than the lockout no longer count towards rules 1 and 2,
        # but axes keeps adding to a row as long as it is kept (for rule 3's longer window).
        AccessAttempt.objects.filter(
            username=username,
            attempt_time__lt=now - datetime.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES),
        ).delete()
        super().user_login_failed(sender, credentials, request, **kwargs)
        # A new row's time is when it is saved, a little after the request's axes_attempt_time.
        now = timezone.now()
        refusal = refusal_for(username, request.axes_ip_address, now=now)
        if refusal is not None:
            # The failure that brings a rule into force is answered by the lockout page already.
            request.axes_locked_out = True
            request.axes_credentials = credentials
            request.lotsa_sign_in_refusal = refusal
            record_sign_in_lock(username=username, refusal=refusal, now=now)
