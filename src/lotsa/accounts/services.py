"""Staff accounts, API tokens and the audit of sign-ins."""

from __future__ import annotations

import datetime
import hashlib
import secrets
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.hashers import identify_hasher
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from lotsa import access
from lotsa.accounts.models import (
    ApiToken,
    IdentityProvider,
    ProviderAudience,
    SignInIdentity,
    User,
)
from lotsa.accounts.types import Actor
from lotsa.audit.models import AuditEvent
from lotsa.audit.services import diff, record, snapshot
from lotsa.errors import DomainError, validate_model

if TYPE_CHECKING:
    from lotsa.accounts.signin import Refusal
    from lotsa.organisations.models import Organisation

USER_FIELDS = (
    "username",
    "first_name",
    "last_name",
    "email",
    "title",
    "phone",
    "sex",
    "is_active",
)
TOKEN_PREFIX_LENGTH = 8


def save_staff(
    *,
    actor: Actor,
    staff: User | None,
    username: str,
    first_name: str,
    last_name: str,
    email: str,
    title: str = "",
    phone: str = "",
    sex: str = "",
    is_active: bool = True,
    password: str = "",
    password_hash: str = "",
) -> User:
    """Create a staff account (with an initial password) or change one.

    ``password_hash`` is a password hashed already by the configured hasher, for accounts that
    share one (the demo's logins): hashing it once instead of for every account."""
    access.require(actor, access.Action.ADMINISTER)
    with transaction.atomic(durable=True):
        staff = staff or User()
        is_new = staff.pk is None
        before = snapshot(staff, USER_FIELDS) if not is_new else {}
        if User.objects.filter(username__iexact=username.strip()).exclude(pk=staff.pk).exists():
            raise DomainError({"username": _("This username is taken.")})
        if not first_name.strip():
            raise DomainError({"first_name": _("Enter the first name.")})
        if not last_name.strip():
            raise DomainError({"last_name": _("Enter the last name.")})
        if staff.pk == getattr(actor, "pk", None) and not is_active:
            raise DomainError({"is_active": _("You cannot deactivate your own account.")})
        staff.username, staff.first_name, staff.last_name = (
            username.strip(),
            first_name.strip(),
            last_name.strip(),
        )
        staff.email, staff.title, staff.phone, staff.sex, staff.is_active = (
            email.strip(),
            title,
            phone,
            sex,
            is_active,
        )
        if password_hash:
            identify_hasher(password_hash)  # refuses anything that is not a hash
            staff.password = password_hash
        elif is_new or password:
            _validate_password(password, staff)
            staff.set_password(password)
        validate_model(staff, exclude=["password"])
        staff.save()
        changes = diff(before, snapshot(staff, USER_FIELDS), hide_values=False)
        if is_new or changes:
            record(
                AuditEvent.USER_CREATED if is_new else AuditEvent.USER_UPDATED,
                actor=actor,
                obj=staff,
                changes=changes,
            )
        if (password or password_hash) and not is_new:
            _password_changed(actor=actor, user=staff)
        return staff


@transaction.atomic(durable=True)
def change_password(*, actor: Actor | None, user: User, password: str) -> User:
    """A new password for a staff member: their own change, or a reset from the command line
    (``actor`` None). Administrators set passwords through ``save_staff``."""
    if actor is not None and actor.pk != user.pk:
        access.require(actor, access.Action.ADMINISTER)
    _validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    _password_changed(actor=actor, user=user)
    return user


def _validate_password(password: str, user: User) -> None:
    """The configured password rules, the new one differing from the current one included."""
    try:
        password_validation.validate_password(password, user)
    except ValidationError as error:
        raise DomainError({"password": list(error.messages)}) from None


def _password_changed(*, actor: Actor | None, user: User) -> None:
    """A new password ends what the old one gave access to. Sessions elsewhere end by themselves
    (they carry a hash of the old password); API tokens are revoked, as whoever knew the old
    password may have made one."""
    tokens = list(ApiToken.objects.filter(user=user, revoked_at__isnull=True).order_by("pk"))
    record(
        AuditEvent.PASSWORD_CHANGED,
        actor=actor,
        obj=user,
        changes={"api_tokens_revoked": len(tokens)},
    )
    for token in tokens:
        _revoke(actor=actor, token=token, reason="password_changed")


