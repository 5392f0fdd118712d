"""The test provider's documented hooks: readable subjects, the eID broker's identity-number
claim, and the users whose ID tokens are wrong on purpose."""

from __future__ import annotations

import json
import os
import time
from typing import Any

# The ID tokens of these users are minted for another client, or already expired.
WRONG_AUDIENCE = "wrong-audience"
EXPIRED = "expired"
# The claim an eID broker carries the verified identity number in.
IDENTITY_NUMBER_CLAIM = "personal_identity_number"


def identity_numbers() -> dict[str, str]:
    return dict(json.loads(os.environ.get("OIDC_TEST_PROVIDER_IDENTITY_NUMBERS", "{}")))


def subject(user: Any) -> str:
    return str(user.username)


def id_token(id_token: dict[str, Any], user: Any, **kwargs: Any) -> dict[str, Any]:
    number = identity_numbers().get(user.username)
    if number:
        id_token[IDENTITY_NUMBER_CLAIM] = number
    if user.username == WRONG_AUDIENCE:
        id_token["aud"] = "another-client"
    elif user.username == EXPIRED:
        now = int(time.time())
        id_token["iat"], id_token["exp"] = now - 7200, now - 3600
    return id_token


def userinfo(claims: dict[str, Any], user: Any) -> dict[str, Any]:
    """Standard claims filled in (the provider's default leaves them empty)."""
    claims.update(
        preferred_username=user.username,
        given_name=user.first_name,
        family_name=user.last_name,
        name=user.get_full_name(),
        email=user.email,
        email_verified=True,
    )
    return claims
