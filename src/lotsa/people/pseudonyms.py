"""Pseudonyms: codes that stand for a participant or an enrolment where the reader may not see
who it is.

A pseudonym is the HMAC-SHA-256 of the kind and the id under a key, cut to its first 100 bits
and written as 20 base32 characters (A–Z, 2–7) after the kind's letter: ``P-…`` for a
participant, ``E-…`` for an enrolment. 100 bits make a collision negligible at any national
scale: among 100 million codes under one key the chance that any two are equal is about
4 × 10⁻¹⁵ (n² / 2^101).

The key decides who can link what:

* ``pseudonym()`` uses the installation's pseudonym key (``LOTSA_PSEUDONYM_KEY``), a secret of
  its own: rotating ``SECRET_KEY`` (sessions, tokens) leaves pseudonyms as they were. Its codes
  are the same in every export, so it is used only where linking is wanted and allowed: the
  export of staff who may see the people anyway.
* ``Pseudonymiser.fresh()`` draws a random key that is used once and never stored: one export
  or one list, whose codes cannot be linked with any other's.
* ``Pseudonymiser.for_study(code)`` derives a study's key from the installation's pseudonym key
  and the study's code: the codes stay the same across a registered linking study's exports,
  differ from every other study's, and cannot be computed from the database alone.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass, field

from django.conf import settings

BITS = 100
LENGTH = BITS // 5  # base32 carries 5 bits a character


@dataclass(frozen=True)
class Pseudonymiser:
    """Pseudonyms under one key."""

    key: bytes = field(repr=False)

    @classmethod
    def installation(cls) -> Pseudonymiser:
        return cls(settings.PSEUDONYM_KEY.encode())

    @classmethod
    def fresh(cls) -> Pseudonymiser:
        return cls(secrets.token_bytes(32))

    @classmethod
    def for_study(cls, code: str) -> Pseudonymiser:
        master = settings.PSEUDONYM_KEY.encode()
        return cls(hmac.new(master, f"linking study:{code}".encode(), hashlib.sha256).digest())

    def __call__(self, object_id: int, kind: str = "participant") -> str:
        digest = hmac.new(self.key, f"{kind}:{object_id}".encode(), hashlib.sha256).digest()
        # 13 bytes are 104 bits, 21 base32 characters; the first 20 hold exactly 100 bits.
        return f"{kind[0].upper()}-{base64.b32encode(digest[:13]).decode()[:LENGTH]}"


def pseudonym(object_id: int, kind: str = "participant") -> str:
    """The installation-wide pseudonym of a participant (or an enrolment, with ``kind``)."""
    return Pseudonymiser.installation()(object_id, kind)