def _hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


@transaction.atomic(durable=True)
def create_api_token(*, actor: Actor, name: str) -> tuple[ApiToken, str]:
    """A new token for the actor's own use. The plain key is returned once and never stored."""
    if not name.strip():
        raise DomainError({"name": _("Name the token, e.g. after the system that uses it.")})
    key = secrets.token_urlsafe(32)
    token = ApiToken(
        user=actor,
        name=name.strip(),
        prefix=key[:TOKEN_PREFIX_LENGTH],
        key_hash=_hash_key(key),
        expires_at=timezone.now() + datetime.timedelta(days=settings.API_TOKEN_DAYS),
    )
    validate_model(token, exclude=["user"])
    token.save()
    record(AuditEvent.API_TOKEN_CREATED, actor=actor, obj=token, changes={"name": token.name})
    return token, key


@transaction.atomic(durable=True)
def revoke_api_token(*, actor: Actor, token: ApiToken) -> ApiToken:
    if token.revoked_at is None:
        _revoke(actor=actor, token=token)
    return token


def _revoke(*, actor: Actor | None, token: ApiToken, reason: str = "") -> None:
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    changes = {"name": token.name} | ({"reason": reason} if reason else {})
    record(AuditEvent.API_TOKEN_REVOKED, actor=actor, obj=token, changes=changes)


