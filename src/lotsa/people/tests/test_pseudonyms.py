"""Pseudonyms: long enough never to collide at national scale, keyed by a key of their own, and
linkable only under the installation's key or a linking study's."""

from __future__ import annotations

import re
from typing import Any

from lotsa.people import pseudonyms

SHAPE = re.compile(r"[PE]-[A-Z2-7]{20}")


def test_a_pseudonym_carries_100_bits_in_20_base32_characters() -> None:
    assert pseudonyms.BITS == 100 and pseudonyms.BITS >= 80
    code = pseudonyms.pseudonym(42)
    assert SHAPE.fullmatch(code) and code.startswith("P-")
    assert len(code) - 2 == pseudonyms.BITS // 5
    assert pseudonyms.pseudonym(42, "enrolment").startswith("E-")
    assert pseudonyms.pseudonym(42, "enrolment")[2:] != code[2:]


def test_codes_do_not_collide_over_many_ids() -> None:
    codes = {pseudonyms.pseudonym(n) for n in range(20_000)}
    assert len(codes) == 20_000


def test_rotating_the_secret_key_leaves_pseudonyms_as_they_were(settings: Any) -> None:
    before = pseudonyms.pseudonym(7)
    settings.SECRET_KEY = "a-new-signing-key-after-rotation-" + "x" * 30
    assert pseudonyms.pseudonym(7) == before
    settings.PSEUDONYM_KEY = "another-pseudonym-key-" + "y" * 30
    assert pseudonyms.pseudonym(7) != before


def test_a_fresh_key_is_consistent_within_and_different_across_uses() -> None:
    first, second = pseudonyms.Pseudonymiser.fresh(), pseudonyms.Pseudonymiser.fresh()
    assert first(7) == first(7) and SHAPE.fullmatch(first(7))
    assert first(7) != second(7)
    assert pseudonyms.pseudonym(7) not in (first(7), second(7))


def test_each_linking_study_has_stable_pseudonyms_of_its_own() -> None:
    one = pseudonyms.Pseudonymiser.for_study("ips-uppfoljning")
    again = pseudonyms.Pseudonymiser.for_study("ips-uppfoljning")
    other = pseudonyms.Pseudonymiser.for_study("amia-utvardering")
    assert one(7) == again(7)
    assert one(7) != other(7)
    assert one(7) != pseudonyms.pseudonym(7)