def user_for_api_key(key: str) -> User | None:
    """The active user a bearer key belongs to, if the token is valid now."""
    now = timezone.now()
    token = (
        ApiToken.objects.select_related("user")
        .filter(
            key_hash=_hash_key(key),
            revoked_at__isnull=True,
            expires_at__gt=now,
            user__is_active=True,
        )
        .first()
    )
    if token is None:
        return None
    # One write per hour at most: knowing roughly when a token was last used is enough.
    if token.last_used_at is None or now - token.last_used_at > datetime.timedelta(hours=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def record_login(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    record(AuditEvent.LOGIN_SUCCEEDED, actor=user, obj=user)


def record_login_failure(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    """A failed sign-in, or one refused under a sign-in limit (``lotsa.accounts.signin``)
    without its password being checked."""
    # The attempted username is kept (truncated) so that guessing shows in the log review;
    # the password never is.
    username = str(credentials.get("username", ""))[:40]
    refusal = getattr(request, "lotsa_sign_in_refusal", None)
    if refusal is not None and getattr(request, "lotsa_sign_in_refused", False):
        record(
            AuditEvent.LOGIN_REFUSED,
            actor=None,
            object_type="accounts.user",
            object_id=username,
            changes=refusal.details(timezone.now()),
        )
    else:
        record(AuditEvent.LOGIN_FAILED, actor=None, object_type="accounts.user", object_id=username)


def record_sign_in_lock(*, username: str | None, refusal: Refusal, now: datetime.datetime) -> None:
    """A failed sign-in brought a sign-in limit into force: a username locked at an address or
    everywhere, or an address made to wait."""
    record(
        AuditEvent.LOGIN_LOCKED,
        actor=None,
        object_type="accounts.user",
        object_id=str(username or "")[:40],
        changes=refusal.details(now),
    )


def save_reminder_choice(*, actor: User, wants_email: bool) -> None:
    """Whether the staff member gets the morning e-mail of their due and overdue deadlines: each
    person chooses for themselves."""
    if actor.daily_reminder_email == wants_email:
        return
    with transaction.atomic(durable=True):
        actor.daily_reminder_email = wants_email
        actor.save(update_fields=["daily_reminder_email"])
        record(
            AuditEvent.USER_UPDATED,
            actor=actor,
            obj=actor,
            changes={"daily_reminder_email": [not wants_email, wants_email]},
        )


def save_language(*, user: User, language: str) -> None:
    """The interface language a staff member chose (not personal data of participants)."""
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])


# ------------------------------------------------------------------ identity providers

OPENID_CONNECT = "openid_connect"
DEFAULT_STAFF_CLAIM = "sub"
# Plain http reaches only a provider on this machine (a test provider); anything else is https.
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
PROVIDER_FIELDS = (
    "organisation_id",
    "audience",
    "staff_claim",
    "identity_claim",
    "identity_country",
    "is_active",
)
APP_FIELDS = ("name", "client_id", "settings")


def save_identity_provider(
    *,
    actor: Actor,
    provider: IdentityProvider | None,
    organisation: Organisation,
    name: str,
    server_url: str,
    client_id: str,
    client_secret: str,
    audience: str,
    staff_claim: str = "",
    identity_claim: str = "",
    identity_country: str = "",
    is_active: bool = True,
) -> IdentityProvider:
    """Add or change an organisation's identity provider. The client secret is written, never
    shown or logged; left empty it stays as it was."""
    from allauth.socialaccount.models import SocialApp

    access.require(actor, access.Action.ADMINISTER)
    errors: dict[str, str] = {}
    address = urlsplit(server_url.strip())
    if address.scheme != "https" and not (
        address.scheme == "http" and address.hostname in LOOPBACK_HOSTS
    ):
        errors["server_url"] = _("Enter the provider's address, beginning with https://.")
    if not name.strip():
        errors["name"] = _("Enter the name shown on the sign-in button.")
    if not client_id.strip():
        errors["client_id"] = _("Enter the client id the provider gave Lotsa.")
    if provider is None and not client_secret:
        errors["client_secret"] = _("Enter the client secret the provider gave Lotsa.")
    if audience == ProviderAudience.PARTICIPANTS:
        if not identity_claim.strip():
            errors["identity_claim"] = _("Enter the claim that carries the identity number.")
        if not identity_country:
            errors["identity_country"] = _("Choose the country of the identity numbers.")
    if errors:
        raise DomainError(errors)
    with transaction.atomic(durable=True):
        is_new = provider is None
        app = provider.app if provider else SocialApp(provider=OPENID_CONNECT)
        provider = provider or IdentityProvider()
        before = {**_app_snapshot(app), **snapshot(provider, PROVIDER_FIELDS)} if not is_new else {}
        if is_new:
            app.provider_id = _free_provider_id(organisation, name)
        app.name, app.client_id = name.strip(), client_id.strip()
        app.settings = {"server_url": server_url.strip(), "oauth_pkce_enabled": True}
        if client_secret:
            app.secret = client_secret
        app.save()
        provider.app = app
        provider.organisation = organisation
        provider.audience = audience
        for_participants = audience == ProviderAudience.PARTICIPANTS
        provider.staff_claim = (
            "" if for_participants else staff_claim.strip() or DEFAULT_STAFF_CLAIM
        )
        provider.identity_claim = identity_claim.strip() if for_participants else ""
        provider.identity_country = identity_country if for_participants else ""
        provider.is_active = is_active
        validate_model(provider, exclude=["app"])
        provider.save()
        changes = diff(
            before,
            {**_app_snapshot(app), **snapshot(provider, PROVIDER_FIELDS)},
            hide_values=False,
        )
        if client_secret:
            changes["client_secret_changed"] = True
        if is_new or changes:
            record(AuditEvent.IDENTITY_PROVIDER_SAVED, actor=actor, obj=provider, changes=changes)
        return provider


def _app_snapshot(app: Any) -> dict[str, Any]:
    return {field: getattr(app, field) for field in APP_FIELDS}


def _free_provider_id(organisation: Organisation, name: str) -> str:
    """The name in the provider's callback address: readable, as administrators register it at
    the provider, and never reused."""
    from allauth.socialaccount.models import SocialApp

    base = slugify(f"{organisation.name} {name}")[:40].strip("-") or "provider"
    taken = set(
        SocialApp.objects.filter(provider_id__startswith=base).values_list("provider_id", flat=True)
    )
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def save_sign_in_identity(
    *, actor: Actor, staff: User, provider: IdentityProvider, value: str
) -> SignInIdentity | None:
    """Record who a staff member is at a staff identity provider, or (empty) forget it; a
    forgotten identity also ends the link the provider's sign-ins made to the account."""
    from allauth.socialaccount.models import SocialAccount

    access.require(actor, access.Action.ADMINISTER)
    if provider.for_participants or staff.is_participant:
        raise DomainError(_("Participants sign in with their eID, not a staff login."))
    value = value.strip()
    current = SignInIdentity.objects.filter(provider=provider, user=staff).first()
    if (current.value if current else "") == value:
        return current
    field = f"identity_{provider.pk}"
    if (
        value
        and SignInIdentity.objects.filter(provider=provider, value=value)
        .exclude(user=staff)
        .exists()
    ):
        raise DomainError({field: _("Another staff member has this sign-in identity.")})
    with transaction.atomic(durable=True):
        old = current.value if current else ""
        if current is not None:
            # The provider's subject stood for the old identity; the new one links afresh.
            SocialAccount.objects.filter(provider=provider.provider_id, user=staff).delete()
        if not value:
            if current is not None:
                current.delete()
            identity = None
        else:
            identity = current or SignInIdentity(provider=provider, user=staff)
            identity.value = value
            identity.save()
        record(
            AuditEvent.SIGN_IN_IDENTITY_SAVED,
            actor=actor,
            obj=staff,
            changes={"provider": provider.pk, "value": [old, value]},
        )
        return identity


def link_staff_sign_in(*, user: User, provider: IdentityProvider, subject: str) -> None:
    """The first sign-in of a staff member through a provider: the provider's subject is linked
    to the account whose recorded sign-in identity it presented, so that later sign-ins find it."""
    from allauth.socialaccount.models import SocialAccount

    with transaction.atomic(durable=True):
        SocialAccount.objects.create(user=user, provider=provider.provider_id, uid=subject)
        record(
            AuditEvent.SIGN_IN_IDENTITY_SAVED,
            actor=user,
            obj=user,
            changes={"provider": provider.pk, "linked": True},
        )


def refuse_provider_sign_in(*, provider_id: str, reason: str, detail: str = "") -> None:
    """A sign-in through an identity provider that Lotsa refuses, with the reason's code and,
    for a failed check of the provider's answer, which check (never the identity number or the
    subject)."""
    changes = {"reason": reason} | ({"detail": detail[:80]} if detail else {})
    record(
        AuditEvent.LOGIN_PROVIDER_REFUSED,
        actor=None,
        object_type="accounts.identityprovider",
        object_id=provider_id[:40],
        changes=changes,
    )


def record_password_not_allowed(*, person: User) -> None:
    """A correct password of someone whose role may not sign in with one: refused, and noted
    (with no actor, since nobody signed in)."""
    record(
        AuditEvent.LOGIN_PASSWORD_NOT_ALLOWED,
        actor=None,
        object_type="accounts.user",
        object_id=str(person.pk),
    )


# Second factors: allauth adds and removes them, and sends a signal for each; these receivers
# write the audit entries, naming the kind of factor (never its secret).
def _second_factor_entry(event: AuditEvent, user: User, authenticator: Any) -> None:
    record(event, actor=user, obj=authenticator, changes={"type": str(authenticator.type)})


def record_second_factor_added(
    sender: Any, request: HttpRequest | None, user: User, authenticator: Any, **kwargs: Any
) -> None:
    _second_factor_entry(AuditEvent.SECOND_FACTOR_ADDED, user, authenticator)


def record_second_factor_removed(
    sender: Any, request: HttpRequest | None, user: User, authenticator: Any, **kwargs: Any
) -> None:
    _second_factor_entry(AuditEvent.SECOND_FACTOR_REMOVED, user, authenticator)


def record_recovery_codes_generated(
    sender: Any, request: HttpRequest | None, user: User, authenticator: Any, **kwargs: Any
) -> None:
    _second_factor_entry(AuditEvent.RECOVERY_CODES_GENERATED, user, authenticator)
